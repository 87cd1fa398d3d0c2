import { z } from "zod";

// The rules of the 360Giving Data Standard for the fields this service publishes, written by us
// from the standard's documentation (its schema, codelists and identifier guidance), as a zod
// schema. The export is checked against it before it is handed out, so a grant that breaks a rule
// is refused with a sentence naming the grant and the field, never published.
//
// What the standard documents, and we check:
// - Required on every grant: id, title, description, currency, amountAwarded, awardDate, at least
//   one recipient organisation and at least one funding organisation, each with an id and a name.
// - Grant identifiers start with the publisher's registered 360Giving prefix ("360G-" and a
//   code) and are unique in the file.
// - Organisation identifiers follow org-id.guide: a list code such as GB-CHC (charities in
//   England and Wales), GB-SC (Scotland), GB-NIC (Northern Ireland), GB-COH (Companies House),
//   GB-MPR (the FCA's Mutuals Public Register), GB-LAE (English local authorities); or, for an
//   organisation on no register, one made under the publisher's 360G- prefix. Where the list has
//   a known format, the number after it must have that format, and a charity or company number
//   given beside the identifier must be the same number.
// - Dates are ISO 8601: a calendar date YYYY-MM-DD or a full date-time; lastModified is a
//   date-time; a planned end date is not before its start date.
// - Currency is an ISO 4217 code; amounts are numbers (no commas or symbols), not negative.
// - Codelists: a beneficiary location's geoCodeType comes from the standard's codelist of
//   geographic code types, its geoCode is an ONS code whose entity (E06, E08, ...) is of that
//   type, and its countryCode is an ISO 3166-1 code.

/** ISO 4217 alphabetic codes of the currencies in use. */
export const ISO_4217 = [
  "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF",
  "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC",
  "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
  "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD",
  "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
  "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD",
  "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD",
  "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
  "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES",
  "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWL",
] as const; // prettier-ignore

/**
 * The standard's codelist of geographic code types, and for those of the ONS codes this service
 * holds (council areas), the ONS entity codes each type covers.
 */
export const GEO_CODE_TYPES = [
  "OA", "LSOA", "MSOA", "USOA", "PAR", "WD", "UA", "NMD", "MD", "LONB", "CTY", "RGN/GOR", "WPC", "EER", "CANNET",
  "CSP", "PFA", "PUA", "NPARK", "REGD", "REGSD", "TTWA", "FRA", "LAC", "WZ", "CMWD", "LEP", "CCG", "NHSAT", "CMLAD",
  "CMCTY", "SA", "DZ", "IG", "CHP", "ROA - CPP", "ROA - Local", "HB", "CA", "SPC", "COM", "NAWC", "CDRP",
  "AgricSmall", "CFA",
] as const; // prettier-ignore
export type GeoCodeType = (typeof GEO_CODE_TYPES)[number];

/** The geoCodeType of a council area's ONS code, from its entity (first three characters). */
export const COUNCIL_ENTITY_TYPES: Record<string, GeoCodeType> = {
  E06: "UA",
  E07: "NMD",
  E08: "MD",
  E09: "LONB",
  E10: "CTY",
  W06: "UA",
  S12: "CA",
};

/** org-id.guide lists, and the form of the number after the list code where the list documents one. */
const ORG_ID_LISTS: Record<string, RegExp> = {
  "GB-CHC": /^[0-9]{6,7}$/,
  "GB-SC": /^SC[0-9]{6}$/,
  "GB-NIC": /^[0-9]{5,6}$/,
  "GB-COH": /^(?:[0-9]{8}|[A-Z]{2}[0-9]{6})$/,
  "GB-MPR": /^[A-Z0-9]{1,12}$/,
  "GB-LAE": /^[A-Z]{3,4}$/,
  "GB-LAS": /^[A-Z]{3,4}$/,
  "GB-PLA": /^[A-Z]{3,4}$/,
  "GB-LANI": /^[A-Z]{3,4}$/,
  "GB-GOR": /^[A-Z0-9]{2,}$/,
  "GB-EDU": /^[0-9]{6}$/,
  "GB-NHS": /^[A-Z0-9]{3,5}$/,
  "GB-UKPRN": /^1[0-9]{7}$/,
};

/** A publisher's 360Giving prefix: "360G-" and the publisher's code. */
const PREFIX = /^360G-[A-Za-z0-9]+$/;
const GRANT_ID = /^360G-[A-Za-z0-9]+-[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const PREFIXED_ORG_ID = /^360G-[A-Za-z0-9]+-[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Why an organisation identifier breaks the org-id.guide rules, or null when it follows them. */
export function orgIdProblem(id: string): string | null {
  if (id.startsWith("360G-")) {
    return PREFIXED_ORG_ID.test(id) ? null : "must be the publisher's 360G- prefix followed by an identifier";
  }
  const list = Object.keys(ORG_ID_LISTS).find((code) => id.startsWith(`${code}-`));
  if (!list) return "must start with an org-id.guide list code (such as GB-CHC- or GB-COH-) or a 360G- prefix";
  const number = id.slice(list.length + 1);
  return ORG_ID_LISTS[list]!.test(number) ? null : `has a number that is not in the form ${list} uses`;
}

function isCalendarDate(value: string): boolean {
  const match = /^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isDateTime(value: string): boolean {
  const match =
    /^([0-9]{4}-[0-9]{2}-[0-9]{2})T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$/.exec(
      value,
    );
  return match !== null && isCalendarDate(match[1]!);
}

const text = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`);

const date = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .refine((v) => isCalendarDate(v) || isDateTime(v), `${what} must be an ISO 8601 date (YYYY-MM-DD) or date-time`);

const dateTime = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .refine(isDateTime, `${what} must be an ISO 8601 date-time with its time zone, such as 2021-06-30T09:00:00Z`);

const amount = (what: string) =>
  z
    .number({ error: `${what} must be a number, without commas or a currency sign` })
    .refine(Number.isFinite, `${what} must be a number`)
    .refine((v) => v >= 0, `${what} must not be negative`)
    .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, `${what} must be in whole pence`);

const organisation = z
  .object({
    id: z.string({ error: "the identifier is required" }).superRefine((id, ctx) => {
      const problem = orgIdProblem(id);
      if (problem) ctx.addIssue({ code: "custom", message: `the identifier ${JSON.stringify(id)} ${problem}` });
    }),
    name: text("the name"),
    charityNumber: z.string().min(1).optional(),
    companyNumber: z.string().min(1).optional(),
  })
  .superRefine((org, ctx) => {
    if (org.charityNumber !== undefined && !org.id.endsWith(`-${org.charityNumber}`) && org.id.startsWith("GB-CHC-")) {
      ctx.addIssue({
        code: "custom",
        path: ["charityNumber"],
        message: "the charity number must match the identifier",
      });
    }
    if (org.companyNumber !== undefined && org.id.startsWith("GB-COH-") && org.id !== `GB-COH-${org.companyNumber}`) {
      ctx.addIssue({
        code: "custom",
        path: ["companyNumber"],
        message: "the company number must match the identifier",
      });
    }
  });

const location = z
  .object({
    name: text("the location's name"),
    countryCode: z.string().regex(/^[A-Z]{2}$/, "the country code must be an ISO 3166-1 code such as GB"),
    geoCode: z.string().regex(/^[ENSWK][0-9]{8}$/, "the geographic code must be an ONS code such as E08000025"),
    geoCodeType: z.enum(GEO_CODE_TYPES, { error: "the geographic code type must come from the 360Giving codelist" }),
  })
  .superRefine((loc, ctx) => {
    const expected = COUNCIL_ENTITY_TYPES[loc.geoCode.slice(0, 3)];
    if (expected && expected !== loc.geoCodeType) {
      ctx.addIssue({
        code: "custom",
        path: ["geoCodeType"],
        message: `the geographic code ${loc.geoCode} is of type ${expected}, not ${loc.geoCodeType}`,
      });
    }
    if (/^[ENSW]/.test(loc.geoCode) && loc.countryCode !== "GB") {
      ctx.addIssue({ code: "custom", path: ["countryCode"], message: "a UK area's country code must be GB" });
    }
  });

const plannedDates = z
  .object({
    startDate: date("the planned start date"),
    endDate: date("the planned end date").optional(),
  })
  .superRefine((dates, ctx) => {
    if (dates.endDate && dates.endDate.slice(0, 10) < dates.startDate.slice(0, 10)) {
      ctx.addIssue({ code: "custom", path: ["endDate"], message: "the planned end date is before its start date" });
    }
  });

export const grantSchema = z.object({
  id: z
    .string({ error: "the grant identifier is required" })
    .regex(GRANT_ID, "the grant identifier must start with the publisher's 360G- prefix"),
  title: text("the title"),
  description: text("the description"),
  currency: z.enum(ISO_4217, { error: "the currency must be an ISO 4217 code such as GBP" }),
  amountAwarded: amount("the amount awarded"),
  awardDate: date("the award date"),
  plannedDates: z.array(plannedDates).optional(),
  recipientOrganization: z.array(organisation).min(1, "a recipient organisation is required"),
  beneficiaryLocation: z.array(location).optional(),
  fundingOrganization: z.array(organisation).min(1, "a funding organisation is required"),
  grantProgramme: z.array(z.object({ title: text("the grant programme's title") })).optional(),
  lastModified: dateTime("the last modified time"),
});

export const packageSchema = z
  .object({ grants: z.array(grantSchema, { error: 'the package must have a "grants" list' }) })
  .superRefine((pkg, ctx) => {
    const seen = new Set<string>();
    pkg.grants.forEach((grant, i) => {
      if (seen.has(grant.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["grants", i, "id"],
          message: `the grant identifier ${grant.id} is used twice`,
        });
      }
      seen.add(grant.id);
    });
  });

/** Whether a publisher prefix is one 360Giving could have registered ("360G-" and a code). */
export function isPublisherPrefix(prefix: string): boolean {
  return PREFIX.test(prefix);
}

function place(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}

/**
 * Every way a 360Giving JSON package breaks the standard's rules, one sentence each, naming the
 * grant (by its identifier where it has one) and the field; empty when it follows them all.
 */
export function threeSixtyGivingProblems(data: unknown): string[] {
  const result = packageSchema.safeParse(data);
  if (result.success) return [];
  const grants =
    typeof data === "object" && data !== null && Array.isArray((data as { grants?: unknown }).grants)
      ? ((data as { grants: unknown[] }).grants as unknown[])
      : [];
  return result.error.issues.map((issue) => {
    const [first, index, ...rest] = issue.path;
    if (first === "grants" && typeof index === "number") {
      const id = (grants[index] as { id?: unknown } | undefined)?.id;
      const which = typeof id === "string" && id ? `grant ${id}` : `grant ${index + 1}`;
      return rest.length ? `${which}, ${place(rest)}: ${issue.message}` : `${which}: ${issue.message}`;
    }
    return issue.message;
  });
}
