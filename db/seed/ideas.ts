// The ideas in the demo entries: for each Citizens Panel priority area, a handful of the kinds
// of idea a grassroots group or small business would put forward, written as they might write
// them. Each is filled in with the organisation's own place and numbers, so no two entries read
// the same.

export interface IdeaContext {
  /** The neighbourhood or town the organisation works in. */
  place: string;
  organisation: string;
  /** The council area, for example "Sandwell". */
  council: string;
  people: number;
  weeks: number;
  volunteers: number;
  partner: string;
  day: string;
}

export interface Idea {
  /** Index into the six priority areas, in the order the challenge lists them. */
  area: number;
  title(c: IdeaContext): string;
  summary(c: IdeaContext): string;
  need(c: IdeaContext): string;
  beneficiaries(c: IdeaContext): string;
  delivery(c: IdeaContext): string;
  /** What it costs: [item, lowest, highest] in whole pounds; the seed picks an amount. */
  costs: readonly (readonly [string, number, number])[];
  prizeUse(c: IdeaContext): string;
}

export const PARTNERS = [
  "the local GP surgery",
  "a nearby secondary school",
  "the branch library",
  "the housing association",
  "the local Jobcentre Plus",
  "two local primary schools",
  "the community centre",
  "a local mosque and two churches",
  "the gurdwara's community kitchen",
  "the neighbourhood police team",
  "the local further education college",
  "the social prescribing link workers",
] as const;

export const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

export const IDEAS: readonly Idea[] = [
  // 0: Living safely with coronavirus
  {
    area: 0,
    title: (c) => `Fresh air kits for ${c.place} community venues`,
    summary: (c) =>
      `A lending library of carbon dioxide monitors and portable air cleaners for the halls, places of worship and clubs of ${c.place}, so groups can meet indoors with confidence.`,
    need: (c) =>
      `Many of the small venues in ${c.place} have poor ventilation and no way of telling when a room needs airing. Organisers told us that older members still stay away from indoor sessions because they cannot tell whether a room is safe.`,
    beneficiaries: (c) =>
      `Around ${c.people} regular users of ${Math.max(6, Math.round(c.people / 25))} community venues, many of them older people or people with long-term health conditions.`,
    delivery: (c) =>
      `We will buy the kit, train ${c.volunteers} venue volunteers to read the monitors and act on them, and lend kits from a weekly slot on ${c.day}s. We will work with ${c.partner} to reach venues we do not already know.`,
    costs: [
      ["Carbon dioxide monitors", 600, 1400],
      ["Portable air cleaners", 900, 2400],
      ["Volunteer training sessions", 200, 600],
      ["Printed guidance in community languages", 100, 350],
    ],
    prizeUse: () => `The cash prize would buy the first ten monitors so that lending can start straight away.`,
  },
  {
    area: 0,
    title: (c) => `Trusted voices: vaccine and health conversations in ${c.place}`,
    summary: (c) =>
      `Training ${c.volunteers} community champions who speak the languages of ${c.place} to hold informal conversations about vaccines, testing and staying well this winter.`,
    need: (c) =>
      `Uptake of boosters in parts of ${c.place} is well below the ${c.council} average. People tell us they do not trust leaflets but do trust people they know from the school gate, the mosque or the market.`,
    beneficiaries: (c) =>
      `Families in ${c.place} who are unsure about vaccines, especially older people and pregnant women. We expect to have ${c.people} conversations over ${c.weeks} weeks.`,
    delivery: (c) =>
      `Champions will be trained by the public health team and paid a small sessional fee. They will hold drop-ins at ${c.partner} and at community events, and keep a simple record of the questions asked so that the council can see the worries people have.`,
    costs: [
      ["Sessional fees for champions", 1500, 3500],
      ["Training and supervision", 400, 900],
      ["Refreshments at drop-ins", 150, 400],
      ["Translation of materials", 200, 500],
    ],
    prizeUse: () =>
      `We would use the prize to pay the first month of champions' fees while we look for longer-term funding.`,
  },
  {
    area: 0,
    title: (c) => `Doorstep check-ins for people still shielding in ${c.place}`,
    summary: (c) =>
      `A weekly friendly call and doorstep visit for residents of ${c.place} who still limit their contact with others, linking them to shopping, prescriptions and company.`,
    need: (c) =>
      `Since the formal shielding programme ended, ${c.partner} has told us about people who have barely left home and have lost touch with the help that was there during lockdowns.`,
    beneficiaries: (c) => `Up to ${c.people} housebound or clinically vulnerable residents and their carers.`,
    delivery: (c) =>
      `${c.volunteers} DBS-checked volunteers will each support a small group of residents, with a coordinator working two days a week. Referrals will come from ${c.partner} and from neighbours.`,
    costs: [
      ["Coordinator (2 days a week)", 2500, 6000],
      ["DBS checks and volunteer expenses", 300, 800],
      ["Phones and call credit", 150, 400],
    ],
    prizeUse: () => `The prize would pay for volunteers' DBS checks and travel expenses for the first six months.`,
  },
  {
    area: 0,
    title: (c) => `Long Covid peer support circle, ${c.place}`,
    summary: (c) =>
      `A fortnightly peer support group for people living with long Covid in and around ${c.place}, with gentle pacing sessions led by a physiotherapist.`,
    need: () =>
      `People with long Covid told us they feel forgotten: waiting lists for specialist clinics are long and many have had to cut their working hours. Meeting others in the same position helps them manage fatigue and stay in work.`,
    beneficiaries: (c) =>
      `About ${Math.max(12, Math.round(c.people / 8))} adults with long Covid each cycle, and their families.`,
    delivery: (c) =>
      `We will meet on ${c.day} evenings and online for those too tired to travel. A physiotherapist will lead six sessions on pacing, and members will run the rest themselves with our support.`,
    costs: [
      ["Room hire", 300, 700],
      ["Physiotherapist sessions", 500, 1200],
      ["Online meeting licence and tablets to lend", 300, 900],
    ],
    prizeUse: () => `We would pay for the physiotherapist sessions and room hire for the first year.`,
  },
  {
    area: 0,
    title: (c) => `Outdoor events kit for ${c.place}`,
    summary: (c) =>
      `A shared kit of gazebos, heaters, lighting and a sound system so that community groups in ${c.place} can run their events outdoors all year.`,
    need: (c) =>
      `Groups in ${c.place} found during the pandemic that outdoor events brought people back who would not come indoors. Most cannot afford their own equipment, so events stop when the weather turns.`,
    beneficiaries: (c) =>
      `At least ${Math.max(10, Math.round(c.people / 20))} local groups and the ${c.people} or more people who come to their events.`,
    delivery: () =>
      `We will store the kit, keep a simple online booking calendar, and give each group a short safety briefing before first use. Groups will pay a small fee to cover repairs.`,
    costs: [
      ["Gazebos and weights", 800, 1600],
      ["Outdoor heaters and lighting", 600, 1500],
      ["Portable sound system", 300, 800],
      ["Storage container", 500, 1500],
    ],
    prizeUse: () => `The prize would buy the first four gazebos.`,
  },
  {
    area: 0,
    title: (c) => `Safe gatherings toolkit for faith venues in ${c.place}`,
    summary: (c) =>
      `Practical help for mosques, temples, gurdwaras and churches in ${c.place} to hold larger gatherings safely during winter waves, from one-way layouts to testing stations.`,
    need: (c) =>
      `Faith venues are some of the busiest community spaces in ${c.place}, but volunteers running them have had little practical support since the rules ended.`,
    beneficiaries: (c) =>
      `${Math.max(5, Math.round(c.people / 60))} faith venues and the ${c.people * 3} or more people who attend them each week.`,
    delivery: (c) =>
      `We will visit each venue, agree a simple plan with its volunteers, and supply signs, testing kits and hand-washing stations. ${c.partner.charAt(0).toUpperCase() + c.partner.slice(1)} has offered to host the first meeting of venue leads.`,
    costs: [
      ["Venue visits and planning", 600, 1200],
      ["Hand-washing stations", 400, 1000],
      ["Signs and printed plans", 150, 400],
    ],
    prizeUse: () => `We would use the prize to buy hand-washing stations for the first five venues.`,
  },
  // 1: Accessing healthcare and improving physical health
  {
    area: 1,
    title: (c) => `Walk and talk health walks in ${c.place}`,
    summary: (c) =>
      `Weekly led walks around ${c.place} with a health check-in at the start, for people referred by social prescribers or who simply want to get moving again.`,
    need: (c) =>
      `Physical activity in ${c.place} fell during lockdowns and has not recovered, particularly among older women and people with diabetes. Many do not feel confident joining a gym or a club.`,
    beneficiaries: (c) => `Around ${c.people} people a year, many referred by ${c.partner}.`,
    delivery: (c) =>
      `${c.volunteers} trained walk leaders will lead two walks a week of different lengths. Walkers can have their blood pressure taken at the start once a month, and we will record how far people walk over ${c.weeks} weeks.`,
    costs: [
      ["Walk leader training", 300, 700],
      ["Blood pressure monitors", 150, 400],
      ["Promotion and route maps", 200, 500],
      ["Coordinator time", 1000, 3000],
    ],
    prizeUse: () => `The prize would pay for walk leader training and the blood pressure monitors.`,
  },
  {
    area: 1,
    title: (c) => `NHS App helpers at ${c.place} library`,
    summary: () =>
      `Digital health helpers who sit with residents to set up the NHS App, order repeat prescriptions and book appointments online.`,
    need: (c) =>
      `GP practices in ${c.place} now ask patients to book online, and people without the skills or devices are left queuing on the phone at 8am. Some give up and go to A&E.`,
    beneficiaries: (c) => `${c.people} residents over ${c.weeks} weeks, mostly over 65 or with limited English.`,
    delivery: (c) =>
      `Helpers will run drop-ins every ${c.day} at ${c.partner}, lend tablets with data for people without a device, and follow up by phone a week later.`,
    costs: [
      ["Tablets and data", 800, 2000],
      ["Helper expenses and training", 400, 1000],
      ["Printed step-by-step guides", 100, 300],
    ],
    prizeUse: () => `We would buy five tablets with a year of data to lend.`,
  },
  {
    area: 1,
    title: (c) => `Market health checks in ${c.place}`,
    summary: () =>
      `A stall at the weekly market where trained volunteers offer blood pressure, pulse and diabetes risk checks and help people book a follow-up with their GP.`,
    need: (c) =>
      `Many people in ${c.place} have not seen a health professional since before the pandemic. Undiagnosed high blood pressure is common, and the market is where people already go.`,
    beneficiaries: (c) => `We expect to check ${c.people} people over ${c.weeks} weeks.`,
    delivery: (c) =>
      `Volunteers will be trained by a practice nurse from ${c.partner}. Anyone with a high reading will be helped to book an appointment there and then.`,
    costs: [
      ["Stall rent", 400, 1000],
      ["Testing equipment", 400, 900],
      ["Nurse training time", 300, 800],
    ],
    prizeUse: () => `The prize would cover the market stall rent for the first six months.`,
  },
  {
    area: 1,
    title: (c) => `Chair-based exercise for older residents of ${c.place}`,
    summary: (c) =>
      `Gentle seated exercise classes in sheltered housing schemes and community rooms across ${c.place}, to rebuild strength and prevent falls.`,
    need: (c) =>
      `Older people in ${c.place} lost strength and confidence while staying at home. Falls are rising and people tell us they are frightened of going out.`,
    beneficiaries: (c) =>
      `Up to ${Math.round(c.people / 2)} older residents in ${Math.max(4, Math.round(c.people / 40))} housing schemes.`,
    delivery: () =>
      `A qualified instructor will run weekly classes in each scheme, training residents to lead some sessions themselves so that the classes carry on after the funding ends.`,
    costs: [
      ["Instructor fees", 1500, 3500],
      ["Equipment (bands, balls, weights)", 200, 500],
      ["Instructor training for residents", 300, 700],
    ],
    prizeUse: () => `We would use it for equipment and the first term of classes.`,
  },
  {
    area: 1,
    title: (c) => `Interpreting buddies for health appointments in ${c.place}`,
    summary: () =>
      `Bilingual volunteers who go with residents to health appointments, help them prepare questions beforehand and make sure they understand what happens next.`,
    need: (c) =>
      `Families in ${c.place} told us they miss appointments or leave without understanding their treatment, because interpreters are not always booked and relatives have to take time off work.`,
    beneficiaries: (c) =>
      `${c.people} residents a year who speak Urdu, Punjabi, Bengali, Polish, Romanian, Arabic or Tigrinya.`,
    delivery: (c) =>
      `We will recruit ${c.volunteers} buddies, train them in confidentiality and health vocabulary, and take requests through a simple phone line staffed on weekdays.`,
    costs: [
      ["Volunteer training", 400, 900],
      ["Phone line and coordinator time", 1200, 3000],
      ["Volunteer travel expenses", 300, 800],
    ],
    prizeUse: () => `The prize would pay for the first training course for buddies.`,
  },
  {
    area: 1,
    title: (c) => `Cook well on a budget: ${c.place} family kitchen`,
    summary: (c) =>
      `Six-week cooking courses for families in ${c.place}, where parents and children cook healthy meals together for under £1 a portion and take the ingredients home.`,
    need: (c) =>
      `Rising food prices mean families in ${c.place} are relying more on cheap processed food. Childhood obesity in the area is above the national average.`,
    beneficiaries: (c) =>
      `${Math.round(c.people / 4)} families a year, referred by ${c.partner} or signing up themselves.`,
    delivery: (c) =>
      `Courses run on ${c.day} afternoons in a community kitchen. Each family goes home with a recipe book, a slow cooker and the ingredients for the week's meal.`,
    costs: [
      ["Ingredients", 600, 1500],
      ["Slow cookers", 400, 1000],
      ["Kitchen hire", 300, 800],
      ["Course leader", 800, 2000],
    ],
    prizeUse: () => `We would buy slow cookers for the first forty families.`,
  },
  // 2: Mental health support and awareness
  {
    area: 2,
    title: (c) => `Workshop space for the ${c.place} men's shed`,
    summary: (c) =>
      `Fitting out a workshop where men in ${c.place} can make, mend and talk, with a monthly visit from a mental health worker.`,
    need: (c) =>
      `Men in ${c.place} are the least likely to ask for help with their mental health. Many lost work and social contact during the pandemic, and suicide rates among middle-aged men remain high.`,
    beneficiaries: (c) => `${Math.max(15, Math.round(c.people / 6))} men at first, growing as word spreads.`,
    delivery: (c) =>
      `We have the use of a unit from ${c.partner}. We need to fit it out safely, and will open three days a week with ${c.volunteers} volunteer supervisors.`,
    costs: [
      ["Workbenches and tools", 800, 2000],
      ["Dust extraction and safety equipment", 500, 1200],
      ["Insurance", 300, 600],
    ],
    prizeUse: () => `The prize would buy the dust extraction, which we need before we can open.`,
  },
  {
    area: 2,
    title: (c) => `Mental health first aid for ${c.place} barbers and hairdressers`,
    summary: () =>
      `Training barbers, hairdressers and beauticians to spot when a client is struggling, have a supportive conversation and point them to help.`,
    need: (c) =>
      `People talk to their barber or hairdresser about things they tell no one else. Salon owners in ${c.place} told us they want to help but do not know what to say or where to send people.`,
    beneficiaries: (c) =>
      `${Math.max(20, Math.round(c.people / 5))} salon staff trained, and the thousands of clients who visit them.`,
    delivery: (c) =>
      `We will run half-day courses on Mondays, when most salons are closed, and give each salon a card of local services. A follow-up session after ${c.weeks} weeks will share what people have learned.`,
    costs: [
      ["Accredited trainer", 900, 2000],
      ["Venue and refreshments", 200, 500],
      ["Printed service directories", 150, 400],
    ],
    prizeUse: () => `We would fund the first two courses.`,
  },
  {
    area: 2,
    title: (c) => `Grief café for families in ${c.place}`,
    summary: () =>
      `A monthly café where people bereaved during and since the pandemic can meet, share and remember, with trained listeners on hand.`,
    need: (c) =>
      `Many families in ${c.place} could not say goodbye properly during the pandemic. Bereavement services have long waiting lists and some people do not want formal counselling.`,
    beneficiaries: (c) => `About ${Math.round(c.people / 5)} bereaved adults a year.`,
    delivery: (c) =>
      `The café will meet at ${c.partner} on the first ${c.day} of each month, with ${c.volunteers} volunteers trained by a bereavement charity.`,
    costs: [
      ["Listener training", 400, 900],
      ["Room hire and refreshments", 300, 700],
      ["Remembrance activities", 100, 300],
    ],
    prizeUse: () => `The prize would pay for the listener training.`,
  },
  {
    area: 2,
    title: (c) => `Growing well: allotment therapy in ${c.place}`,
    summary: (c) =>
      `Supported gardening sessions on a shared allotment in ${c.place} for people with anxiety or depression, referred by social prescribers.`,
    need: (c) =>
      `Social prescribers in ${c.place} have more people to refer than there are activities. Outdoor activity and growing food are proven to help mild to moderate anxiety and depression.`,
    beneficiaries: (c) => `${Math.max(20, Math.round(c.people / 5))} adults a year.`,
    delivery: (c) =>
      `Two sessions a week led by a horticultural therapist, with produce shared with a local food bank. We will measure wellbeing at the start and after ${c.weeks} weeks.`,
    costs: [
      ["Therapist sessions", 1200, 3000],
      ["Tools, seeds and raised beds", 400, 1000],
      ["Accessible path and shelter", 600, 1500],
    ],
    prizeUse: () => `We would build raised beds so that people using wheelchairs can take part.`,
  },
  {
    area: 2,
    title: (c) => `Football and feelings, ${c.place}`,
    summary: () =>
      `Weekly football sessions for men and young people followed by a facilitated talk about how they are doing, run with a local club.`,
    need: (c) =>
      `Young men in ${c.place} rarely use mental health services but will turn up to play football. Coaches told us they see the pressures players are under but have nowhere to send them.`,
    beneficiaries: (c) => `${Math.max(30, Math.round(c.people / 4))} players a year aged 16 and over.`,
    delivery: (c) =>
      `Sessions on ${c.day} evenings on a hired pitch, with a coach and a trained facilitator. Players who want more help will be referred to a talking therapy service.`,
    costs: [
      ["Pitch hire", 500, 1200],
      ["Facilitator", 800, 2000],
      ["Kit and equipment", 200, 600],
    ],
    prizeUse: () => `The prize would pay for six months of pitch hire.`,
  },
  {
    area: 2,
    title: (c) => `Write it out: creative writing for wellbeing in ${c.place}`,
    summary: () =>
      `Free creative writing workshops for people experiencing loneliness or low mood, ending with a small published anthology.`,
    need: (c) =>
      `Loneliness rose sharply in ${c.place} during the pandemic. People who took part in our online writing sessions in 2021 said it was the first time they had talked about how they felt.`,
    beneficiaries: (c) => `${Math.max(24, Math.round(c.people / 6))} participants across three groups.`,
    delivery: (c) =>
      `Three ten-week groups led by a published local writer at ${c.partner}, with a launch event for the anthology.`,
    costs: [
      ["Writer's fees", 900, 2000],
      ["Printing the anthology", 300, 800],
      ["Launch event", 100, 400],
    ],
    prizeUse: () => `The prize would pay to print the anthology.`,
  },
  // 3: Education and young people
  {
    area: 3,
    title: (c) => `${c.place} homework club with volunteer tutors`,
    summary: (c) =>
      `An after-school homework club in ${c.place} with volunteer tutors from local universities, hot food and a quiet place to study.`,
    need: (c) =>
      `Pupils in ${c.place} lost months of learning and many share a room or have no quiet space at home. Teachers at ${c.partner} see gaps in maths and reading that have not closed.`,
    beneficiaries: (c) => `${Math.max(30, Math.round(c.people / 4))} pupils aged 9 to 16 each term.`,
    delivery: (c) =>
      `The club runs three evenings a week. ${c.volunteers} tutors will be DBS checked and trained, and teachers will tell us which topics each pupil needs help with.`,
    costs: [
      ["Food", 600, 1500],
      ["Club coordinator", 1500, 3500],
      ["Books and stationery", 200, 500],
      ["DBS checks", 200, 500],
    ],
    prizeUse: () => `The prize would pay for hot meals for the first term.`,
  },
  {
    area: 3,
    title: (c) => `Laptops for learning: refurbishing devices for ${c.place} pupils`,
    summary: () =>
      `Collecting unwanted laptops from local businesses, wiping and refurbishing them, and giving them to pupils who have no device at home.`,
    need: (c) =>
      `Schools in ${c.place} estimate that one pupil in six still has no laptop at home and does homework on a phone.`,
    beneficiaries: (c) => `${c.people} pupils over a year, with young people on our repair team learning skills too.`,
    delivery: (c) =>
      `Businesses donate laptops; young volunteers refurbish them in our workshop on ${c.day}s under supervision; schools choose which pupils get them.`,
    costs: [
      ["Data wiping software licences", 200, 500],
      ["Replacement parts (batteries, chargers)", 600, 1500],
      ["Workshop supervisor", 1000, 2500],
    ],
    prizeUse: () => `We would buy replacement batteries and chargers for the first fifty laptops.`,
  },
  {
    area: 3,
    title: (c) => `${c.place} youth podcast studio`,
    summary: (c) =>
      `A podcast studio run by and for young people in ${c.place}, teaching audio, interviewing and digital skills while giving young people a platform.`,
    need: (c) =>
      `Young people in ${c.place} told us they feel unheard and have few places to go in the evening. Creative digital skills are in demand but courses are expensive.`,
    beneficiaries: (c) => `${Math.max(40, Math.round(c.people / 3))} young people aged 13 to 24.`,
    delivery: (c) =>
      `Weekly sessions with a youth worker and a local producer. Young people will interview councillors, business owners and each other; the best episodes will be shared by ${c.partner}.`,
    costs: [
      ["Microphones and recorder", 500, 1200],
      ["Editing laptops and software", 600, 1500],
      ["Producer sessions", 800, 2000],
    ],
    prizeUse: () => `The prize would buy the microphones and recorder.`,
  },
  {
    area: 3,
    title: (c) => `Holiday activities and food, ${c.place}`,
    summary: () =>
      `Free holiday clubs with sport, arts and a hot lunch for children who get free school meals during term time.`,
    need: (c) =>
      `In the school holidays children in ${c.place} go hungry and lose the routine of school. Existing schemes are full within days.`,
    beneficiaries: (c) => `${Math.max(40, Math.round(c.people / 3))} children aged 5 to 16 each holiday.`,
    delivery: (c) =>
      `Four days a week for four weeks of the summer and a week at Easter and Christmas, at ${c.partner}, with ${c.volunteers} volunteers and two paid play workers.`,
    costs: [
      ["Food", 1200, 3000],
      ["Play workers", 1500, 3500],
      ["Activity materials and trips", 500, 1200],
    ],
    prizeUse: () => `We would use it to pay for the Easter club.`,
  },
  {
    area: 3,
    title: (c) => `Girls who code: ${c.place} coding club`,
    summary: () => `A weekly coding and robotics club for girls aged 10 to 14, with mentors from local tech firms.`,
    need: (c) =>
      `Few girls in ${c.place} choose computing at GCSE. Local tech employers tell us they cannot find enough local recruits.`,
    beneficiaries: (c) => `${Math.max(20, Math.round(c.people / 8))} girls a year and their families.`,
    delivery: (c) =>
      `Sessions on ${c.day}s after school at ${c.partner}, with a showcase at the end of each term where girls present their projects.`,
    costs: [
      ["Robotics kits", 500, 1300],
      ["Mentor coordination", 600, 1500],
      ["Showcase event", 100, 300],
    ],
    prizeUse: () => `The prize would buy robotics kits.`,
  },
  {
    area: 3,
    title: (c) => `Reading corners in ${c.place} launderettes and barbers`,
    summary: () =>
      `Small reading corners with children's books in the places families wait: launderettes, barbers and the post office queue.`,
    need: (c) =>
      `Many homes in ${c.place} have few children's books, and reading for pleasure dropped during school closures.`,
    beneficiaries: (c) =>
      `${c.people} children who visit the ${Math.max(6, Math.round(c.people / 50))} businesses taking part.`,
    delivery: () =>
      `We will build simple shelves, stock them with donated and new books, refresh them monthly and run story sessions in the holidays.`,
    costs: [
      ["Shelving", 300, 700],
      ["New books in community languages", 400, 1000],
      ["Storyteller sessions", 300, 700],
    ],
    prizeUse: () => `The prize would buy books in community languages.`,
  },
  // 4: Jobs and training
  {
    area: 4,
    title: (c) => `Green skills: retrofit training in ${c.place}`,
    summary: (c) =>
      `Short courses for unemployed adults in ${c.place} in insulation, draught-proofing and heat pump basics, with work placements on real homes.`,
    need: (c) =>
      `Thousands of homes in ${c.council} need retrofitting to cut bills and carbon, but local firms cannot find trained staff. Unemployment in ${c.place} is above the regional average.`,
    beneficiaries: (c) =>
      `${Math.max(24, Math.round(c.people / 8))} trainees a year, and the households whose homes they work on.`,
    delivery: (c) =>
      `Four-week courses with ${c.partner}, followed by placements with local installers. We will track who is in work after ${c.weeks} weeks.`,
    costs: [
      ["Trainer", 2000, 5000],
      ["Tools and protective equipment", 600, 1500],
      ["Trainee travel", 300, 800],
    ],
    prizeUse: () => `We would buy tool kits that trainees keep when they start work.`,
  },
  {
    area: 4,
    title: (c) => `Job clinic at ${c.place} library`,
    summary: () =>
      `A weekly clinic where volunteers from local businesses help people write CVs, apply online and practise interviews.`,
    need: (c) =>
      `People who lost jobs in hospitality and retail in ${c.place} are applying for work in new sectors and struggle with online applications.`,
    beneficiaries: (c) => `${c.people} job seekers a year.`,
    delivery: (c) =>
      `Clinics every ${c.day} with ${c.volunteers} volunteer mentors, working with ${c.partner} so that people can be referred both ways.`,
    costs: [
      ["Laptops", 600, 1500],
      ["Mentor training", 200, 500],
      ["Smart clothes bank for interviews", 200, 600],
    ],
    prizeUse: () => `The prize would start the clothes bank for interviews.`,
  },
  {
    area: 4,
    title: (c) => `Bike mechanic apprenticeships, ${c.place}`,
    summary: () =>
      `Training young people as bike mechanics while refurbishing donated bikes for key workers who cannot afford a car.`,
    need: (c) =>
      `Young people in ${c.place} leaving school without qualifications have few routes into work, and many shift workers struggle to get to work early in the morning.`,
    beneficiaries: (c) =>
      `${Math.max(8, Math.round(c.people / 30))} apprentices and ${c.people} people who get a bike.`,
    delivery: () =>
      `Apprentices will work towards a recognised cycle mechanic qualification in our workshop, and bikes will be given with a lock, lights and a safety check.`,
    costs: [
      ["Qualification fees", 800, 2000],
      ["Workshop tools", 500, 1200],
      ["Locks, lights and helmets", 400, 1000],
    ],
    prizeUse: () => `We would pay the qualification fees for the first apprentice.`,
  },
  {
    area: 4,
    title: (c) => `${c.place} training kitchen`,
    summary: () =>
      `A training kitchen where people furthest from work learn to cook professionally and gain food hygiene certificates, cooking meals for local community groups.`,
    need: (c) =>
      `Restaurants and cafés in ${c.council} have vacancies they cannot fill, while many residents of ${c.place} have been out of work since the pandemic.`,
    beneficiaries: (c) => `${Math.max(20, Math.round(c.people / 10))} trainees a year.`,
    delivery: (c) =>
      `Ten-week courses in our kitchen with a professional chef. Trainees cook meals for ${c.partner} and finish with a trial shift at a local restaurant.`,
    costs: [
      ["Chef trainer", 2000, 5000],
      ["Ingredients", 800, 2000],
      ["Food hygiene certificates", 200, 500],
    ],
    prizeUse: () => `The prize would pay for food hygiene certificates for forty trainees.`,
  },
  {
    area: 4,
    title: (c) => `Digital skills for over-50s returning to work in ${c.place}`,
    summary: () =>
      `Friendly courses in email, spreadsheets, video calls and online safety for people over 50 who want to get back into work.`,
    need: (c) =>
      `Over-50s in ${c.place} who lost jobs during the pandemic tell us that a lack of digital skills stops them applying for jobs they could do.`,
    beneficiaries: (c) => `${Math.max(30, Math.round(c.people / 5))} learners a year.`,
    delivery: (c) =>
      `Six-week courses at ${c.partner}, with laptops provided and a job search session at the end of each course.`,
    costs: [
      ["Tutor", 1000, 2500],
      ["Laptops", 800, 2000],
      ["Room hire", 200, 600],
    ],
    prizeUse: () => `We would buy two laptops for learners to borrow between sessions.`,
  },
  {
    area: 4,
    title: (c) => `${c.place} childcare co-op for parents in training`,
    summary: () =>
      `A parent-run crèche so that parents can attend training courses and job interviews without worrying about childcare.`,
    need: (c) =>
      `Parents in ${c.place}, mostly mothers, tell us they turn down training places because they cannot find or afford childcare for a few hours at a time.`,
    beneficiaries: (c) => `${Math.max(30, Math.round(c.people / 6))} parents and their under-fives.`,
    delivery: (c) =>
      `A registered childminder will lead the crèche at ${c.partner} with trained parent volunteers, open when local courses run.`,
    costs: [
      ["Childminder", 1500, 3500],
      ["Toys and safety equipment", 300, 800],
      ["Registration and insurance", 300, 700],
    ],
    prizeUse: () => `The prize would cover registration and insurance so we can open.`,
  },
  // 5: Local businesses and high streets
  {
    area: 5,
    title: (c) => `Pop-up shop for makers on ${c.place} high street`,
    summary: (c) =>
      `Turning an empty shop unit in ${c.place} into a shared pop-up where local makers and start-ups can sell for a month at a time.`,
    need: (c) =>
      `${c.place} has ${Math.max(4, Math.round(c.people / 30))} empty units on its main street. New makers cannot afford a lease, and footfall falls further with every shutter.`,
    beneficiaries: (c) =>
      `${Math.max(12, Math.round(c.people / 10))} makers and start-ups a year, and neighbouring shops that gain footfall.`,
    delivery: (c) =>
      `A landlord has offered a unit at a peppercorn rent. We will fit it out with modular shelving, run a card payment system for all sellers and promote it with the ${c.place} traders' group.`,
    costs: [
      ["Modular shelving and display", 800, 2000],
      ["Card readers and till system", 200, 500],
      ["Business rates and utilities", 1000, 3000],
    ],
    prizeUse: () => `The prize would buy the shelving and card readers.`,
  },
  {
    area: 5,
    title: (c) => `Shop local card for ${c.place}`,
    summary: (c) =>
      `A loyalty card accepted by independent shops across ${c.place}, with points that can be spent in any of them.`,
    need: (c) =>
      `Independent shops in ${c.place} lost trade to online shopping during lockdowns and have not won it back. A shared scheme costs less than each shop running its own.`,
    beneficiaries: (c) => `${Math.max(20, Math.round(c.people / 8))} independent businesses and their customers.`,
    delivery: () =>
      `We will use an existing low-cost loyalty platform, sign up shops door to door, and launch with a weekend event.`,
    costs: [
      ["Platform subscription", 500, 1200],
      ["Cards and window stickers", 200, 500],
      ["Launch event", 300, 800],
    ],
    prizeUse: () => `The prize would pay for the first year of the platform.`,
  },
  {
    area: 5,
    title: (c) => `Evening street food market in ${c.place}`,
    summary: (c) =>
      `A monthly evening market in ${c.place} town centre with street food from local traders, music and stalls for community groups.`,
    need: (c) =>
      `After 5pm the centre of ${c.place} is empty, which makes people feel unsafe and leaves food businesses without evening trade.`,
    beneficiaries: (c) =>
      `${Math.max(15, Math.round(c.people / 15))} traders each month and ${c.people * 4} or more visitors.`,
    delivery: () =>
      `We will manage licensing, stewarding and waste, charge traders a fair pitch fee and give free pitches to community groups.`,
    costs: [
      ["Licences and insurance", 400, 1000],
      ["Stewarding", 600, 1500],
      ["Lighting and power", 500, 1200],
    ],
    prizeUse: () => `We would use it for the licences and insurance for the first market.`,
  },
  {
    area: 5,
    title: (c) => `Greener shopfronts for ${c.place}`,
    summary: () =>
      `Planters, hanging baskets and shopfront repairs along the high street, looked after by traders and volunteers together.`,
    need: (c) =>
      `Traders in ${c.place} say a tired-looking street puts shoppers off. A brighter street draws people in and gives traders a reason to work together.`,
    beneficiaries: (c) => `${Math.max(20, Math.round(c.people / 10))} shops and everyone who uses the high street.`,
    delivery: (c) =>
      `${c.volunteers} volunteers and a local gardener will plant and maintain the planters; shops will share the cost of watering.`,
    costs: [
      ["Planters and hanging baskets", 600, 1500],
      ["Plants and compost", 300, 800],
      ["Shopfront paint and repairs", 500, 1500],
    ],
    prizeUse: () => `The prize would buy the first twenty planters.`,
  },
  {
    area: 5,
    title: (c) => `Click and collect hub for ${c.place} independents`,
    summary: () =>
      `A shared collection point in a local shop where customers can pick up orders from any independent business in the area.`,
    need: (c) =>
      `Small shops in ${c.place} started selling online during lockdown but cannot afford delivery. Customers want the convenience of click and collect.`,
    beneficiaries: (c) => `${Math.max(15, Math.round(c.people / 12))} businesses and their customers.`,
    delivery: () =>
      `A central shop will host lockers and a simple ordering page. Businesses drop orders off once a day and customers collect until 8pm.`,
    costs: [
      ["Parcel lockers", 1200, 3000],
      ["Ordering website", 500, 1200],
      ["Promotion", 200, 600],
    ],
    prizeUse: () => `We would use it towards the parcel lockers.`,
  },
  {
    area: 5,
    title: (c) => `Market stall starter scheme, ${c.place}`,
    summary: () =>
      `Free stalls for the first three months, with mentoring, for people starting a business who want to test their idea on the market.`,
    need: (c) =>
      `The market in ${c.place} has empty pitches while residents who want to start a business cannot afford the risk of a shop.`,
    beneficiaries: (c) => `${Math.max(10, Math.round(c.people / 20))} new traders a year.`,
    delivery: (c) =>
      `We will cover pitch fees, lend a gazebo and table, and match each trader with a mentor from the traders' association, meeting on ${c.day}s.`,
    costs: [
      ["Pitch fees", 800, 2000],
      ["Gazebos and tables", 400, 1000],
      ["Mentor expenses", 200, 500],
    ],
    prizeUse: () => `The prize would cover pitch fees for the first four new traders.`,
  },
];

export const INELIGIBLE_REASONS = [
  "The organisation has more than 250 employees, so it is not a small or medium-sized business.",
  "The idea would be delivered outside the combined authority's area.",
  "The entry asks for funding for work that has already been completed.",
] as const;
