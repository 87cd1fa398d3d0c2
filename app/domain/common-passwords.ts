// The passwords people choose most often, recalled (not downloaded) from the well-known public
// lists of breached passwords: the NCSC's analysis of the 100,000 most common in Have I Been Pwned
// and the SecLists top lists from RockYou and other breaches, plus the first names, football clubs
// and places that recur in UK breaches, this region's towns and teams among them. Attackers try
// exactly these first, so they are refused however long they are. Lower case, separated by
// spaces; the policy compares case-insensitively and also catches these with digits or symbols
// added or letters swapped for look-alikes (password-policy.ts).
const LIST = String.raw`
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123 football
monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321 pussy superman
1qaz2wsx 7777777 fuckyou 121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter
buster soccer harley batman andrew tigger sunshine iloveyou fuckme 2000 charlie robert thomas hockey ranger
daniel starwars klaster 112233 george asshole computer michelle jessica pepper 1111 zxcvbn 555555 11111111
131313 freedom 777777 pass fuck maggie 159753 aaaaaa ginger princess joshua cheese amanda summer love
ashley 6969 nicole chelsea biteme matthew access yankees 987654321 dallas austin thunder taylor matrix
william corvette hello martin heather secret fucker merlin diamond 1234qwer gfhjkm hammer silver 222222
88888888 anthony justin test bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard
samantha bigdog guitar jackson whatever mickey chicken sparky snoopy maverick phoenix camaro sexy peanut
morgan welcome falcon cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota arsenal eagles
melissa boomer booboo spider nascar monster tigers yellow xxxxxx 123123123 gateway marina diablo bulldog
qwer1234 compaq purple hardcore banana junior hannah 123654 porsche lakers iceman money cowboys 987654
london tennis 999999 ncc1701 coffee scooby 0000 miller boston q1w2e3r4 fuckoff brandon yamaha chester
mother forever johnny edward 333333 oliver redsox player nikita knight fender barney midnight please
brandy chicago badboy iwantu slayer rangers charles angel flower bigdaddy rabbit wizard bigdick jasper
enter rachel chris steven winner adidas victoria natasha 1q2w3e4r jasmine winter prince panties marine
ghbdtn fishing cocacola casper james 232323 raiders 888888 marlboro gandalf asdfasdf crystal 87654321
12344321 sexsex golden blowme bigtits 8675309 panther lauren angela bitch spanky thx1138 angels madison
winston shannon mike toyota blowjob jordan23 canada sophie apples dick tiger razz 123abc pokemon qazxsw
55555 qwaszx muffin johnson murphy cooper jonathan liverpoo david danielle 159357 jackie 1990 123456a
789456 turtle horny abcd1234 scorpion qazwsxedc 101010 butter carlos password1 dennis slipknot qwerty123
booger asdf 1991 black startrek 12341234 cameron newyork rainbow nathan john 1992 rocket viking redskins
butthead asdfghjkl 1212 sierra peaches gemini doctor wilson sandra helpme qwertyui victor florida dolphin
pookie captain tucker blue liverpool theman bandit dolphins maddog packers jaguar lovers nicholas united
tiffany maxwell zzzzzz nirvana jeremy suckit stupid porn monica elephant giants jackass hotdog rosebud
success debbie mountain 444444 xxxxxxxx warrior 1q2w3e4r5t q1w2e3 123456q albert metallic lucky azerty
7777 shithead alex bond007 alexis 1111111 samson 5150 willie scorpio bonnie gators benjamin voodoo
driver dexter 2112 jason calvin freddy 212121 creative 12345a sydney rush2112 1989 asdfghjk red123
bubba 4815162342 passw0rd trouble gunner happy fucking gordon legend jessie stella qwert eminem arthur
apple nissan bullshit bear america 1qazxsw2 nothing parker 4444 rebecca qweqwe garfield 01012011 beavis
69696969 jack asdasd december 2222 102030 252525 11223344 magic apollo skippy 315475 girls kitten golf
copper braves shelby godzilla beaver fred tomcat august buddy airborne 1993 1988 lifehack qqqqqq brooklyn
animal platinum phantom online xavier darkness blink182 power fish green 789456123 voyager police travis
12qwaszx heaven snowball lover abcdef 00000 pakistan 007007 walter playboy blazer cricket sniper hooters
donkey willow loveme saturn therock redwings bigboy pumpkin trinity williams tits nintendo digital destiny
topgun runner marvin guinness chance bubbles testing fire november minecraft asdf1234 lasvegas sergey
broncos cartman private celtic birdie little cassie babygirl donald beatles 1313 dickhead family 12121212
school louise gabriel eclipse fluffy 147258369 lol123 explorer beer nelson flyers spencer scott lovely
gibson doggie cherry andrey snickers buffalo pantera metallica member carter qwertyu peter alexande steve
bronco paradise goober 5555 samuel montana mexico dreams michigan cock carolina yankee friends magnum
surfer poopoo maximus genius cool vampire lacrosse asd123 aaaa christin kimberly speedy sharon carmen
111222 kristina sammy racing ou812 sabrina horses 0987654321 qwerty1 pimpin baby stalker enigma 147147
star poohbear boobies 147258 simple bollocks 12345q marcus brian 1987 qweasdzxc drowssap hahaha caroline
barbara dave viper drummer action einstein bitches genesis hello1 scotty friend forest 010203 hotrod
google vanessa spitfire badger maryjane friday alaska 1232323q tester jester jake champion floyd cheryl
123456789a 1234567891 12345678910 123456789q 1234567899 123123123123 111222333 112233445566 123654789
1472583690 147852369 159951 1598753 1a2b3c4d 1q2w3e 1q2w3e4r5t6y 1qaz2wsx3edc 1qazxsw23edc 1qaz@wsx
2wsx3edc 3edc4rfv 4rfv5tgb zaq12wsx zaq1zaq1 zaq1xsw2 zaq1xsw2cde3 !qaz2wsx !qaz1qaz qwe123 qwe123qwe
qweasd qweasd123 qweasdzxc123 qwerty12 qwerty1234 qwerty12345 qwerty123456 qwertz qwertz123 qwertzuiop
azertyuiop azerty123 asdfg asdfgh1 asdfghj asdfghjkl1 asdzxc zxcasdqwe zxcvb zxcvbnm1 zxcvbnm123 zxc123
zxczxc asdqwe123 123asd 123qweasd 123qweasdzxc 1qw23e 1234qwerty 1234abcd 12345abc 12345qwert 12345qwerty
abc1234 abc12345 abc123456 abcd123 abcde abcdefg abcdefgh abcdefghi abcdefghij abcdefghijk abcdefghijkl
a123456 a1234567 a12345678 a123456789 aa123456 aaa111 aaaaa aaaaaaa aaaaaaaa aaaaaaaaaa a1b2c3 a1b2c3d4
a1s2d3f4 q1q1q1 q1w2e3r4t5y6 qazwsx123 qazwsxedcrfv qwaszx12 qwerasdf qwertyuiop123 qwertyuiopasdfghjkl
qwertyuiopasdfghjklzxcvbnm 1234554321 123454321 12345654321 1234512345 123456654321 123412341234 121212121212
123321123 0123456789 01234567890 9876543210 98765432 987654321a 7654321 654321a 54321 4321 321321 456789
456123 741852963 963852741 789789 147369 159357456 258456 369369 852456 000000000 0000000000 00000000
1111111111 111111111 11112222 12121 123 1234561 12345671 123456781 22222222 2222222 33333333 5555555
55555555 6666666 66666666 777777777 77777777 8888888 88888 999999999 99999999 9999999 11111111111
696969696969 101010101 1010101010 010101 020202 030303 112211 121314 131415 123123a 123abc123 123aaa
123mudar 123password 123456abc 123456asd 123456qwe 123456qwerty 123qwe123 1234567q 1234567a 12345678a
12345678q 123456789z 123456z 654321q password12 password123 password1234 password12345 password123456
password2 password01 password! password1! password123! passwords passwort passwort1 passw0rd1 p@ssw0rd
p@ssword p@55w0rd pa55word pa55w0rd pass123 pass1234 pass12345 passpass password99 mypassword mypass
yourpassword thepassword newpassword nopassword secretpassword mypassword1 password00 password0 password7
password8 password9 password3 password4 password5 password6 admin admin1 admin12 admin123 admin1234
admin12345 administrator administrador root root123 toor changeme changeme1 changeme123 default guest
guest123 user user123 test1 test12 test123 test1234 test12345 testtest demo demo123 login login123
welcome1 welcome123 welcome1234 welcome2 letmein1 letmein123 letmein2 iloveyou1 iloveyou2 iloveyou123
iloveu iloveu2 ilovehim iloveher ilovegod ilovemymom ilovemom ilovemyself imissyou trustme secret1
secret123 master1 master123 qwertyqwerty asdfasdfasdf passwordpassword letmeinletmein abcabc abcabcabc
12qw12qw 1q1q1q1q michael1 jennifer1 jordan1 jordan12 michelle1 jessica1 ashley1 daniel1 charlie1
charlie123 thomas1 robert1 william1 matthew1 andrew1 joshua1 anthony1 justin1 nicole1 amanda1 hannah1
samantha1 sophie1 liverpool1 chelsea1 arsenal1 monkey1 monkey12 monkey123 dragon1 dragon12 dragon123
shadow1 shadow123 master12 sunshine1 sunshine123 princess1 princess123 football1 football12 football123
baseball1 baseball123 soccer1 soccer12 soccer123 hockey1 hunter1 hunter12 hunter123 tigger1 tigger123
superman1 superman123 batman1 batman123 starwars1 freedom1 whatever1 summer1 summer12 summer123 winter1
spring1 autumn1 flower1 lovely1 angel1 angel123 babygirl1 baby123 iloveyou! love123 lover1 loveme1
qwerty12345678 computer1 internet1 pokemon1 pokemon123 cookie1 chocolate chocolate1 pepper1 ginger1
buster1 maggie1 bailey1 tucker1 daisy daisy1 molly molly1 bella bella1 lucky1 rocky rocky1 max123 toby
toby1 sammy1 oscar oscar1 harvey harvey1 alfie alfie1 poppy poppy1 millie millie1 ruby ruby1 rosie rosie1
lily lily1 chloe chloe1 jack1 jack123 harry harry1 harry123 george1 charlotte charlotte1 emily emily1
olivia olivia1 jacob jacob1 ethan ethan1 joseph1 benjamin1 samuel1 james1 james123 david1 david123 john1
john123 peter1 paul paul1 mark mark1 steven1 stephen kevin kevin1 brian1 jason1 jeremy1 ryan ryan1 eric
eric1 adam adam1 richard1 simon simon1 ben ben123 luke luke1 sam sam123 tom tom123 alex1 alex123 chris1
chris123 matt matt1 mike1 mike123 nick nick1 dan dan123 sarah sarah1 laura laura1 emma emma1 lucy lucy1
jade jade1 amy amy123 kate kate1 rachel1 rebecca1 claire claire1 natalie natalie1 stephanie stephanie1
elizabeth elizabeth1 katie katie1 helen helen1 susan susan1 karen karen1 linda linda1 lisa lisa1 mary
mary1 patricia patricia1 margaret jennifer12 jessica12 ashley12 mustang1 corvette1 ferrari1 porsche1 bmw
bmw123 mercedes1 toyota1 honda honda1 nissan1 ford ford1 audi audi1 volvo yamaha1 harley1 ducati suzuki
kawasaki liverpoolfc liverpool123 chelseafc chelsea123 arsenalfc arsenal123 manutd manunited manchester
manchester1 manchesterunited mufc mcfc mancity everton everton1 tottenham spurs spurs1 thfc newcastle
newcastle1 nufc leeds leedsunited lufc westham westham1 whufc villa astonvilla avfc birmingham bcfc blues
wolves wolves1 wwfc westbrom wba baggies coventry coventrycity ccfc celtic1 celticfc rangers1 rangersfc
hibs hearts aberdeen sunderland safc middlesbrough boro leicester lcfc nottingham forest1 derby derbycounty
stoke stokecity southampton saints portsmouth pompey brighton fulham palace crystalpalace norwich ipswich
bristol cardiff swansea wrexham sheffield sheffieldwednesday sheffieldunited blackburn bolton burnley
wigan watford millwall charlton reading barnsley hull huddersfield bradford blackpool preston plymouth
exeter oxford cambridge luton peterborough walsall brentford qpr barcelona barca realmadrid juventus
milan acmilan inter bayern dortmund ajax benfica porto messi ronaldo cristiano ronaldo7 cr7 neymar rooney
beckham gerrard lampard henry zidane maradona pele football7 england england1 england66 scotland wales
wales1 ireland britain greatbritain unitedkingdom london1 london123 london2012 manchester123 birmingham1
coventry1 wolverhampton dudley solihull sandwell walsall1 westmidlands westbromwich telford worcester
shrewsbury stafford lichfield tamworth redditch bromsgrove kidderminster nuneaton warwick warwickshire
rugby leamington stratford hereford cannock bath liverpool2 glasgow edinburgh cardiff1 belfast dublin
leeds1 bristol1 sheffield1 newcastle123 nottingham1 leicester1 brighton1 yorkshire lancashire essex
kent surrey devon cornwall lebron kobe kobe24 michaeljordan jordan2 yankees1 redsox1 lakers1 cowboys1
steelers1 packers1 eagles1 patriots giants1 broncos1 raiders1 dolphins1 bears chiefs vikings saints1
falcons panthers colts ravens bengals browns texans titans jaguars chargers seahawks 49ers niners bulls
celtics knicks heat warriors cubs braves1 mets dodgers rangers123 redwings1 penguins bruins flyers1
canucks leafs mapleleafs habs canadiens nascar1 dale3 dale8 tigerwoods golfer1 tennis1 cricket1 rugby1
boxing hockey12 skater skate skateboard surfing fishing1 hunting camping bowling swimming running dancing
dance dancer1 singing music music1 musician guitar1 piano drums rock rockstar rockandroll metal punk
hiphop rap jazz blues1 country superstar star123 stars starlight sunlight moonlight sunset sunrise
sunflower rainbow1 butterfly butterfly1 dragonfly ladybug bumblebee honey honey1 sugar sweet sweetie
sweetheart sweetpea cupcake cutie cutie1 angelina angel12 angels1 heaven1 hell devil devil666 666 satan
jesus jesus1 jesuschrist christ christian god god123 godisgood blessed blessing faith grace hope peace
peace1 freedom12 liberty truth trust spirit soul lucky7 lucky13 seven 777 jackpot casino poker diamond1
diamonds gold silver1 platinum1 crystal1 pearl ruby123 emerald sapphire jewel treasure pirate pirates
captain1 sailor marine1 navy army military soldier warrior1 sniper1 ninja ninja1 samurai shogun dragon12345
dragonball dragonballz goku naruto sasuke itachi kakashi pikachu pokemon12 charizard mario mario1 luigi
zelda link sonic sonic1 tetris pacman atari sega nintendo1 playstation playstation2 xbox xbox360 gamer
gamer1 gaming halo halo3 callofduty cod warcraft worldofwarcraft wow starcraft diablo2 counterstrike
fortnite minecraft1 roblox steam gameboy gameover batman12 spiderman spiderman1 superman12 ironman hulk
thor captainamerica avengers marvel wolverine xmen joker harleyquinn deadpool venom darthvader vader
yoda jedi skywalker lukeskywalker hansolo chewbacca starwars12 startrek1 spock enterprise matrix1
neo morpheus terminator predator alien aliens rambo rocky123 scarface godfather goodfellas titanic
avatar harrypotter hogwarts gryffindor slytherin hermione dumbledore voldemort gandalf1 frodo bilbo
hobbit mordor sauron legolas aragorn lotr narnia twilight edward1 jacob12 bella123 simpsons homer
bart lisa123 futurama southpark cartman1 kenny stewie familyguy spongebob patrick1 scoobydoo snoopy1
garfield1 mickeymouse minnie donald1 goofy pluto disney disney1 winnie pooh poohbear1 tigger12 eeyore
barbie barbie1 kitty kitty1 hellokitty kittycat kittens puppy puppies puppy1 doggy doggie1 dog dog123
cat cat123 cats dogs fluffy1 snowball1 smokey1 shadow12 midnight1 tiger1 tigers1 lion lion1 lionking
leopard cheetah jaguar1 panther1 wolf wolf1 wolfpack fox foxy bear1 bears1 teddy teddybear monkey12345
gorilla elephant1 giraffe zebra horse horse1 pony unicorn unicorn1 dolphin1 shark whale turtle1 frog
froggy snake cobra python viper1 eagle eagle1 hawk falcon1 raven phoenix1 penguin parrot chicken1 duck
goose rabbit1 bunny bunny1 hamster mouse qwerty7 qwerty8 qwerty9 qwerty11 qwerty22 qwerty69 qwerty77
qwerty99 qwerty00 qwerty01 qwerty007 qwerty2020 qwerty2021 qwerty2022 qwerty2023 qwerty2024 qwerty2025
password2020 password2021 password2022 password2023 password2024 password2025 password2026 summer2020
summer2021 summer2022 summer2023 summer2024 summer2025 winter2020 winter2021 winter2022 winter2023
winter2024 winter2025 spring2023 spring2024 autumn2023 autumn2024 january february march april may
june july august1 september october november1 december1 monday tuesday wednesday thursday friday1
saturday sunday weekend holiday holidays christmas christmas1 xmas easter halloween valentine birthday
birthday1 happybirthday newyear 2020 2021 2022 2023 2024 2025 2026 1980 1981 1982 1983 1984 1985 1986
1994 1995 1996 1997 1998 1999 2001 2002 2003 2004 2005 2006 2007 2008 2009 2010 2011 2012 2013 2014 2015
2016 2017 2018 2019 19801980 19851985 19901990 19911991 19921992 19931993 19941994 19951995 20002000
20102010 01011980 01011990 01012000 01011985 12345678900 iloveyoubaby iloveyouforever loveyouforever
loveyou loveyou1 loveyou2 loveu loveme123 lovelove lovelove1 truelove mylove mylove1 myheart sweetlove
forever1 forever21 foreverlove alwaysandforever babylove babyboy babyboy1 babygirl12 prettygirl princesa
princess12 beautiful beautiful1 gorgeous pretty handsome sexy123 sexygirl sexyboy hottie hottie1 cutiepie
sunshine12 happy123 happy1 happiness smile smile1 smiley funny crazy crazy1 awesome awesome1 cool123
coolguy coolboy bestfriend bestfriends bff friends1 friendship family1 mommy mommy1 daddy daddy1 mother1
father brother sister sister1 grandma grandpa nanny nana papa mama mamapapa mummy mummy1 mylife life
lifeisgood whatever12 nothing1 somebody anything everything something nobody fuckyou1 fuckyou2 fuckoff1
fuckme1 fuckit shit shit123 asshole1 bitch1 bastard cunt dick123 penis vagina boobs sex sex123 sexy1
horny1 pussy1 pussycat cumshot anal porno porn123 qazwsxedc123 qawsed qawsedrf plokij poiuytrewq poiuyt
lkjhgfdsa mnbvcxz mnbvcxz123 ytrewq ytrewq123 zaqwsx zaqxsw xswzaq wsxedc edcrfv rfvtgb tgbyhn yhnujm
ujmik asdfghjkl123 qwertyu123 1q2w3e4r5t6y7u8i9o0p 1q2w3e4r5 1q2w3e4r1q2w3e4r q2w3e4r5 w1e2r3t4 1w2e3r4t
2w3e4r 3e4r5t 12qwas 12qwaszx34erdfcv 1234qwerasdf 1234qwerasdfzxcv qwer qwerqwer qwer1234qwer asdf12
asdf123 asdf12345 asdfjkl asdfjkl; jkl; jkljkl hjkl ghjk dfgh sdfg qweqweqwe asdasdasd zxczxczxc aaa123
aaa12345 abc abcabc123 abcd abcd12 abcdabcd abcde12345 xyz xyz123 zzz zzzzz zzzzzzzz 1a2s3d4f 1z2x3c4v
qazplm qwertyasdfgh qwerty123qwerty 123qwerty qwerty321 qwerty098 trustno trustno12 letmein01 opensesame
open sesame openup monkey01 dragon01 master01 shadow01 hello12 hello123 hello1234 hellohello hi123
hiya howdy yes yesyes no nono okay ok123 please1 thankyou thanks welcome01 goodbye bye whatsup hey
heyhey hi hithere wassup yolo swag swag123 yoloswag bitch123 chucknorris mrbean sherlock watson holmes
batman01 robin hood robinhood superuser sysadmin webmaster webadmin administrator1 admin01 admin1234567
adminadmin root1 rootroot server oracle mysql postgres sql database network cisco linux ubuntu windows
windows7 windows10 microsoft apple123 iphone iphone6 ipad macbook android samsung1 nokia motorola
blackberry sony sony123 dell hp lenovo toshiba compaq1 intel amd nvidia google1 google123 facebook
facebook1 twitter instagram youtube youtube1 yahoo yahoo1 hotmail hotmail1 gmail outlook skype amazon
ebay paypal netflix spotify tiktok snapchat whatsapp linkedin myspace computer12 computer123 internet12
laptop desktop keyboard mouse1 monitor printer scanner hacker hacker1 hacking hackme anonymous matrix123
cyber cyberpunk code coder coding programmer developer java javascript python1 php html ruby123a perl
csharp cplusplus software hardware system system1 security secure secure1 private1 public confidential
topsecret classified access1 access123 accessgranted letmein12 entry gate gatekeeper keymaster key
keys lock unlock unlocked open123 master12345 masterkey mastermind masterpiece chelsea12 arsenal12
liverpool12 chelsea2 arsenal2 liverpool7 liverpool8 gerrard8 steven8 ynwa youllneverwalkalone kop anfield
stamfordbridge oldtrafford highbury emirates wembley goal goals striker keeper midfield defender captain7
number1 number7 number10 no1 numberone winner1 winners champion1 champions champ legend1 legends hero
heroes superhero king king1 kingkong queen queen1 prince1 princess2 royal lord lady sir duke emperor
boss boss1 bigboss theboss chief leader master2 william123 charles1 edward12 henry1 george123 arthur1
alfred oliver1 oliver123 jack12 harry12 charlie12 thomas12 james12 daniel12 michael12 joshua12 matthew12
samuel12 joseph12 david12 benjamin12 alexander alexander1 christopher christopher1 jonathan1 nicholas1
anthony12 andrew12 robert12 richard12 patrick12 stephen1 timothy timothy1 gregory kenneth ronald raymond
frank frank1 larry scott1 jeffrey jerry dennis1 walter1 peter12 harold douglas henry123 carl arthur12
ryan12 roger joe joe123 juan jose luis miguel carlos1 antonio manuel pedro pablo diego jorge alejandro
fernando ricardo eduardo roberto francisco javier sergio rafael ivan dmitry alexey andrei maxim vladimir
natasha1 olga irina svetlana tatiana elena marina1 anna anna1 maria maria1 sofia sophia isabella mia
ava emily12 abigail madison1 ella avery scarlett grace1 chloe12 victoria1 riley aria lily123 aubrey
zoey penelope layla nora hazel zoe zoe123 stella1 leah audrey savannah brooklyn1 bella12 claire12 skylar
lucy123 paisley everly caroline1 nova genesis1 emilia kennedy maya willow1 kinsley naomi aaliyah elena1
ariana allison gabriella alice alice1 madelyn cora ruby12 eva serenity autumn adeline hailey gianna
valentina isla eliana quinn nevaeh ivy sadie piper lydia alexa josephine emery julia delilah arianna
vivian kaylee sophie12 brielle madeline jasmine1 jessie1 jenny jenny1 jessica123 melissa1 michelle12
heather1 amber amber1 ashley123 brittany brittany1 courtney crystal12 danielle1 erica erin kelly kelly1
kimberly1 lauren1 megan megan1 morgan1 nicole12 rachel12 samantha12 sara shannon1 tiffany1 vanessa1
veronica whitney andrea1 angela1 angelica christina christine cynthia deborah denise diana diane donna
dorothy gloria janet janice jean joan joyce judy julie kathleen kathy katherine lori marie martha nancy
pamela rose ruth sandra1 sharon1 shirley teresa theresa virginia wendy jimmy jimmy1 johnny1 tommy tommy1
bobby bobby1 billy billy1 danny danny1 eddie freddie charlie2 charlie01 archie archie1 teddy1 buddy1 max
max1 jake1 sam1 ben1 tom1 joe1 dave1 bob bob123 fred1 bill jim tim tony tony1 steve1 stevie gary gary1
barry barry1 terry terry1 kerry kirsty kirsty1 leanne gemma gemma1 hayley hayley1 stacey stacey1 kayleigh
chantelle charlene nicola nicola1 joanne joanne1 louise1 lindsay amy1 becky becky1 jodie natasha12 zoe1
shaun shaun1 wayne wayne1 darren darren1 lee lee123 craig craig1 dean dean1 jamie jamie1 liam liam1
kieran connor connor1 callum callum1 jordan123 bradley bradley1 aaron aaron1 lewis lewis1 reece kyle
kyle1 jack2 harry2 ollie ollie1 alfie2 freddie1 arlo leo leo123 noah noah1 theo theo1 oscar12 finley
mason mason1 logan logan1 lucas lucas1 tyler tyler1 dylan dylan1 ethan12 nathan1 aiden owen owen1
evan isaac elijah caleb hunter2 carter1 hudson jaxon levi sebastian gavin julian xavier1 asdfghjkl12
qwertyuiop1 qwertyuiop12 zxcvbnm12 zxcvbnm1234 asdfgh123 asdfgh12 zxcvbn123 qazwsx1 qazwsx12 1qaz1qaz
2wsx2wsx 3edc3edc zaq12wsx3 q1w2e3r4t5y6u7 q1w2e3r4t5y6u7i8 q1w2e3r4t5y6u7i8o9p0 1234567890q 1234567890a
qwerty1234567890 1234567890qwerty 0987654321q poiuytrewq1 mnbvcxz1 lkjhgfdsa1 zxcvbnmasdfghjkl football2
football11 football10 football7a soccer10 soccer11 soccer7 baseball2 basketball basketball1 volleyball
softball hockey123 golf123 golfing tennis123 cricket12 rugby123 boxing1 wrestling karate judo kungfu
fitness gym gym123 workout yoga runner1 marathon cycling bike biker bicycle motorbike motorcycle racecar
racing1 speed speedy1 fast fast123 turbo nitro rocket1 jet jetski skiing snowboard orange1 banana1 apple1
cherry1 strawberry raspberry blueberry peach lemon lime mango mango1 pineapple coconut grape watermelon
melon kiwi tomato potato carrot pizza pizza1 pizza123 burger cheese1 cheeseburger hamburger hotdog1
bacon sausage chips fries chocolate12 cookie12 cookies cake cupcake1 candy candy1 sugar1 sweet1 icecream
donut pancake waffle coffee1 tea beer1 wine vodka whisky whiskey bourbon tequila martini guinness1
heineken budweiser corona jagermeister redbull pepsi cola sprite fanta drpepper cocacola1 water fire1
earth air wind storm thunder1 lightning tornado hurricane rain snow ice frost sun moon moon1 sky sky123
ocean sea beach island paradise1 tropical summer2 spring autumn2 winter2 red blue1 green1 yellow1 purple1
pink pink1 black1 white white1 orange12 silver12 golden1 brown grey gray violet indigo scarlet crimson
turquoise red1 blue123 green123 black123 redred blueblue greengreen blackjack bluebird redbird blackbird
bluesky redhot hotpink blackcat blackdog whitecat bigred money1 money123 money12 moneyman cash cash123 rich
richman millionaire billionaire dollar dollars euro pound bank banker business work work123 job office
boss123 manager company corporate finance account accounting 1million london12 paris paris1 rome madrid
berlin amsterdam vienna prague moscow tokyo beijing shanghai hongkong singapore sydney1 melbourne toronto
vancouver montreal newyork1 nyc chicago1 boston1 dallas1 houston miami miami1 vegas lasvegas1 hollywood
california texas florida1 arizona colorado georgia virginia1 carolina1 kentucky alabama oklahoma kansas
nebraska dakota1 montana1 oregon washington seattle portland denver phoenix2 atlanta detroit memphis
nashville jamaica mexico1 brazil brasil argentina colombia peru chile spain france germany italy italia
poland russia ukraine india india123 china japan korea australia newzealand africa nigeria ghana kenya
egypt turkey greece
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));
