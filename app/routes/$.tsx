import type { MetaFunction } from "@remix-run/node";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";

// Any address no other route matches: a 404 rendered inside the normal layout. Without this
// route Remix answers an unknown address from the root's error boundary before the root's loader
// runs, so the page would lose what that loader provides: who is signed in, and demo mode's
// "do not enter real information" banner, which every page must carry.

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Page not found", error, matches) }];

export function loader(): never {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}

export const ErrorBoundary = RouteErrorBoundary;
