import { z } from "zod";
import type { EntryStatus } from "../../db/schema";
import { MAX_FIELD_LENGTH, type FieldErrors, type FormValues } from "./forms";
import { cleanSingleLine } from "./plain-text";
import { countWords } from "./words";

// The entry form as a GOV.UK task list: six sections, each its own page. A section is saved as
// often as the person likes with whatever they have written so far (within the word limits);
// the person says when a section is finished ("Have you completed this section?"), and only
// then must every question in it be answered. Submitting needs every section completed.
//
// Why ask rather than work it out: a section of free text can have every box filled long
// before its author is happy with it. GOV.UK's task list pattern asks, so "Completed" means
// what the person means by it. We still check: a section marked completed whose answers are
// missing (or no longer valid) shows as "In progress", never "Completed".
//
// Pure and free of server-only imports: the pages use these definitions for labels and word
// limits, the service for validation and completeness.

export const SECTION_KEYS = ["idea", "need", "priority", "where", "delivery", "declarations"] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export function isSectionKey(value: string | undefined): value is SectionKey {
  return typeof value === "string" && (SECTION_KEYS as readonly string[]).includes(value);
}

/** Everything an entrant writes, as the form and the service handle it. */
export interface EntryContent {
  title: string;
  summary: string;
  need: string;
  beneficiaries: string;
  priorityAreaId: number | null;
  principleIds: number[];
  areaCodes: string[];
  delivery: string;
  costs: string;
  prizeUse: string;
  consentShare: boolean;
  consentContact: boolean;
  declaration: boolean;
}

export const EMPTY_CONTENT: EntryContent = {
  title: "",
  summary: "",
  need: "",
  beneficiaries: "",
  priorityAreaId: null,
  principleIds: [],
  areaCodes: [],
  delivery: "",
  costs: "",
  prizeUse: "",
  consentShare: false,
  consentContact: false,
  declaration: false,
};

export type TextFieldName = "title" | "summary" | "need" | "beneficiaries" | "delivery" | "costs" | "prizeUse";

export interface TextFieldDefinition {
  name: TextFieldName;
  /** The question, as the form's label. */
  label: string;
  hint: string;
  /** The answer's name in messages and on the check-your-answers page. */
  noun: string;
  required: string;
  maxWords?: number;
  maxChars?: number;
  /** A single-line input rather than a textarea. */
  singleLine?: boolean;
}

export const TEXT_FIELDS: Record<TextFieldName, TextFieldDefinition> = {
  title: {
    name: "title",
    label: "What is your idea called?",
    hint: "A short name that describes it, for example ‘Green Lanes community fridge’",
    noun: "Name of the idea",
    required: "Enter the name of your idea",
    maxChars: 150,
    singleLine: true,
  },
  summary: {
    name: "summary",
    label: "Summarise your idea",
    hint: "What you would do, in a few sentences. Judges and councils read this first.",
    noun: "Summary",
    required: "Enter a summary of your idea",
    maxWords: 100,
  },
  need: {
    name: "need",
    label: "What need does your idea meet?",
    hint: "The problem in your community, and any evidence you have of it",
    noun: "The need",
    required: "Enter the need your idea meets",
    maxWords: 300,
  },
  beneficiaries: {
    name: "beneficiaries",
    label: "Who would benefit, and how?",
    hint: "Who the idea is for, roughly how many people, and what difference it would make to them",
    noun: "Who benefits",
    required: "Enter who would benefit from your idea",
    maxWords: 250,
  },
  delivery: {
    name: "delivery",
    label: "How would you deliver your idea?",
    hint: "Who would do what, with which partners, and by when",
    noun: "How it would be delivered",
    required: "Enter how you would deliver your idea",
    maxWords: 500,
  },
  costs: {
    name: "costs",
    label: "What would it cost?",
    hint: "The main costs and the total. Say if you have other funding or help in kind.",
    noun: "Costs",
    required: "Enter what your idea would cost",
    maxWords: 250,
  },
  prizeUse: {
    name: "prizeUse",
    label: "How would you use the prize?",
    hint: "The top 20 ideas win £500 and a masterclass place; the top 3 also get support, investment and coaching worth up to £15,000",
    noun: "How the prize would be used",
    required: "Enter how you would use the prize",
    maxWords: 250,
  },
};

/** The form fields of each section, in the order they appear. */
export const SECTION_FIELDS = {
  idea: ["title", "summary"],
  need: ["need", "beneficiaries"],
  priority: ["priorityArea", "principles"],
  where: ["areas"],
  delivery: ["delivery", "costs", "prizeUse"],
  declarations: ["consentShare", "consentContact", "declaration"],
} as const satisfies Record<SectionKey, readonly string[]>;

/** Fields posted as several values (checkboxes). */
export const ARRAY_FIELDS = ["principles", "areas"] as const;

export interface SectionDefinition {
  key: SectionKey;
  /** The task list's name for it, and the section page's heading. */
  title: string;
}

export const SECTIONS: Record<SectionKey, SectionDefinition> = {
  idea: { key: "idea", title: "About the idea" },
  need: { key: "need", title: "The need and who benefits" },
  priority: { key: "priority", title: "Priority area and principles" },
  where: { key: "where", title: "Where the idea would work" },
  delivery: { key: "delivery", title: "Delivery, costs and how you would use the prize" },
  declarations: { key: "declarations", title: "Declarations and consent" },
};

export const COMPLETED_QUESTION = "Have you completed this section?";

const MESSAGES = {
  priorityArea: "Select the priority area your idea addresses",
  principles: "Select at least one principle your idea meets",
  areas: "Select at least one council area",
  declaration: "Confirm the declaration to complete this section",
  completed: "Select whether you have completed this section",
  unknownOption: "Select from the options on the page",
};

/** The most choices a checkbox question can carry; far more than any challenge offers. */
const MAX_CHOICES = 100;

/** Problems with one text answer that stop it being saved at all (too long). */
export function textLimitProblem(field: TextFieldDefinition, text: string): string | null {
  if (text.length > MAX_FIELD_LENGTH) {
    return field.maxWords
      ? `${field.noun} is too long: it must be ${field.maxWords} words or fewer`
      : `${field.noun} must be ${field.maxChars ?? MAX_FIELD_LENGTH} characters or fewer`;
  }
  if (field.maxWords !== undefined && countWords(text) > field.maxWords) {
    return `${field.noun} must be ${field.maxWords} words or fewer`;
  }
  if (field.maxChars !== undefined && text.length > field.maxChars) {
    return `${field.noun} must be ${field.maxChars} characters or fewer`;
  }
  return null;
}

function textField(field: TextFieldDefinition) {
  return (
    z
      .string({ error: field.required })
      .optional()
      // The one-line answer (the idea's name) is cleaned as every name and title is.
      .transform((s) => (field.singleLine ? cleanSingleLine(s ?? "") : (s ?? "").trim()))
      .superRefine((text, ctx) => {
        const problem = textLimitProblem(field, text);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
  );
}

const idList = z
  .array(z.string(), { error: MESSAGES.unknownOption })
  .optional()
  .transform((list, ctx) => {
    const ids = new Set<number>();
    for (const raw of list ?? []) {
      if (!/^\d{1,9}$/.test(raw)) {
        ctx.addIssue({ code: "custom", message: MESSAGES.unknownOption });
        return z.NEVER;
      }
      ids.add(Number(raw));
    }
    if (ids.size > MAX_CHOICES) {
      ctx.addIssue({ code: "custom", message: MESSAGES.unknownOption });
      return z.NEVER;
    }
    return [...ids];
  });

const codeList = z
  .array(z.string(), { error: MESSAGES.unknownOption })
  .optional()
  .transform((list, ctx) => {
    const codes = new Set<string>();
    for (const raw of list ?? []) {
      if (!/^[EW][0-9]{8}$/.test(raw)) {
        ctx.addIssue({ code: "custom", message: MESSAGES.unknownOption });
        return z.NEVER;
      }
      codes.add(raw);
    }
    if (codes.size > MAX_CHOICES) {
      ctx.addIssue({ code: "custom", message: MESSAGES.unknownOption });
      return z.NEVER;
    }
    return [...codes];
  });

const optionalId = z
  .string({ error: MESSAGES.priorityArea })
  .optional()
  .transform((raw, ctx) => {
    const value = (raw ?? "").trim();
    if (value === "") return null;
    if (!/^\d{1,9}$/.test(value)) {
      ctx.addIssue({ code: "custom", message: MESSAGES.priorityArea });
      return z.NEVER;
    }
    return Number(value);
  });

// A single checkbox: ticked sends "yes"; unticked sends nothing.
const tick = z
  .string()
  .optional()
  .transform((v) => v === "yes");

const completed = z.enum(["yes", "no"], { error: MESSAGES.completed }).transform((v) => v === "yes");

/** What a section's form gives the service: the answers it holds, and whether it is completed. */
export type SectionInput<K extends SectionKey = SectionKey> = {
  section: K;
  content: Partial<EntryContent>;
  completed: boolean;
};

const SHAPES = {
  idea: { title: textField(TEXT_FIELDS.title), summary: textField(TEXT_FIELDS.summary) },
  need: { need: textField(TEXT_FIELDS.need), beneficiaries: textField(TEXT_FIELDS.beneficiaries) },
  priority: { priorityArea: optionalId, principles: idList },
  where: { areas: codeList },
  delivery: {
    delivery: textField(TEXT_FIELDS.delivery),
    costs: textField(TEXT_FIELDS.costs),
    prizeUse: textField(TEXT_FIELDS.prizeUse),
  },
  declarations: { consentShare: tick, consentContact: tick, declaration: tick },
};

/** Turns a section's parsed form fields into the part of the entry they set. */
function toContent(section: SectionKey, parsed: Record<string, unknown>): Partial<EntryContent> {
  switch (section) {
    case "idea":
      return { title: parsed.title as string, summary: parsed.summary as string };
    case "need":
      return { need: parsed.need as string, beneficiaries: parsed.beneficiaries as string };
    case "priority":
      return { priorityAreaId: parsed.priorityArea as number | null, principleIds: parsed.principles as number[] };
    case "where":
      return { areaCodes: parsed.areas as string[] };
    case "delivery":
      return {
        delivery: parsed.delivery as string,
        costs: parsed.costs as string,
        prizeUse: parsed.prizeUse as string,
      };
    case "declarations":
      return {
        consentShare: parsed.consentShare as boolean,
        consentContact: parsed.consentContact as boolean,
        declaration: parsed.declaration as boolean,
      };
  }
}

/**
 * The zod schema of one section's form. Answers may be missing while the section is in
 * progress; once the person says it is completed, every question must be answered.
 */
export function sectionSchema<K extends SectionKey>(section: K): z.ZodType<SectionInput<K>> {
  const shape: Record<string, z.ZodType> = { ...SHAPES[section], completed };
  return z
    .object(shape)
    .transform((fields) => ({
      section,
      content: toContent(section, fields),
      completed: fields.completed as boolean,
    }))
    .superRefine((input, ctx) => {
      if (!input.completed) return;
      for (const [field, message] of Object.entries(missingAnswers(section, input.content))) {
        ctx.addIssue({ code: "custom", path: [field], message });
      }
    }) as unknown as z.ZodType<SectionInput<K>>;
}

/**
 * The answers a section still needs before it can be completed, keyed by form field, with the
 * message to show. Limits are checked too, so content saved under older rules is caught.
 */
export function missingAnswers(section: SectionKey, content: Partial<EntryContent>): FieldErrors {
  const errors: FieldErrors = {};
  const text = (name: TextFieldName) => {
    const field = TEXT_FIELDS[name];
    const value = (content[name] ?? "").trim();
    const problem = value === "" ? field.required : textLimitProblem(field, value);
    if (problem) errors[name] = problem;
  };
  switch (section) {
    case "idea":
      text("title");
      text("summary");
      break;
    case "need":
      text("need");
      text("beneficiaries");
      break;
    case "priority":
      if (content.priorityAreaId === null || content.priorityAreaId === undefined)
        errors.priorityArea = MESSAGES.priorityArea;
      if (!content.principleIds?.length) errors.principles = MESSAGES.principles;
      break;
    case "where":
      if (!content.areaCodes?.length) errors.areas = MESSAGES.areas;
      break;
    case "delivery":
      text("delivery");
      text("costs");
      text("prizeUse");
      break;
    case "declarations":
      if (!content.declaration) errors.declaration = MESSAGES.declaration;
      break;
  }
  return errors;
}

export function isSectionComplete(section: SectionKey, content: EntryContent): boolean {
  return Object.keys(missingAnswers(section, content)).length === 0;
}

/** Whether anything in the section has been answered. */
export function hasAnswers(section: SectionKey, content: EntryContent): boolean {
  switch (section) {
    case "idea":
      return content.title.trim() !== "" || content.summary.trim() !== "";
    case "need":
      return content.need.trim() !== "" || content.beneficiaries.trim() !== "";
    case "priority":
      return content.priorityAreaId !== null || content.principleIds.length > 0;
    case "where":
      return content.areaCodes.length > 0;
    case "delivery":
      return [content.delivery, content.costs, content.prizeUse].some((t) => t.trim() !== "");
    case "declarations":
      return content.consentShare || content.consentContact || content.declaration;
  }
}

export type SectionStatus = "not_started" | "in_progress" | "completed";

export const SECTION_STATUS_LABELS: Record<SectionStatus, string> = {
  not_started: "Not yet started",
  in_progress: "In progress",
  completed: "Completed",
};

/** A section is completed when the person said so and its answers are all there. */
export function sectionStatus(
  section: SectionKey,
  content: EntryContent,
  completedSections: readonly string[],
): SectionStatus {
  const marked = completedSections.includes(section);
  if (marked && isSectionComplete(section, content)) return "completed";
  return marked || hasAnswers(section, content) ? "in_progress" : "not_started";
}

/** The sections not yet completed, in task-list order. Submitting needs this to be empty. */
export function incompleteSections(content: EntryContent, completedSections: readonly string[]): SectionKey[] {
  return SECTION_KEYS.filter((key) => sectionStatus(key, content, completedSections) !== "completed");
}

/** The completed-sections list after a save of `section`. Other entries in the list are kept. */
export function withCompletion(completedSections: readonly string[], section: SectionKey, done: boolean): string[] {
  const others = completedSections.filter((s) => s !== section);
  return done ? [...others, section] : others;
}

/** A section's saved answers as form values, to fill its page. */
export function sectionFormValues(section: SectionKey, content: EntryContent, marked: boolean): FormValues {
  const values: FormValues = {};
  switch (section) {
    case "idea":
      values.title = content.title;
      values.summary = content.summary;
      break;
    case "need":
      values.need = content.need;
      values.beneficiaries = content.beneficiaries;
      break;
    case "priority":
      values.priorityArea = content.priorityAreaId === null ? "" : String(content.priorityAreaId);
      values.principles = content.principleIds.map(String);
      break;
    case "where":
      values.areas = [...content.areaCodes];
      break;
    case "delivery":
      values.delivery = content.delivery;
      values.costs = content.costs;
      values.prizeUse = content.prizeUse;
      break;
    case "declarations":
      if (content.consentShare) values.consentShare = "yes";
      if (content.consentContact) values.consentContact = "yes";
      if (content.declaration) values.declaration = "yes";
      break;
  }
  // Not asked yet: the question starts unanswered rather than guessing "No".
  values.completed = marked ? "yes" : hasAnswers(section, content) ? "no" : "";
  return values;
}

/** Only the posted fields that belong to a section (what is worth keeping from a post). */
export function sectionValuesOnly(section: SectionKey, values: FormValues): FormValues {
  const kept: FormValues = {};
  for (const name of [...SECTION_FIELDS[section], "completed"]) {
    const value = values[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

/** An entry's status as entrants see it, with the GOV.UK tag colour. */
export const ENTRY_STATUS_LABELS: Record<EntryStatus, { text: string; tag: string }> = {
  draft: { text: "Draft", tag: "govuk-tag--grey" },
  submitted: { text: "Submitted", tag: "govuk-tag--green" },
  withdrawn: { text: "Withdrawn", tag: "govuk-tag--orange" },
  ineligible: { text: "Not eligible", tag: "govuk-tag--red" },
};

export const UNSUBMITTED_CHANGES = "Changes not yet resubmitted";
