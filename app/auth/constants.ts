// Session limits, shared by the session code (through ./session-limits.ts), the cookies page and
// the account pages. Why these numbers: docs/decisions/046-sessions-end.md.

/** Everyone else: how long a session lasts without use (days). Each use starts the count again. */
export const SESSION_DAYS = 30;

/** Everyone else: the longest a session lasts however much it is used (days); then sign in again. */
export const SESSION_MAX_DAYS = 90;

/** Privileged roles: how long a session lasts without use (hours). */
export const PRIVILEGED_IDLE_HOURS = 2;

/** Privileged roles: the longest a session lasts however much it is used (hours): about a working day. */
export const PRIVILEGED_MAX_HOURS = 12;

/**
 * A session's last use is written at most this often (seconds), so a busy person does not cost a
 * write per request. The idle limit is therefore counted from up to a minute before the last use.
 */
export const SESSION_TOUCH_SECONDS = 60;

/**
 * The roles that must give a second factor (an authenticator app or a passkey) before any page of
 * theirs: they move public money, decide who wins, or read people's contact details. Their
 * sessions also end sooner (above).
 */
export const PRIVILEGED_ROLES = ["staff", "judge", "council_officer"] as const;

/**
 * How recently (minutes) the second factor must have been given for a sensitive action: approving
 * money or award lists, granting roles, unlocking the rubric, bulk exports of personal data.
 */
export const FRESH_SECOND_FACTOR_MINUTES = 5;

// The second factor's pages (shared by the guards and the pages' links, so not in a .server file).
/** Where a signed-in person gives their second factor after their password. */
export const SECOND_STEP_PATH = "/sign-in/second-step";
/** Where a person sets up their second factor. */
export const TWO_FACTOR_PATH = "/account/two-factor";
/** Where a person gives their second factor again before a sensitive action. */
export const CONFIRM_IDENTITY_PATH = "/account/confirm-identity";
