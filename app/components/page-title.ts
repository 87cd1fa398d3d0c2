import { isRouteErrorResponse } from "@remix-run/react";
import { errorPageTitle } from "./ErrorPage";

const SERVICE = "Community Recovery Innovation Challenge";

/** The part of Remix's meta arguments that says whether the page shows a form's errors. */
type MatchesWithRoot = readonly { id: string; data?: unknown }[] | undefined;

/**
 * A page's <title>: "Invitations - Community Recovery Innovation Challenge".
 * - When the route threw (a 403 from the guard, a 404), Remix calls the route's meta with the
 *   error, and the title must be the error page's, or a screen reader user hears the name of a
 *   page they cannot see.
 * - When a form came back with errors, GOV.UK asks for "Error: " before the title. Remix's meta
 *   never sees action data, so entry.server marks the root's data (`formHasErrors`) for the
 *   server render, and the ErrorSummary adds the prefix after a client-side submission.
 * Use it as `export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Sign in", error, matches) }]`.
 */
export function pageTitle(title: string, error?: unknown, matches?: MatchesWithRoot): string {
  if (error !== undefined && error !== null) {
    return `${errorPageTitle(isRouteErrorResponse(error) ? error.status : 500)} - ${SERVICE}`;
  }
  const root = matches?.find((m) => m.id === "root")?.data as { formHasErrors?: boolean } | undefined;
  return `${root?.formHasErrors ? "Error: " : ""}${title} - ${SERVICE}`;
}

export const ERROR_TITLE_PREFIX = "Error: ";
