// Where the demo organisations are: neighbourhoods and towns of each council area with the
// postcode districts that serve them, so an organisation's postcode fits its council.

export interface Place {
  name: string;
  /** Postcode districts (the outward code) that cover the place. */
  districts: readonly string[];
}

export const PLACES: Readonly<Record<string, readonly Place[]>> = {
  // Birmingham
  E08000025: [
    { name: "Ladywood", districts: ["B1", "B16"] },
    { name: "Handsworth", districts: ["B20", "B21"] },
    { name: "Sparkbrook", districts: ["B11", "B12"] },
    { name: "Small Heath", districts: ["B10"] },
    { name: "Erdington", districts: ["B23", "B24"] },
    { name: "Kings Norton", districts: ["B30", "B38"] },
    { name: "Northfield", districts: ["B31"] },
    { name: "Moseley", districts: ["B13"] },
    { name: "Balsall Heath", districts: ["B12"] },
    { name: "Aston", districts: ["B6"] },
    { name: "Nechells", districts: ["B7"] },
    { name: "Lozells", districts: ["B19"] },
    { name: "Selly Oak", districts: ["B29"] },
    { name: "Stechford", districts: ["B33"] },
    { name: "Kingstanding", districts: ["B44"] },
    { name: "Bordesley Green", districts: ["B9"] },
    { name: "Acocks Green", districts: ["B27"] },
    { name: "Castle Vale", districts: ["B35"] },
    { name: "Druids Heath", districts: ["B14"] },
    { name: "Hall Green", districts: ["B28"] },
    { name: "Digbeth", districts: ["B5", "B9"] },
  ],
  // Coventry
  E08000026: [
    { name: "Foleshill", districts: ["CV6"] },
    { name: "Hillfields", districts: ["CV1"] },
    { name: "Canley", districts: ["CV4"] },
    { name: "Tile Hill", districts: ["CV4"] },
    { name: "Wood End", districts: ["CV2"] },
    { name: "Stoke Aldermoor", districts: ["CV3"] },
    { name: "Earlsdon", districts: ["CV5"] },
    { name: "Radford", districts: ["CV6"] },
    { name: "Bell Green", districts: ["CV2"] },
  ],
  // Dudley
  E08000027: [
    { name: "Brierley Hill", districts: ["DY5"] },
    { name: "Netherton", districts: ["DY2"] },
    { name: "Stourbridge", districts: ["DY8"] },
    { name: "Halesowen", districts: ["B62", "B63"] },
    { name: "Sedgley", districts: ["DY3"] },
    { name: "Kingswinford", districts: ["DY6"] },
    { name: "Lye", districts: ["DY9"] },
    { name: "Dudley", districts: ["DY1"] },
  ],
  // Sandwell
  E08000028: [
    { name: "West Bromwich", districts: ["B70", "B71"] },
    { name: "Smethwick", districts: ["B66", "B67"] },
    { name: "Oldbury", districts: ["B68", "B69"] },
    { name: "Tipton", districts: ["DY4"] },
    { name: "Wednesbury", districts: ["WS10"] },
    { name: "Rowley Regis", districts: ["B65"] },
    { name: "Cradley Heath", districts: ["B64"] },
    { name: "Tividale", districts: ["B69"] },
  ],
  // Solihull
  E08000029: [
    { name: "Chelmsley Wood", districts: ["B37"] },
    { name: "Kingshurst", districts: ["B37"] },
    { name: "Smith's Wood", districts: ["B36"] },
    { name: "Shirley", districts: ["B90"] },
    { name: "Olton", districts: ["B92"] },
    { name: "Solihull", districts: ["B91"] },
    { name: "Knowle", districts: ["B93"] },
  ],
  // Walsall
  E08000030: [
    { name: "Bloxwich", districts: ["WS3"] },
    { name: "Darlaston", districts: ["WS10"] },
    { name: "Willenhall", districts: ["WV12", "WV13"] },
    { name: "Brownhills", districts: ["WS8"] },
    { name: "Aldridge", districts: ["WS9"] },
    { name: "Caldmore", districts: ["WS1"] },
    { name: "Pleck", districts: ["WS2"] },
    { name: "Palfrey", districts: ["WS1"] },
  ],
  // Wolverhampton
  E08000031: [
    { name: "Whitmore Reans", districts: ["WV1", "WV6"] },
    { name: "Low Hill", districts: ["WV10"] },
    { name: "Heath Town", districts: ["WV10", "WV11"] },
    { name: "Bilston", districts: ["WV14"] },
    { name: "Wednesfield", districts: ["WV11"] },
    { name: "Blakenhall", districts: ["WV2"] },
    { name: "Tettenhall", districts: ["WV6"] },
    { name: "Pendeford", districts: ["WV9"] },
  ],
  // Warwickshire (county): towns in districts that are not members in their own right
  E10000031: [
    { name: "Leamington Spa", districts: ["CV31", "CV32"] },
    { name: "Warwick", districts: ["CV34"] },
    { name: "Kenilworth", districts: ["CV8"] },
  ],
  // Shropshire
  E06000051: [
    { name: "Shrewsbury", districts: ["SY1", "SY2", "SY3"] },
    { name: "Oswestry", districts: ["SY11"] },
    { name: "Bridgnorth", districts: ["WV16"] },
    { name: "Ludlow", districts: ["SY8"] },
  ],
  // Telford and Wrekin
  E06000020: [
    { name: "Wellington", districts: ["TF1"] },
    { name: "Oakengates", districts: ["TF2"] },
    { name: "Madeley", districts: ["TF7"] },
    { name: "Brookside", districts: ["TF7"] },
  ],
  // Redditch
  E07000236: [
    { name: "Winyates", districts: ["B98"] },
    { name: "Batchley", districts: ["B97"] },
    { name: "Church Hill", districts: ["B98"] },
  ],
  // Rugby
  E07000220: [
    { name: "Brownsover", districts: ["CV21", "CV23"] },
    { name: "Hillmorton", districts: ["CV21"] },
    { name: "New Bilton", districts: ["CV21"] },
  ],
  // North Warwickshire
  E07000218: [
    { name: "Atherstone", districts: ["CV9"] },
    { name: "Coleshill", districts: ["B46"] },
    { name: "Polesworth", districts: ["B78"] },
  ],
  // Nuneaton and Bedworth
  E07000219: [
    { name: "Nuneaton", districts: ["CV10", "CV11"] },
    { name: "Bedworth", districts: ["CV12"] },
    { name: "Camp Hill", districts: ["CV10"] },
  ],
  // Stratford-on-Avon
  E07000221: [
    { name: "Stratford-upon-Avon", districts: ["CV37"] },
    { name: "Alcester", districts: ["B49"] },
    { name: "Southam", districts: ["CV47"] },
  ],
  // Cannock Chase
  E07000192: [
    { name: "Cannock", districts: ["WS11"] },
    { name: "Hednesford", districts: ["WS12"] },
    { name: "Rugeley", districts: ["WS15"] },
  ],
  // Tamworth
  E07000199: [
    { name: "Glascote", districts: ["B77"] },
    { name: "Wilnecote", districts: ["B77"] },
    { name: "Tamworth", districts: ["B79"] },
  ],
};

/** How many demo organisations each council area gets: most in the big metropolitan boroughs. */
export const ORGANISATIONS_PER_AREA: Readonly<Record<string, number>> = {
  E08000025: 24,
  E08000026: 11,
  E08000027: 9,
  E08000028: 10,
  E08000029: 7,
  E08000030: 9,
  E08000031: 10,
  E10000031: 4,
  E06000051: 4,
  E06000020: 4,
  E07000236: 3,
  E07000220: 3,
  E07000218: 2,
  E07000219: 3,
  E07000221: 3,
  E07000192: 2,
  E07000199: 2,
};

// The letters a postcode's last two characters never use.
const INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

export function postcode(district: string, random: () => number): string {
  const digit = Math.floor(random() * 10);
  const a = INWARD_LETTERS[Math.floor(random() * INWARD_LETTERS.length)]!;
  const b = INWARD_LETTERS[Math.floor(random() * INWARD_LETTERS.length)]!;
  return `${district} ${digit}${a}${b}`;
}
