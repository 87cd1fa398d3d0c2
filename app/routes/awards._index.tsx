import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireUser } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { formatPence } from "../domain/money";
import { listWinnerAwards } from "../services/awards/prize-payments.server";

// /awards: the awards of the person's organisations, once the results are published: where to
// accept a prize, book a masterclass place and see their support.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Your awards", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  return { awards: await listWinnerAwards(actorFrom(user, args)) };
}

export default function WinnerAwards() {
  const { awards } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Your awards</h1>
        {awards.length ? (
          <ul className="govuk-list">
            {awards.map((a) => (
              <li key={a.id} className="govuk-!-margin-bottom-6">
                <h2 className="govuk-heading-m govuk-!-margin-bottom-2">
                  <Link className="govuk-link" to={`/awards/${a.id}`}>
                    {a.tierName}: {a.title}
                  </Link>
                </h2>
                <p className="govuk-body govuk-!-margin-bottom-1">
                  {a.reference} · {a.organisationName} · {a.challengeTitle}
                </p>
                <p className="govuk-body">
                  {a.cashPence > 0 ? `Cash prize ${formatPence(a.cashPence)}` : null}
                  {a.cashPence > 0 && a.paymentStatus ? `: ${a.paymentStatus.toLowerCase()}` : null}
                  {a.supportCapPence > 0 ? `Support worth up to ${formatPence(a.supportCapPence)}` : null}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="govuk-body">
            Your organisation has no awards. When the results of a challenge are published, any prize your organisation
            wins appears here.
          </p>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to="/entries">
            Your entries
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
