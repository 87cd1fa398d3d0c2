import { z } from "zod";
import {
  capitalise,
  optionalParagraphs,
  parseValues,
  requiredParagraphs,
  requiredText,
  type FormValues,
  type ParseResult,
} from "./forms";
import { londonInstant, readClockTime, readDateParts } from "./london-date-input";
import { parsePounds } from "./money";

// The rules of setting up a challenge, with no I/O: what each staff form accepts, which dates make
// sense, and what must be in place before a challenge can be opened.

export const TITLE_MAX = 150;
export const SUMMARY_MAX = 600;
export const PAGE_TEXT_MAX = 20_000;
export const SHARE_TEXT_MAX = 500;
/** Cash prizes and support caps are integer pence in a 32-bit column; a million pounds is plenty. */
export const MONEY_MAX_PENCE = 100_000_000;

function longText(label: string, max: number) {
  return optionalParagraphs(label, max);
}

const yesNo = (message: string) => z.enum(["yes", "no"], { error: message }).transform((v) => v === "yes");

export const detailsSchema = z.object({
  title: requiredText("the title", TITLE_MAX),
  summary: requiredParagraphs("the summary", SUMMARY_MAX),
  description: longText("what the challenge is for", PAGE_TEXT_MAX),
  whoCanEnter: longText("who can enter", PAGE_TEXT_MAX),
  howJudgingWorks: longText("how judging works", PAGE_TEXT_MAX),
  shareText: longText("the text to share", SHARE_TEXT_MAX),
  judgesSeeOrganisation: yesNo("Select whether judges see the names of organisations"),
});
export type DetailsInput = z.infer<typeof detailsSchema>;

/** Supporting documents with entries: at most this many per entry, each at most 25 MB (MAX_FILE_BYTES). */
export const ENTRY_FILES_MAX = 10;
export const ENTRY_FILE_MB_MAX = 25;

function wholeNumber(label: string, min: number, max: number) {
  const message = `Enter ${label} as a whole number from ${min} to ${max}`;
  return z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,3}$/, { error: message })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: message });
}

export const entryDocumentsSchema = z.object({
  maxFiles: wholeNumber("how many files an entry may have", 0, ENTRY_FILES_MAX),
  maxFileMb: wholeNumber("the largest file size in MB", 1, ENTRY_FILE_MB_MAX),
});
export type EntryDocumentsInput = z.infer<typeof entryDocumentsSchema>;

// A date and time entered as four boxes: <prefix>Day, <prefix>Month, <prefix>Year, <prefix>Time.
// Errors are reported on <prefix> (the date, linking to its first box) or <prefix>Time.
const box = z
  .string()
  .optional()
  .transform((s) => (s ?? "").slice(0, 40));

type Boxes<P extends string> = { [K in `${P}Day` | `${P}Month` | `${P}Year` | `${P}Time`]: typeof box };

function dateTimeBoxes<P extends string>(prefix: P): Boxes<P> {
  return {
    [`${prefix}Day`]: box,
    [`${prefix}Month`]: box,
    [`${prefix}Year`]: box,
    [`${prefix}Time`]: box,
  } as Boxes<P>;
}

function readDateTime(
  values: Record<string, unknown>,
  prefix: string,
  label: string,
  ctx: z.RefinementCtx,
): Date | null {
  const text = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : "");
  const date = readDateParts(
    { day: text(`${prefix}Day`), month: text(`${prefix}Month`), year: text(`${prefix}Year`) },
    `${label} date`,
  );
  const time = readClockTime(text(`${prefix}Time`), `${label} time`);
  if (!date.ok) ctx.addIssue({ code: "custom", path: [prefix], message: date.message });
  if (!time.ok) ctx.addIssue({ code: "custom", path: [`${prefix}Time`], message: time.message });
  if (!date.ok || !time.ok) return null;
  const instant = londonInstant(date.date, time.time);
  if (!instant) ctx.addIssue({ code: "custom", path: [prefix], message: `${label} date must be a real date` });
  return instant;
}

export interface DatesInput {
  opensAt: Date;
  closesAt: Date;
}

export const datesSchema = z
  .object({ ...dateTimeBoxes("opens"), ...dateTimeBoxes("closes") })
  .transform((values, ctx): DatesInput => {
    const opensAt = readDateTime(values, "opens", "Opening", ctx);
    const closesAt = readDateTime(values, "closes", "Closing", ctx);
    if (!opensAt || !closesAt) return z.NEVER;
    const problem = datesProblem({ opensAt, closesAt });
    if (problem) {
      ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
      return z.NEVER;
    }
    return { opensAt, closesAt };
  });

export const DATES_ORDER = ["opens", "opensTime", "closes", "closesTime"];

/** The date rule every challenge keeps, open or not: entries close after they open. */
export function datesProblem({ opensAt, closesAt }: DatesInput): { field: "closes"; message: string } | null {
  if (closesAt.getTime() <= opensAt.getTime()) {
    return { field: "closes", message: "The closing time must be after the opening time" };
  }
  return null;
}

const newChallengeTextSchema = z.object({
  title: requiredText("the title", TITLE_MAX),
  summary: requiredParagraphs("the summary", SUMMARY_MAX),
  copyFrom: z
    .string()
    .optional()
    .transform((s) => (s && /^\d{1,9}$/.test(s.trim()) ? Number(s.trim()) : null)),
});

export type NewChallengeInput = z.infer<typeof newChallengeTextSchema> & DatesInput;

/**
 * Two schemas read separately, their errors merged: zod skips an object's refinements once a
 * field is missing, and a person should hear about the title and the dates at the same time.
 */
function parseBoth<A extends object, B extends object>(
  first: ParseResult<A>,
  second: ParseResult<B>,
): ParseResult<A & B> {
  if (first.ok && second.ok) return { ok: true, data: { ...first.data, ...second.data }, values: first.values };
  return {
    ok: false,
    errors: { ...(first.ok ? {} : first.errors), ...(second.ok ? {} : second.errors) },
    values: first.values,
  };
}

/** The form that creates a challenge: title, summary, dates and what to copy. */
export function parseNewChallenge(values: FormValues): ParseResult<NewChallengeInput> {
  return parseBoth(parseValues(newChallengeTextSchema, values), parseValues(datesSchema, values));
}

export const NEW_CHALLENGE_ORDER = ["title", "summary", ...DATES_ORDER, "copyFrom"];

/**
 * What stops a challenge from being opened (published), in the order the page lists them. The
 * closing time must still be ahead: opening a challenge that has already closed would publish a
 * page nobody can enter.
 */
export function openingProblems(input: {
  opensAt: Date;
  closesAt: Date;
  now: Date;
  priorityAreas: number;
  prizeTiers: number;
}): string[] {
  const problems: string[] = [];
  const dates = datesProblem(input);
  if (dates) problems.push(dates.message);
  else if (input.closesAt.getTime() <= input.now.getTime()) {
    problems.push("The closing time has passed. Change it to a time in the future before you open the challenge");
  }
  if (input.priorityAreas === 0) problems.push("Add at least one priority area");
  if (input.prizeTiers === 0) problems.push("Add at least one prize tier");
  return problems;
}

/** A challenge's address-friendly name, from its title: "Community Recovery 2028" -> "community-recovery-2028". */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return slug || "challenge";
}

// The lists that make up a challenge page. The key is also the address segment of its pages:
// /staff/challenge/:id/<kind>.
export const ITEM_KINDS = ["areas", "principles", "prizes", "faq", "key-dates"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export function isItemKind(value: string | undefined): value is ItemKind {
  return (ITEM_KINDS as readonly string[]).includes(value ?? "");
}

/** Lists whose order staff choose (key dates are in date order). */
export function isOrdered(kind: ItemKind): boolean {
  return kind !== "key-dates";
}

export const ITEM_WORDS: Record<ItemKind, { plural: string; singular: string; article: string }> = {
  areas: { plural: "Priority areas", singular: "priority area", article: "a" },
  principles: { plural: "Cross-cutting principles", singular: "principle", article: "a" },
  prizes: { plural: "Prize tiers", singular: "prize tier", article: "a" },
  faq: { plural: "Questions and answers", singular: "question", article: "a" },
  "key-dates": { plural: "Other key dates", singular: "key date", article: "a" },
};

function pounds(label: string, { required }: { required: boolean }) {
  return z
    .string()
    .optional()
    .transform((s, ctx) => {
      const text = (s ?? "").trim();
      if (!text) {
        if (!required) return 0;
        ctx.addIssue({ code: "custom", message: `Enter the ${label} in pounds, or 0` });
        return z.NEVER;
      }
      const pence = text.length > 20 ? null : parsePounds(text);
      if (pence === null) {
        ctx.addIssue({
          code: "custom",
          message: `${capitalise(label)} must be an amount of money, like 500 or 15,000`,
        });
        return z.NEVER;
      }
      if (pence > MONEY_MAX_PENCE) {
        ctx.addIssue({ code: "custom", message: `${capitalise(label)} must be £1,000,000 or less` });
        return z.NEVER;
      }
      return pence;
    });
}

const sponsorCode = z
  .string({ error: "Select the sponsor council" })
  .transform((s) => s.trim())
  .pipe(z.string().regex(/^[EW][0-9]{8}$/, "Select the sponsor council"));

export const itemSchemas = {
  areas: z.object({
    name: requiredText("the name of the priority area", 150),
    description: longText("the description", 2000),
    sponsorCode,
  }),
  principles: z.object({
    name: requiredText("the name of the principle", 150),
    description: longText("the description", 2000),
  }),
  prizes: z.object({
    name: requiredText("the name of the prize tier", 100),
    description: longText("the description", 2000),
    places: z
      .string({ error: "Enter how many places there are, like 20" })
      .transform((s) => s.trim())
      .pipe(
        z
          .string()
          .min(1, "Enter how many places there are, like 20")
          .regex(/^\d{1,4}$/, "Places must be a whole number, like 20")
          .transform(Number)
          .pipe(z.number().min(1, "Places must be 1 or more").max(1000, "Places must be 1,000 or fewer")),
      ),
    cash: pounds("cash prize", { required: true }),
    supportCap: pounds("support cap", { required: false }),
    masterclass: yesNo("Select whether winners get a masterclass place"),
  }),
  faq: z.object({
    question: requiredText("the question", 300),
    answer: requiredParagraphs("the answer", 5000),
  }),
  "key-dates": z.object({ label: requiredText("what happens on the date", 100) }),
} satisfies Record<ItemKind, z.ZodType>;

type ItemData = { [K in Exclude<ItemKind, "key-dates">]: z.infer<(typeof itemSchemas)[K]> } & {
  "key-dates": { label: string; date: string };
};
export type ItemInput = { [K in ItemKind]: { kind: K } & ItemData[K] }[ItemKind];

export const ITEM_FIELD_ORDER: Record<ItemKind, string[]> = {
  areas: ["name", "description", "sponsorCode"],
  principles: ["name", "description"],
  prizes: ["name", "description", "places", "cash", "supportCap", "masterclass"],
  faq: ["question", "answer"],
  "key-dates": ["label", "date"],
};

/** What the rest of the page needs to know about a list item to name it, e.g. in messages. */
export function itemTitle(item: ItemInput): string {
  switch (item.kind) {
    case "faq":
      return item.question;
    case "key-dates":
      return item.label;
    default:
      return item.name;
  }
}

/** An id in an address: digits only, or null (the page answers 404). */
export function parseId(value: string | undefined): number | null {
  if (!value || !/^[1-9][0-9]{0,8}$/.test(value)) return null;
  return Number(value);
}

const keyDateSchema = z.object({ dateDay: box, dateMonth: box, dateYear: box }).transform((values, ctx) => {
  const date = readDateParts({ day: values.dateDay, month: values.dateMonth, year: values.dateYear }, "Date");
  if (!date.ok) {
    ctx.addIssue({ code: "custom", path: ["date"], message: date.message });
    return z.NEVER;
  }
  return { date: date.date };
});

/** A posted list item, checked by its kind's schema. */
export function parseItem(kind: ItemKind, values: FormValues): ParseResult<ItemInput> {
  const fields = parseValues(itemSchemas[kind] as z.ZodType<Record<string, unknown>>, values);
  const result = kind === "key-dates" ? parseBoth(fields, parseValues(keyDateSchema, values)) : fields;
  if (!result.ok) return result;
  return { ok: true, values: result.values, data: { kind, ...result.data } as ItemInput };
}
