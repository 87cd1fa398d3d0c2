import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { formatDate } from "../domain/time";
import { winnersPage, type WinnersPage } from "../services/awards/publication.server";

// /winners: the winning ideas of the most recently published challenge, grouped by prize tier.
// Before any results are published it says so (a page, not an error). Below, links to every other
// challenge's winners, so earlier years' winners stay findable once a newer challenge publishes. Public, so it shows only
// what describes the idea: title, organisation, priority area and summary. No personal data.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Winners", error, matches) },
];

export async function loader(_args: LoaderFunctionArgs) {
  return { page: await winnersPage() };
}

type Published = { title: string; slug: string; publishedAt: string | Date };
type SerializedWinners = Omit<WinnersPage, "challenge" | "otherYears"> & {
  challenge: Omit<WinnersPage["challenge"], "publishedAt"> & { publishedAt: string | Date };
  otherYears: Published[];
};

export function WinnersList({ page }: { page: SerializedWinners }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{page.challenge.title}</span>
        <h1 className="govuk-heading-l">Winners</h1>
        <p className="govuk-body">Results published on {formatDate(new Date(page.challenge.publishedAt))}.</p>
        {page.tiers.map((tier) => (
          <section key={tier.name} aria-labelledby={`tier-${tier.name.replace(/[^A-Za-z0-9]+/g, "-")}`}>
            <h2 className="govuk-heading-m" id={`tier-${tier.name.replace(/[^A-Za-z0-9]+/g, "-")}`}>
              {tier.name}
            </h2>
            {tier.description ? <p className="govuk-body">{tier.description}</p> : null}
            <ul className="govuk-list">
              {tier.entries.map((entry) => (
                <li key={entry.reference} className="govuk-!-margin-bottom-6">
                  <h3 className="govuk-heading-s govuk-!-margin-bottom-1">{entry.title}</h3>
                  <p className="govuk-body-s govuk-!-margin-bottom-1">
                    {entry.organisationName}
                    {entry.priorityArea ? ` · ${entry.priorityArea}` : ""}
                  </p>
                  <p className="govuk-body">{entry.summary}</p>
                </li>
              ))}
            </ul>
          </section>
        ))}
        {page.otherYears.length ? (
          <section aria-labelledby="other-years">
            <h2 className="govuk-heading-m" id="other-years">
              Other years&rsquo; winners
            </h2>
            <ul className="govuk-list">
              {page.otherYears.map((other) => (
                <li key={other.slug}>
                  <Link className="govuk-link" to={`/winners/${other.slug}`}>
                    {other.title}
                  </Link>{" "}
                  (results published on {formatDate(new Date(other.publishedAt))})
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </div>
  );
}

export default function Winners() {
  const { page } = useLoaderData<typeof loader>();
  if (!page) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Winners</h1>
          <p className="govuk-body">
            The results have not been published yet. The winning ideas will be listed here once they are.
          </p>
        </div>
      </div>
    );
  }
  return <WinnersList page={page} />;
}

export const ErrorBoundary = RouteErrorBoundary;
