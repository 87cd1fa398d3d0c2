import type { OrganisationType } from "../schema";
import type { SeededRandom } from "./random";

// Names for the demo people and organisations. The people's names reflect the region's mix;
// every organisation name pairs a real place with an invented emblem word, so none is the name
// of a real group.

export const FIRST_NAMES = [
  "Aisha",
  "Amir",
  "Anita",
  "Bethany",
  "Callum",
  "Chloe",
  "Darnell",
  "Deepa",
  "Eleanor",
  "Emeka",
  "Fatima",
  "Gareth",
  "Grace",
  "Gurpreet",
  "Hannah",
  "Harpreet",
  "Imran",
  "Jade",
  "Jamal",
  "Joanne",
  "Kwame",
  "Leanne",
  "Liam",
  "Lucy",
  "Mandeep",
  "Marcus",
  "Maya",
  "Mohammed",
  "Nadia",
  "Nathan",
  "Niamh",
  "Olu",
  "Patrick",
  "Rachel",
  "Rajesh",
  "Rebecca",
  "Rhys",
  "Ruth",
  "Saima",
  "Samuel",
  "Shabana",
  "Simone",
  "Sunita",
  "Tariq",
  "Tom",
  "Tomasz",
  "Yasmin",
  "Zainab",
  "Zofia",
  "Winston",
] as const;

export const SURNAMES = [
  "Ahmed",
  "Akhtar",
  "Bailey",
  "Begum",
  "Bennett",
  "Brown",
  "Campbell",
  "Chana",
  "Clarke",
  "Cooper",
  "Davies",
  "Edwards",
  "Evans",
  "Francis",
  "Gill",
  "Green",
  "Hall",
  "Hughes",
  "Hussain",
  "Iqbal",
  "Jackson",
  "James",
  "Johal",
  "Kaur",
  "Kelly",
  "Khan",
  "Kowalski",
  "Lewis",
  "Mahmood",
  "Mensah",
  "Mistry",
  "Morris",
  "Nowak",
  "O'Connor",
  "Okoro",
  "Parker",
  "Patel",
  "Phillips",
  "Rahman",
  "Reid",
  "Robinson",
  "Sandhu",
  "Shah",
  "Singh",
  "Thompson",
  "Turner",
  "Walker",
  "Ward",
  "Williams",
  "Wright",
] as const;

const EMBLEMS = [
  "Lantern",
  "Kestrel",
  "Bluebell",
  "Heron",
  "Willow",
  "Beacon",
  "Kingfisher",
  "Hawthorn",
  "Ember",
  "Foxglove",
  "Skylark",
  "Rowan",
  "Marigold",
  "Thistle",
  "Bramble",
  "Juniper",
  "Sparrow",
  "Clover",
  "Harbour",
  "Compass",
  "Acorn",
  "Sunflower",
  "Wren",
  "Teasel",
  "Lodestar",
  "Mayfly",
  "Cobalt",
  "Linnet",
  "Saffron",
  "Quill",
] as const;

const PATTERNS: Record<OrganisationType, readonly ((place: string, emblem: string) => string)[]> = {
  community_group: [
    (p, e) => `${p} ${e} Residents Group`,
    (p, e) => `${e} Good Neighbours ${p}`,
    (p, e) => `${p} ${e} Community Garden`,
    (p, e) => `${p} ${e} Men's Shed`,
    (p, e) => `${e} Parents Network ${p}`,
    (p, e) => `${p} ${e} Tenants and Residents Association`,
    (p, e) => `${e} Walking Group ${p}`,
  ],
  charity: [
    (p, e) => `${p} ${e} Community Trust`,
    (p, e) => `${e} Advice Centre ${p}`,
    (p, e) => `${p} ${e} Youth Trust`,
    (p, e) => `${e} Carers Centre ${p}`,
    (p, e) => `${p} ${e} Wellbeing Trust`,
    (p, e) => `${e} Welcome Project ${p}`,
  ],
  cic: [
    (p, e) => `${p} ${e} Makers CIC`,
    (p, e) => `${e} Futures ${p} CIC`,
    (p, e) => `${p} ${e} Kitchen CIC`,
    (p, e) => `${e} Minds ${p} CIC`,
    (p, e) => `${p} ${e} Bike Hub CIC`,
    (p, e) => `${e} Sports ${p} CIC`,
  ],
  social_enterprise: [
    (p, e) => `${p} ${e} Repair Café`,
    (p, e) => `${e} Print Works ${p}`,
    (p, e) => `${p} ${e} Pantry`,
    (p, e) => `${e} Community Café ${p}`,
    (p, e) => `${p} ${e} Upcycling`,
  ],
  cooperative: [
    (p, e) => `${p} ${e} Food Co-operative`,
    (p, e) => `${e} Care Co-operative ${p}`,
    (p, e) => `${p} ${e} Community Energy Co-operative`,
    (p, e) => `${e} Workers' Co-operative ${p}`,
  ],
  mutual: [(p, e) => `${p} ${e} Community Mutual`, (p, e) => `${e} Savers Mutual ${p}`],
  sme: [
    (p, e) => `${e} Digital ${p} Ltd`,
    (p, e) => `${p} ${e} Bakery Ltd`,
    (p, e) => `${e} Cycles ${p} Ltd`,
    (p, e) => `${p} ${e} Tailoring Ltd`,
    (p, e) => `${e} Coffee ${p} Ltd`,
    (p, e) => `${p} ${e} Fitness Ltd`,
  ],
};

/** How often each type appears among the demo organisations (they add up to 100). */
export const TYPE_WEIGHTS: readonly [OrganisationType, number][] = [
  ["community_group", 24],
  ["charity", 24],
  ["cic", 18],
  ["social_enterprise", 12],
  ["cooperative", 7],
  ["mutual", 3],
  ["sme", 12],
];

export function weightedType(random: SeededRandom): OrganisationType {
  let roll = random.int(1, 100);
  for (const [type, weight] of TYPE_WEIGHTS) {
    roll -= weight;
    if (roll <= 0) return type;
  }
  return "community_group";
}

export function organisationName(type: OrganisationType, place: string, random: SeededRandom): string {
  return random.pick(PATTERNS[type])(place, random.pick(EMBLEMS));
}

/** A registration number in the form its register uses, or null for an unregistered group. */
export function registrationNumber(type: OrganisationType, random: SeededRandom): string | null {
  switch (type) {
    case "community_group":
      return null;
    case "charity":
      return String(random.int(1_100_000, 1_199_999));
    case "cic":
    case "social_enterprise":
    case "sme":
      return String(random.int(10_000_000, 15_999_999)).padStart(8, "0");
    case "cooperative":
    case "mutual":
      // Co-operative and community benefit societies are registered with the FCA.
      return `${random.int(7000, 9999)}R`;
  }
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Ofcom keeps 07700 900000 to 900999 for drama and examples: these numbers ring no one. */
export function fictionalPhone(random: SeededRandom): string {
  return `07700 900${String(random.int(0, 999)).padStart(3, "0")}`;
}
