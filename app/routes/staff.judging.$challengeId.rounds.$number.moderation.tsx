import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { JudgingBreadcrumbs, RoundLinks } from "../components/JudgingNav";
import { pageTitle } from "../components/page-title";
import { formatDateTime } from "../domain/time";
import { moderationView } from "../services/judging-moderation.server";
import { idParam, roundNumberParam } from "../services/judging-rounds.server";

// /staff/judging/:challengeId/rounds/:number/moderation: the entries whose judges disagree by more
// than the round's threshold, and every moderation decision recorded in the round.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [{ title: pageTitle("Moderation", error, matches) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  return moderationView({ id: user.id, ip: args.context.ip }, idParam(args.params.challengeId), roundNumberParam(args.params.number));
}

function pct(x: number | null): string {
  return x === null ? "–" : x.toFixed(1);
}

export default function Moderation() {
  const page = useLoaderData<typeof loader>();
  const base = `/staff/judging/${page.challengeId}/rounds/${page.round.number}`;
  const decidedFor = (entryId: number) => page.decisions.filter((d) => d.entryId === entryId);
  return (
    <>
      <JudgingBreadcrumbs challengeId={page.challengeId} challengeTitle={page.challengeTitle} round={page.round.number} />
      <span className="govuk-caption-l">
        {page.challengeTitle}: round {page.round.number}
      </span>
      <h1 className="govuk-heading-l">Moderation</h1>
      <RoundLinks challengeId={page.challengeId} round={page.round.number} current={`${base}/moderation`} />
      <p className="govuk-body">
        These entries&apos; judges differ by more than {page.round.disagreementThreshold} percentage points. Open an entry to see each
        judge&apos;s scores and comments, add a judge, or record a decision with its reason.
      </p>
      {page.flagged.length ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Entries where the judges disagree</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Rank
              </th>
              <th scope="col" className="govuk-table__header">
                Entry
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Spread
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Judges
              </th>
              <th scope="col" className="govuk-table__header">
                Latest decision
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {page.flagged.map((e) => {
              const latest = decidedFor(e.entryId)[0];
              return (
                <tr className="govuk-table__row" key={e.entryId}>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{e.rank}</td>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`${base}/entries/${e.entryId}`}>
                      {e.reference}
                    </Link>{" "}
                    {e.title}
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{pct(e.spread)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{e.judgeCount}</td>
                  <td className="govuk-table__cell">{latest ? latest.label : "None yet"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">No entry is flagged: the judges agree within the threshold.</p>
      )}
      <h2 className="govuk-heading-m">Decisions in this round</h2>
      {page.decisions.length ? (
        <ul className="govuk-list">
          {page.decisions.map((d) => (
            <li key={d.id}>
              {formatDateTime(new Date(d.decidedAt))}, {d.reference}: {d.label}. {d.reason}
              {d.decidedBy ? ` (${d.decidedBy})` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">None yet.</p>
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
