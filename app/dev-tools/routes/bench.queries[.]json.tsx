import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../../../db/client";
import { actorFrom, requireRole } from "../../auth/guards.server";
import { parseCouncilIdeaQuery } from "../../domain/council-search";
import { listSharedIdeas } from "../../services/councils/ideas.server";
import { StatementCounter } from "../statement-counter.server";

// GET /bench/queries.json?<the ideas list's query>: how many SQL statements the shared-ideas list
// runs for that query, and how many ideas match. tests/load/council-browse.mjs uses it to check
// that a page's queries do not grow with the number of results. Only with BENCH_ROUTES=on
// (app/security/dev-tool-routes.server.ts).

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "council_officer");
  const counter = new StatementCounter();
  const list = await listSharedIdeas(
    actorFrom(user, args),
    parseCouncilIdeaQuery(new URL(args.request.url).searchParams),
    db().withPlugin(counter),
  );
  return Response.json({
    queries: counter.count,
    matches: list.published ? list.total : 0,
    rows: list.published ? list.rows.length : 0,
  });
}
