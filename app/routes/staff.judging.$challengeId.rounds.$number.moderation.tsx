import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { RoundPageHeader } from "../components/JudgingNav";
import { Table } from "../components/Table";
import { pct, rankedColumns } from "../components/judging-columns";
import { pageTitle } from "../components/page-title";
import { formatDateTime } from "../domain/time";
import { moderationView } from "../services/judging/moderation.server";
import { idParam, roundNumberParam } from "../services/judging/rounds.server";

// /staff/judging/:challengeId/rounds/:number/moderation: the entries whose judges disagree by more
// than the round's threshold, and every moderation decision recorded in the round.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Moderation", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  return moderationView(actorFrom(user, args), idParam(args.params.challengeId), roundNumberParam(args.params.number));
}

export default function Moderation() {
  const page = useLoaderData<typeof loader>();
  const base = `/staff/judging/${page.challengeId}/rounds/${page.round.number}`;
  const decidedFor = (entryId: number) => page.decisions.filter((d) => d.entryId === entryId);
  return (
    <>
      <RoundPageHeader
        challengeId={page.challengeId}
        challengeTitle={page.challengeTitle}
        round={page.round.number}
        heading="Moderation"
        current={`${base}/moderation`}
      />
      <p className="govuk-body">
        These entries&apos; judges differ by more than {page.round.disagreementThreshold} percentage points. Open an
        entry to see each judge&apos;s scores and comments, add a judge, or record a decision with its reason.
      </p>
      {page.flagged.length ? (
        <Table
          scroll
          caption="Entries where the judges disagree"
          rows={page.flagged}
          rowKey={(e) => e.entryId}
          columns={[
            ...rankedColumns<(typeof page.flagged)[number]>(base),
            { header: "Spread", numeric: true, cell: (e) => pct(e.spread) },
            { header: "Judges", numeric: true, cell: (e) => e.judgeCount },
            { header: "Latest decision", cell: (e) => decidedFor(e.entryId)[0]?.label ?? "None yet" },
          ]}
        />
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
