import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";

// /councils: the councils' part of the service is the shared ideas list for now.

export async function loader(args: LoaderFunctionArgs) {
  await requireRole(args, "council_officer");
  return redirect("/councils/ideas");
}

export const ErrorBoundary = RouteErrorBoundary;

/** Never shown: the loader always redirects. Present so that the router has a page for the path. */
export default function CouncilsIndex() {
  return null;
}
