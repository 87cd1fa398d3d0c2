import { isRouteErrorResponse } from "@remix-run/react";
import { errorPageTitle } from "./ErrorPage";

const SERVICE = "Community Recovery Innovation Challenge";
export const ERROR_TITLE_PREFIX = "Error: ";

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
  return `${root?.formHasErrors || formErrorsInServerRender() ? ERROR_TITLE_PREFIX : ""}${title} - ${SERVICE}`;
}

// entry.server flags form errors in the root's data for the server render only: the browser's
// copy of that data is serialised before the flag is set. So the server render also writes the
// flag into the page (root.tsx), and the browser reads it while hydrating, rendering the same
// title as the server did; root.tsx clears it once the page is hydrated.
const FLAG = "__cricFormErrorsInServerRender";

export function formErrorsInServerRender(): boolean {
  return typeof window !== "undefined" && (window as unknown as Record<string, unknown>)[FLAG] === true;
}

export function clearFormErrorsFlag(): void {
  if (typeof window !== "undefined") delete (window as unknown as Record<string, unknown>)[FLAG];
}

export const FORM_ERRORS_FLAG_SCRIPT = `window.${FLAG}=true;`;
