import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { NotificationBanner, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { plural } from "../domain/words";
import { requestNow } from "../services/platform/clock.server";
import { challengeJudging, idParam } from "../services/judging/rounds.server";

// /staff/judging/:challengeId: one challenge's judging: the rubric, the rounds and the register of
// conflicts of interest.

export const meta: MetaFunction<typeof loader> = ({ data: page, error, matches }) => [
  { title: pageTitle(page ? `Judging: ${page.title}` : "Judging", error, matches) },
];

const NOTICES: Record<string, string> = { created: "The round has been created" };

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const page = await challengeJudging(
    actorFrom(user, args),
    idParam(args.params.challengeId),
    requestNow(args.request),
  );
  const notice = new URL(args.request.url).searchParams.get("notice");
  return { ...page, notice: notice && NOTICES[notice] ? NOTICES[notice] : null };
}

export default function ChallengeJudging() {
  const page = useLoaderData<typeof loader>();
  const base = `/staff/judging/${page.id}`;
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: "/staff/judging", text: "Judging" },
        ]}
      />
      {page.notice ? (
        <NotificationBanner success>
          <p className="govuk-notification-banner__heading">{page.notice}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">Judging</span>
      <h1 className="govuk-heading-l">{page.title}</h1>
      <p className="govuk-body">
        {page.submitted === 1 ? "1 submitted entry." : `${page.submitted} submitted entries.`}
      </p>

      <h2 className="govuk-heading-m">
        <Link className="govuk-link" to={`${base}/rubric`}>
          Rubric
        </Link>
      </h2>
      <p className="govuk-body">
        {page.rubric.criteria === 1 ? "1 criterion" : `${page.rubric.criteria} criteria`}, weights adding up to{" "}
        {page.rubric.total}.{" "}
        {page.rubric.locked ? "Locked: scoring has started." : "Can be changed until scoring starts."}
      </p>
      {page.rubric.problems.length ? (
        <ul className="govuk-list govuk-list--bullet">
          {page.rubric.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}

      <h2 className="govuk-heading-m">Rounds</h2>
      <p className="govuk-body">
        Round 1 shortlists {plural(page.counts.shortlist, "entry", "entries")}
        {page.counts.shortlistTier ? ` (the “${page.counts.shortlistTier}” prize tier)` : ""}; round 2, the final panel,
        chooses {page.counts.winners}
        {page.counts.winnersTier ? ` (the “${page.counts.winnersTier}” prize tier)` : ""} from the shortlist.
      </p>
      <SummaryList
        rows={[1, 2].map((n) => {
          const round = page.rounds.find((r) => r.number === n);
          return {
            key: `Round ${n}`,
            value: round
              ? `${round.statusLabel}. ${plural(round.judges, "judge")}; ${round.submitted} of ${round.assigned} reviews submitted.`
              : page.notYet[n as 1 | 2]
                ? `Not created yet. ${page.notYet[n as 1 | 2]}.`
                : "Not created yet.",
            action: round
              ? { href: `${base}/rounds/${n}`, text: "Open", visuallyHidden: `round ${n}` }
              : (n === 1 ? page.canCreateRound1 : page.canCreateRound2)
                ? { href: `${base}/rounds/${n}/settings`, text: "Create", visuallyHidden: `round ${n}` }
                : undefined,
          };
        })}
      />

      <h2 className="govuk-heading-m">
        <Link className="govuk-link" to={`${base}/conflicts`}>
          Register of conflicts of interest
        </Link>
      </h2>
      <p className="govuk-body">
        {page.conflicts === 1 ? "1 conflict" : `${page.conflicts} conflicts`} declared by judges or found from their
        affiliations.
      </p>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
