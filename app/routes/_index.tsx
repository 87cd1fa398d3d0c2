import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { formatPence } from "../domain/money";
import { formatDateTime } from "../domain/time";
import { getCurrentChallenge } from "../services/challenges.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.current ? `${data.current.challenge.title}` : "Community Recovery Innovation Challenge" },
];

export async function loader(_args: LoaderFunctionArgs) {
  const current = await getCurrentChallenge();
  return { current };
}

export default function ChallengePage() {
  const { current } = useLoaderData<typeof loader>();
  if (!current) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Community Recovery Innovation Challenge</h1>
          <p className="govuk-body">There is no challenge open at the moment. Check back soon.</p>
        </div>
      </div>
    );
  }
  const { challenge, priorityAreas, principles, prizeTiers } = current;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">{challenge.title}</h1>
        <p className="govuk-body-l">{challenge.summary}</p>
        <p className="govuk-body">
          Entries close at <strong>{formatDateTime(new Date(challenge.closes_at))}</strong>.
        </p>
        <h2 className="govuk-heading-m">Prizes</h2>
        <ul className="govuk-list govuk-list--bullet">
          {prizeTiers.map((tier) => (
            <li key={tier.id}>
              {tier.name}: {formatPence(tier.cash_pence)}
              {tier.masterclass ? " and a place at a business development masterclass" : ""}
              {tier.support_cap_pence > 0 ? `, plus support, investment and coaching worth up to ${formatPence(tier.support_cap_pence)}` : ""}
            </li>
          ))}
        </ul>
        <h2 className="govuk-heading-m">Priority areas</h2>
        <ul className="govuk-list govuk-list--bullet">
          {priorityAreas.map((area) => (
            <li key={area.id}>
              {area.name} <span className="govuk-hint govuk-!-display-inline">(sponsored by {area.sponsor})</span>
            </li>
          ))}
        </ul>
        {principles.length ? (
          <>
            <h2 className="govuk-heading-m">Cross-cutting principles</h2>
            <ul className="govuk-list govuk-list--bullet">
              {principles.map((p) => (
                <li key={p.id}>{p.name}</li>
              ))}
            </ul>
          </>
        ) : null}
        <p className="govuk-body">
          <Link to="/register" className="govuk-button govuk-button--start" role="button" draggable={false}>
            Create an account to enter
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
