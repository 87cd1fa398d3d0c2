import { isRouteErrorResponse } from "@remix-run/react";
import { errorPageTitle } from "./ErrorPage";

const SERVICE = "Community Recovery Innovation Challenge";

/**
 * A page's <title>: "Invitations - Community Recovery Innovation Challenge". When the route threw
 * (a 403 from the guard, a 404), Remix calls the route's own meta with the error, and the title
 * must be the error page's, or a screen reader user hears the name of a page they cannot see.
 */
export function pageTitle(title: string, error?: unknown): string {
  if (error !== undefined && error !== null) {
    return `${errorPageTitle(isRouteErrorResponse(error) ? error.status : 500)} - ${SERVICE}`;
  }
  return `${title} - ${SERVICE}`;
}
