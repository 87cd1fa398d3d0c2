import type { ChallengeStatus, CriterionLevel } from "../schema";
import { londonTime } from "./london";

// The demo challenges, modelled on the real one (Public Service Reform Board, 4 March 2021,
// minute 28): six Citizens Panel priority areas each sponsored by a council, cross-cutting
// principles, and prizes for the top 20 and top 3 ideas. The 2027 challenge is open; the 2021
// one is kept as history.

export const PRIORITY_AREAS = [
  {
    name: "Living safely with coronavirus",
    description:
      "Helping people and places live with coronavirus and other winter illnesses: safer venues, trusted information, and support for people who are still vulnerable.",
  },
  {
    name: "Accessing healthcare and improving physical health",
    description:
      "Helping people reach the health services they need and become more active, especially those who found care hardest to reach during the pandemic.",
  },
  {
    name: "Mental health support and awareness",
    description:
      "Community support that helps people talk about their mental health, reduces loneliness and links people to help early.",
  },
  {
    name: "Education and young people",
    description:
      "Helping children and young people catch up on lost learning, stay safe and well, and find somewhere to belong.",
  },
  {
    name: "Jobs and training",
    description: "Helping people who lost work or hours back into good jobs, with skills that local employers need.",
  },
  {
    name: "Local businesses and high streets",
    description: "Bringing trade and life back to local centres and helping small businesses recover and grow.",
  },
] as const;

export const PRIORITY_AREA_NAMES = PRIORITY_AREAS.map((a) => a.name);

export const PRINCIPLES = [
  {
    name: "More inclusive",
    description: "Reaches the people and places the pandemic hit hardest, and is shaped with them.",
  },
  { name: "Greener", description: "Cuts waste, energy use or travel, or brings nature into the neighbourhood." },
  { name: "Healthier", description: "Improves physical or mental wellbeing as well as meeting its main aim." },
  {
    name: "Digitally connected",
    description: "Helps people get online safely or uses technology to reach more people.",
  },
  {
    name: "Community-led",
    description: "Designed and run by the people who use it, so it can carry on after the prize.",
  },
] as const;

function levels(anchors: readonly [string, string, string, string, string, string]): CriterionLevel[] {
  return anchors.map((label, score) => ({ score, label }));
}

export const CRITERIA = [
  {
    name: "Impact on the community",
    weight: 30,
    guidance: "How much difference the idea would make, to how many people, and how clearly it shows the need.",
    levels: levels([
      "No evidence of need or benefit",
      "A need is stated but the benefit is unclear",
      "Some benefit to a small number of people",
      "A clear benefit to a defined group, with some evidence of need",
      "A strong benefit to many people, backed by local evidence",
      "An outstanding, well-evidenced difference to people the pandemic hit hardest",
    ]),
  },
  {
    name: "Feasibility",
    weight: 20,
    guidance: "Whether the organisation can deliver the idea with the people, partners and plan it describes.",
    levels: levels([
      "No plan for delivery",
      "A plan with major gaps or risks not addressed",
      "A basic plan; several questions remain",
      "A sound plan with realistic timescales",
      "A detailed plan with partners in place and risks managed",
      "Ready to start, with a track record of delivering similar work",
    ]),
  },
  {
    name: "Innovation",
    weight: 20,
    guidance: "How new the idea is, here or anywhere, or how well it adapts something proven to local needs.",
    levels: levels([
      "Repeats existing local provision with no new element",
      "Little that is new",
      "Some new elements",
      "A fresh approach for this area",
      "A creative approach that others could learn from",
      "A genuinely new idea with potential to change how services work",
    ]),
  },
  {
    name: "Fit with the priorities and principles",
    weight: 15,
    guidance: "How well the idea serves its priority area and the cross-cutting principles it claims.",
    levels: levels([
      "Does not relate to any priority area",
      "Weak link to the priority area",
      "Relates to the priority area but not the principles",
      "Clear fit with the priority area and one principle",
      "Strong fit with the priority area and several principles",
      "Exemplary: advances the priority area and the principles together",
    ]),
  },
  {
    name: "Value for money",
    weight: 15,
    guidance: "Whether the costs are realistic and the prize and support would go a long way.",
    levels: levels([
      "Costs missing or unrealistic",
      "Costs unclear or poorly explained",
      "Costs realistic but high for the benefit",
      "Reasonable costs for the benefit",
      "Good value, with other resources brought in",
      "Excellent value; a small investment unlocks a large benefit",
    ]),
  },
] as const;

export const PRIZE_TIERS = [
  {
    name: "Top 20",
    description:
      "The 20 best ideas each win a £500 cash prize and a place at a business development masterclass delivered by Power to Change.",
    places: 20,
    cash_pence: 50_000,
    support_cap_pence: 0,
    masterclass: true,
  },
  {
    name: "Top 3",
    description:
      "The 3 best ideas are also in the top 20, so they get the £500 prize and the masterclass place from that tier. On top of that, each gets support, investment and coaching worth up to £15,000 to develop the idea.",
    places: 3,
    cash_pence: 0,
    support_cap_pence: 1_500_000,
    masterclass: false,
  },
] as const;

const HOW_JUDGING_WORKS =
  "Programme staff first check that each entry is eligible. Each eligible idea is then scored by at least two judges, who declare any conflict of interest first and never score an idea they are connected to. Judges score every idea against the same five criteria, from 0 to 5, with a description of what each score means; the criteria are weighted, and scores are moderated so that a generous or a strict judge does not decide the result. A final panel agrees the top 20 and the top 3.";

export interface DemoKeyDate {
  label: string;
  /** A calendar day in London, YYYY-MM-DD. */
  on: string;
}

export interface DemoFaq {
  question: string;
  answer: string;
}

const FAQS: readonly DemoFaq[] = [
  {
    question: "Can we enter more than one idea?",
    answer: "Yes. Each idea is a separate entry and is judged on its own.",
  },
  {
    question: "Do we need to be a registered charity or company?",
    answer:
      "No. Community groups without a registration number can enter, as can charities, community interest companies, social enterprises, co-operatives, mutuals and small businesses.",
  },
  {
    question: "Can we save our entry and come back to it?",
    answer:
      "Yes. Save each section as you go and come back as often as you like before the closing date. Colleagues in your organisation can work on the same entry.",
  },
  {
    question: "What happens to our idea after the challenge?",
    answer:
      "If you agree, your idea is shared with the region's councils after the winners are announced, so that they can take it forward or link it to local initiatives. You choose this in the declarations section.",
  },
];

export interface DemoChallenge {
  slug: string;
  title: string;
  summary: string;
  description: string;
  who_can_enter: string;
  opens_at: Date;
  closes_at: Date;
  status: ChallengeStatus;
  results_published_at: Date | null;
  created_at: Date;
  how_judging_works: string;
  share_text: string;
  keyDates: readonly DemoKeyDate[];
  faqs: readonly DemoFaq[];
  /** Sponsor council of each priority area, by ONS code, in the order of PRIORITY_AREAS. */
  sponsors: readonly [string, string, string, string, string, string];
}

const WHO_CAN_ENTER =
  "Grassroots organisations and small businesses based in, or working in, the West Midlands Combined Authority area: community groups, charities, community interest companies, social enterprises, co-operatives, mutuals, and small or medium-sized businesses (fewer than 250 employees). Public bodies and large companies cannot enter, but they can support an entry.";

export const CURRENT_CHALLENGE: DemoChallenge = {
  slug: "community-recovery-2027",
  title: "Community Recovery Innovation Challenge 2027",
  summary:
    "Have an idea that would improve life in your community? Grassroots organisations and small businesses can win £500 and a business masterclass place, and the top 3 ideas get up to £15,000 of support, investment and coaching.",
  description:
    "The Community Recovery Innovation Challenge asks the people closest to our communities for practical ideas that improve lives as the region recovers from the pandemic. Ideas should address one of the six priority areas chosen by the Citizens Panel, each led by a sponsor council, and show how they meet the cross-cutting principles. After the winners are announced, every idea whose entrant agrees is shared with the region's councils so that they can take forward ideas with potential and link them to local initiatives.",
  who_can_enter: WHO_CAN_ENTER,
  opens_at: londonTime(2026, 11, 1, 9, 0),
  closes_at: londonTime(2027, 3, 21, 23, 59),
  status: "open",
  results_published_at: null,
  created_at: londonTime(2026, 10, 12, 10, 30),
  how_judging_works: HOW_JUDGING_WORKS,
  share_text:
    "Got an idea to make life better in your community? The Community Recovery Innovation Challenge 2027 is open to community groups, charities, social enterprises and small businesses across the West Midlands. Win £500 and a masterclass place, and up to £15,000 of support for the top 3 ideas. Entries close 21 March 2027.",
  keyDates: [
    { label: "Shortlist announced", on: "2027-04-23" },
    { label: "Final judging panel", on: "2027-05-06" },
    { label: "Winners announced", on: "2027-05-20" },
    { label: "Business development masterclass", on: "2027-06-17" },
  ],
  faqs: FAQS,
  // Sandwell, Wolverhampton, Coventry, Birmingham, Walsall, Solihull
  sponsors: ["E08000028", "E08000031", "E08000026", "E08000025", "E08000030", "E08000029"],
};

export const PREVIOUS_CHALLENGE: DemoChallenge = {
  slug: "community-recovery-2021",
  title: "Community Recovery Innovation Challenge 2021",
  summary:
    "The first Community Recovery Innovation Challenge: ideas from grassroots organisations and small businesses for recovering from the pandemic.",
  description:
    "Launched in February 2021 to find community-led ideas for the six priority areas identified by the Citizens Panel. The top 20 ideas each won £500 and a place at a business development masterclass delivered by Power to Change; the top 3 also received support, investment and coaching worth up to £15,000 each.",
  who_can_enter: WHO_CAN_ENTER,
  opens_at: londonTime(2021, 2, 8, 9, 0),
  closes_at: londonTime(2021, 3, 21, 23, 59),
  status: "archived",
  results_published_at: londonTime(2021, 5, 20, 10, 0),
  created_at: londonTime(2021, 1, 25, 14, 0),
  how_judging_works: HOW_JUDGING_WORKS,
  share_text: "",
  keyDates: [{ label: "Winners announced", on: "2021-05-20" }],
  faqs: FAQS.slice(0, 2),
  // Dudley, Wolverhampton, Coventry, Birmingham, Walsall, Sandwell
  sponsors: ["E08000027", "E08000031", "E08000026", "E08000025", "E08000030", "E08000028"],
};
