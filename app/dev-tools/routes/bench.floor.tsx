import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "../../components/ErrorPage";

// GET /bench/floor: the benchmarks' floor, a page of this app whose loader returns a constant
// (tests/load/council-browse.mjs measures the framework's own cost with it). It exists only when
// the server was started with BENCH_ROUTES=on (app/security/dev-tool-routes.server.ts); otherwise
// it is a 404 like any unknown address.

export const meta: MetaFunction = () => [{ title: "Floor - Community Recovery Innovation Challenge" }];

export function loader() {
  return { message: "A constant" };
}

export default function Floor() {
  const { message } = useLoaderData<typeof loader>();
  return <h1 className="govuk-heading-l">{message}</h1>;
}

export const ErrorBoundary = RouteErrorBoundary;
