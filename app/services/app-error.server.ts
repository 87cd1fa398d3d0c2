// The one way a service says "no". Services return what was asked for, or throw an AppError with a
// kind and a message written for the person using the service; they never build HTTP responses.
// The route side (app/security/app-error-responses.server.ts) turns the kinds into pages and
// statuses in one place:
//
//   not_found  404  the thing does not exist, or the person may not know it does
//   forbidden  403  the person is known, but their account may not do this
//   conflict   409  the thing has moved on (someone else changed it, a stage has passed)
//   invalid    400  what was sent breaks a rule the person can correct
//
// A form shows conflict and invalid errors in its error summary, keeping what was typed (`attempt`
// and `formError` there), and a refusal the service addresses to one of its fields (`forbidden(
// message, "form")`: removing your own staff role, submitting before confirming your address);
// anything else becomes the matching error page.

export type AppErrorKind = "not_found" | "forbidden" | "conflict" | "invalid";

export interface AppErrorOptions {
  /** The form field the message is about, so the error summary can link to it. */
  field?: string;
  /** Several fields' messages at once (field name to message), when a rule found more than one. */
  fields?: Record<string, string>;
  cause?: unknown;
}

// The server is two bundles (the Remix build and the Express server that wraps its routes, see
// scripts/build-server.mjs), each with its own copy of this class, so `instanceof` cannot tell an
// AppError thrown in one from the other. A registered symbol is the same in both.
const APP_ERROR = Symbol.for("community-recovery-challenge.AppError");

export class AppError extends Error {
  readonly [APP_ERROR] = true;
  override readonly name = "AppError";
  readonly kind: AppErrorKind;
  /** The field the message is about, if it is about one. */
  readonly field: string | undefined;
  /** Every field's message, when there are several (the first is also `message`). */
  readonly fields: Record<string, string> | undefined;

  /** `message` is shown to the person as it is: plain words, no internals. */
  constructor(kind: AppErrorKind, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.field = options.field;
    this.fields = options.fields;
  }
}

export function isAppError(error: unknown, kind?: AppErrorKind): error is AppError {
  const branded = typeof error === "object" && error !== null && APP_ERROR in error;
  return branded && (kind === undefined || (error as AppError).kind === kind);
}

/** The thing asked for does not exist, or the person may not know that it does. */
export function notFound(message = "Page not found"): AppError {
  return new AppError("not_found", message);
}

/**
 * The person's account may not do this. With a field, the refusal belongs on the form they sent
 * (it stays on the page, in the error summary, answered 403); without, it is the 403 page.
 */
export function forbidden(message = "You do not have permission to do this", field?: string): AppError {
  return new AppError("forbidden", message, { field });
}

/** The thing has moved on since the person last saw it. */
export function conflict(message: string, field?: string): AppError {
  return new AppError("conflict", message, { field });
}

/** What was sent breaks a rule the person can correct. */
export function invalid(message: string, field?: string): AppError {
  return new AppError("invalid", message, { field });
}

/** What was sent breaks rules on several fields: each field's message, in the order of the form. */
export function invalidFields(fields: Record<string, string>): AppError {
  const [field, message] = Object.entries(fields)[0] ?? ["form", "Check what you entered"];
  return new AppError("invalid", message, { field, fields });
}
