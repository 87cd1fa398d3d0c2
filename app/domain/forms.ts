import { z } from "zod";
import { cleanMultiLine, cleanSingleLine } from "./plain-text";

// Turning a posted form into checked values, the same way for every form: the schema decides
// what is valid and says what to tell the person; the values they typed go back with the errors.

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string | string[]>;

export type ParseResult<T> =
  { ok: true; data: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

/** Longest text any single field may carry before it is refused outright. */
export const MAX_FIELD_LENGTH = 50_000;

// Control characters other than tab and newlines never belong in typed text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function cleanText(value: string): string {
  return value.replace(/\r\n?/g, "\n").replace(CONTROL, "");
}

/**
 * How every posted field except a password is read: control characters gone, and the
 * invisible characters that can disguise text (see plain-text.ts). One-line fields are cleaned
 * further by requiredText/optionalText. Passwords keep everything but control characters, as
 * they always have, so that nobody's existing password stops matching.
 */
export function cleanPostedText(key: string, value: string): string {
  return isSecret(key) ? cleanText(value) : cleanMultiLine(cleanText(value));
}

function isSecret(key: string): boolean {
  return /password/i.test(key);
}

/**
 * Reads form data into plain values. Fields named in `arrays` keep every value (checkboxes);
 * any other field repeated keeps its first value. Files are ignored.
 */
export function formValues(formData: FormData, arrays: readonly string[] = []): FormValues {
  const values: FormValues = {};
  for (const [key, raw] of formData.entries()) {
    if (typeof raw !== "string") continue;
    const value = cleanPostedText(key, raw);
    if (arrays.includes(key)) {
      const list = (values[key] as string[] | undefined) ?? [];
      list.push(value);
      values[key] = list;
    } else if (!(key in values)) {
      values[key] = value;
    }
  }
  for (const key of arrays) values[key] ??= [];
  return values;
}

/** Validates a posted form against a zod object schema, keeping what was typed. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  options: { arrays?: readonly string[] } = {},
): ParseResult<z.infer<S>> {
  const values = formValues(formData, options.arrays);
  return parseValues(schema, values);
}

export function parseValues<S extends z.ZodType>(schema: S, values: FormValues): ParseResult<z.infer<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, values };
  return { ok: false, errors: issuesToErrors(result.error.issues), values: redactSecrets(values) };
}

export function issuesToErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return errors;
}

// Passwords are never sent back to the browser, even to refill a form.
function redactSecrets(values: FormValues): FormValues {
  const copy: FormValues = {};
  for (const [key, value] of Object.entries(values)) {
    if (!isSecret(key)) copy[key] = value;
  }
  return copy;
}

/**
 * A required single-line text field (a name, a title) with a person-friendly message for each
 * way it can fail. Cleaned by cleanSingleLine: trimmed, no line breaks, nothing invisible.
 */
export function requiredText(label: string, max = 200) {
  return z
    .string({ error: `Enter ${label}` })
    .transform(cleanSingleLine)
    .pipe(
      z
        .string()
        .min(1, `Enter ${label}`)
        .max(max, `${capitalise(label)} must be ${max} characters or fewer`),
    );
}

/** An optional single-line text field, cleaned as requiredText's is; blank when left out. */
export function optionalText(label: string, max = 200) {
  return z
    .string()
    .optional()
    .transform((s) => cleanSingleLine(s ?? ""))
    .pipe(z.string().max(max, `${capitalise(label)} must be ${max} characters or fewer`));
}

/**
 * A required text that may run to paragraphs (a reason, a comment, guidance, a page section):
 * cleaned as every posted field is (no disguising characters) but keeping its line breaks, then
 * trimmed. One-line fields (names, titles) use requiredText.
 */
export function requiredParagraphs(label: string, max: number) {
  return z
    .string({ error: `Enter ${label}` })
    .transform((s) => cleanMultiLine(cleanText(s)).trim())
    .pipe(
      z
        .string()
        .min(1, `Enter ${label}`)
        .max(max, `${capitalise(label)} must be ${max} characters or fewer`),
    );
}

/** An optional text that may run to paragraphs, cleaned as requiredParagraphs'; blank when left out. */
export function optionalParagraphs(label: string, max: number) {
  return z
    .string()
    .optional()
    .transform((s) => cleanMultiLine(cleanText(s ?? "")).trim())
    .pipe(z.string().max(max, `${capitalise(label)} must be ${max} characters or fewer`));
}

export function emailAddress() {
  return z
    .string({ error: "Enter your email address" })
    .transform((s) => s.trim().toLowerCase())
    .pipe(
      z
        .string()
        .min(1, "Enter your email address")
        .max(254, "Email address must be 254 characters or fewer")
        .pipe(z.email("Enter an email address in the correct format, like name@example.com")),
    );
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
