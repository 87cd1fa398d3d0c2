/** How long a session lasts without use (days). Shared by the session code and the cookies page. */
export const SESSION_DAYS = 30;

/**
 * The roles that must give a second factor (an authenticator app or a passkey) before any page of
 * theirs: they move public money, decide who wins, or read people's contact details.
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
