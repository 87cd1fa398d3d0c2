import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getCurrentUser } from "../auth/guards.server";
import { requestNow } from "../services/platform/clock.server";
import { ChallengePage } from "../components/ChallengePage";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { publicChallengePage } from "../services/challenges/challenges.server";

// The challenge page, for everyone: the open challenge in full, or a plain message when none is
// open. "Closes in N days" is worked out here, on the server, in Europe/London.

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: pageTitle(data?.current.kind === "open" ? data.current.page.title : "The challenge", error) },
  ...(data?.current.kind === "open" ? [{ name: "description", content: data.current.page.summary }] : []),
];

export async function loader(args: LoaderFunctionArgs) {
  const [current, user] = await Promise.all([publicChallengePage(requestNow(args.request)), getCurrentUser(args)]);
  const start = user?.roles.includes("entrant")
    ? { href: "/entries", text: "Start or continue your entry" }
    : { href: "/register", text: "Register to enter" };
  return { current, start };
}

export default function Index() {
  const { current, start } = useLoaderData<typeof loader>();
  if (current.kind === "open") return <ChallengePage page={current.page} start={start} />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Community Recovery Innovation Challenge</h1>
        <p className="govuk-body">There is no challenge open for entries at the moment.</p>
        {current.lastClosed ? (
          <p className="govuk-body">
            Entries to the {current.lastClosed.title} closed at {current.lastClosed.closedAt}.
          </p>
        ) : null}
        <p className="govuk-body">
          The next challenge will be announced on this page. You can still{" "}
          <Link className="govuk-link" to="/eligibility">
            check if your organisation could enter
          </Link>
          .
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
