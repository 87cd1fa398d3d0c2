import { z } from "zod";
import {
  optionalParagraphs,
  parseValues,
  requiredParagraphs,
  requiredText,
  type FormValues,
  type ParseResult,
} from "./forms";
import { londonInstant, readClockTime, readDateParts } from "./london-date-input";

// The rubric judges score against, and the forms staff use for judging, with no I/O.
//
// THE RULES
// - A criterion has a name (unique in the challenge), optional guidance, a weight that is a whole
//   number from 1 to 100, and a scale of whole numbers from scale_min to scale_max
//   (0 <= min < max <= 10, the database's own check) with one described anchor per level.
// - The weights are relative: a criterion weighted 30 counts three times one weighted 10. Staff
//   may save a rubric whose weights do not add up to 100 while they work on it (the page shows the
//   total and warns), but scoring cannot start until they do: 100 makes each weight read as "per
//   cent of the total score", which is how the challenge page and the judges describe them.
// - Every level of every criterion needs its anchor before scoring starts, so a judge always sees
//   what a score means.

export const WEIGHT_TOTAL = 100;
export const SCALE_LIMIT = 10;
export const CRITERION_NAME_MAX = 120;
export const GUIDANCE_MAX = 2000;
export const LEVEL_LABEL_MAX = 300;

export interface RubricLevel {
  score: number;
  label: string;
}

export interface RubricCriterion {
  name: string;
  weight: number;
  scaleMin: number;
  scaleMax: number;
  levels: RubricLevel[];
}

export interface CriterionInput extends RubricCriterion {
  guidance: string;
}

function wholeNumber(label: string, min: number, max: number, example: string) {
  return z
    .string({ error: `Enter the ${label}` })
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(1, `Enter the ${label}`)
        .regex(/^\d{1,4}$/, `The ${label} must be a whole number, like ${example}`)
        .transform(Number)
        .pipe(
          z.number().min(min, `The ${label} must be ${min} or more`).max(max, `The ${label} must be ${max} or fewer`),
        ),
    );
}

/** The name of a level's field: level0 ... level10. */
export function levelField(score: number): string {
  return `level${score}`;
}

const criterionFields = z.object({
  name: requiredText("the name of the criterion", CRITERION_NAME_MAX),
  guidance: optionalParagraphs("the guidance", GUIDANCE_MAX),
  weight: wholeNumber("weight", 1, 100, "20"),
  scaleMin: wholeNumber("lowest score", 0, SCALE_LIMIT - 1, "0"),
  scaleMax: wholeNumber("highest score", 1, SCALE_LIMIT, "5"),
});

export const CRITERION_FIELD_ORDER = [
  "name",
  "guidance",
  "weight",
  "scaleMin",
  "scaleMax",
  ...Array.from({ length: SCALE_LIMIT + 1 }, (_, i) => levelField(i)),
];

/** A posted criterion: its fields, then one anchor for each level of its scale. */
export function parseCriterion(values: FormValues): ParseResult<CriterionInput> {
  const fields = parseValues(criterionFields, values);
  const errors: Record<string, string> = fields.ok ? {} : { ...fields.errors };
  let min: number | null = null;
  let max: number | null = null;
  if (fields.ok) {
    min = fields.data.scaleMin;
    max = fields.data.scaleMax;
    if (max <= min) errors.scaleMax = "The highest score must be more than the lowest score";
  }
  const levels: RubricLevel[] = [];
  if (min !== null && max !== null && max > min) {
    for (let score = min; score <= max; score++) {
      const raw = values[levelField(score)];
      const label = (Array.isArray(raw) ? (raw[0] ?? "") : (raw ?? "")).trim();
      if (!label) errors[levelField(score)] = `Describe what a score of ${score} means`;
      else if (label.length > LEVEL_LABEL_MAX) {
        errors[levelField(score)] =
          `The description of a score of ${score} must be ${LEVEL_LABEL_MAX} characters or fewer`;
      } else levels.push({ score, label });
    }
  }
  if (!fields.ok || Object.keys(errors).length) return { ok: false, errors, values };
  return { ok: true, values, data: { ...fields.data, levels } };
}

/** The form values of a saved criterion, to fill the form for changing it. */
export function criterionValues(c: {
  name: string;
  guidance: string;
  weight: number;
  scaleMin: number;
  scaleMax: number;
  levels: RubricLevel[];
}): FormValues {
  const values: FormValues = {
    name: c.name,
    guidance: c.guidance,
    weight: String(c.weight),
    scaleMin: String(c.scaleMin),
    scaleMax: String(c.scaleMax),
  };
  for (const level of c.levels) values[levelField(level.score)] = level.label;
  return values;
}

/**
 * The levels stored in the jsonb column, checked (anything malformed reads as no anchor) and from
 * the lowest score to the highest: the order of the scale, whatever order the jsonb was written in.
 */
export function readLevels(value: unknown): RubricLevel[] {
  const parsed = z.array(z.object({ score: z.number().int(), label: z.string() })).safeParse(value);
  return parsed.success ? parsed.data.sort((a, b) => a.score - b.score) : [];
}

export function weightTotal(criteria: readonly { weight: number }[]): number {
  return criteria.reduce((sum, c) => sum + c.weight, 0);
}

/** Why scoring cannot start with this rubric; empty when it can. */
export function rubricProblems(criteria: readonly RubricCriterion[]): string[] {
  const problems: string[] = [];
  if (!criteria.length) return ["Add at least one criterion to the rubric"];
  const total = weightTotal(criteria);
  if (total !== WEIGHT_TOTAL) {
    problems.push(`The weights of the criteria add up to ${total}; they must add up to ${WEIGHT_TOTAL}`);
  }
  for (const c of criteria) {
    const scores = new Set(c.levels.filter((l) => l.label.trim()).map((l) => l.score));
    const missing: number[] = [];
    for (let s = c.scaleMin; s <= c.scaleMax; s++) if (!scores.has(s)) missing.push(s);
    if (missing.length) {
      problems.push(
        `“${c.name}” needs a description for ${missing.length === 1 ? "the score" : "the scores"} ${missing.join(", ")}`,
      );
    }
  }
  return problems;
}

// ---- Forms for rounds, assignment and moderation ----------------------------------------------

const intText = (label: string, min: number, max: number, example: string) => wholeNumber(label, min, max, example);

const yesNo = (message: string) => z.enum(["yes", "no"], { error: message }).transform((v) => v === "yes");

export const roundSettingsSchema = z.object({
  judgesPerEntry: intText("number of judges for each entry", 1, 20, "3"),
  advanceCount: intText("number of entries that go through", 1, 1000, "20"),
  hideOrganisation: yesNo("Select whether judges see the names of organisations"),
  disagreementThreshold: intText("disagreement threshold", 1, 100, "25"),
  rankBy: z.enum(["normalised", "raw"], { error: "Select which score ranks the entries" }),
});
export type RoundSettingsInput = z.infer<typeof roundSettingsSchema>;
export const ROUND_SETTINGS_ORDER = [
  "judgesPerEntry",
  "advanceCount",
  "hideOrganisation",
  "scoringCloses",
  "scoringClosesTime",
  "disagreementThreshold",
  "rankBy",
];

export const reasonSchema = (what: string) => z.object({ reason: requiredParagraphs(`the reason for ${what}`, 2000) });

/** An id chosen from a list (a radio or select): digits only. */
export const idField = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^[1-9][0-9]{0,8}$/, message)
    .transform(Number);

/** A judge's optional cap on a round: blank for none. */
export const capField = z
  .string()
  .optional()
  .transform((s) => (s ?? "").trim())
  .pipe(
    z.union([
      z.literal("").transform(() => null),
      z
        .string()
        .regex(/^\d{1,5}$/, "The most entries must be a whole number, like 10, or left blank")
        .transform(Number)
        .pipe(z.number().max(10000, "The most entries must be 10,000 or fewer")),
    ]),
  );

/**
 * The round settings form, with its optional closing date and time (GOV.UK date boxes named
 * scoringClosesDay/Month/Year and a scoringClosesTime box; all blank means no closing time).
 */
export function parseRoundSettings(
  values: FormValues,
): ParseResult<RoundSettingsInput & { scoringClosesAt: Date | null }> {
  const fields = parseValues(roundSettingsSchema, values);
  const errors: Record<string, string> = fields.ok ? {} : { ...fields.errors };
  const text = (key: string) => {
    const v = values[key];
    return (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).slice(0, 40);
  };
  const parts = { day: text("scoringClosesDay"), month: text("scoringClosesMonth"), year: text("scoringClosesYear") };
  const time = text("scoringClosesTime");
  let scoringClosesAt: Date | null = null;
  if ((parts.day + parts.month + parts.year + time).trim()) {
    const date = readDateParts(parts, "Closing date");
    const clock = readClockTime(time, "Closing time");
    if (!date.ok) errors.scoringCloses = date.message;
    if (!clock.ok) errors.scoringClosesTime = clock.message;
    if (date.ok && clock.ok) scoringClosesAt = londonInstant(date.date, clock.time);
  }
  if (!fields.ok || Object.keys(errors).length) return { ok: false, errors, values };
  return { ok: true, values, data: { ...fields.data, scoringClosesAt } };
}
