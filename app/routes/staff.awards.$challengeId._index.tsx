import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { ConflictFlag } from "../components/ConflictFlag";
import { InsetText, NotificationBanner, SummaryList, WarningText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { Table } from "../components/Table";
import { idParam } from "../domain/awards";
import { overBudgetReasonSchema } from "../domain/budget";
import { parseForm } from "../domain/forms";
import { formatPence } from "../domain/money";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { publishAwardList } from "../services/awards/publication.server";
import { requestNow } from "../services/platform/clock.server";
import { approveAwardList, awardListPage, proposeAwardList, withdrawAwardList } from "../services/awards/awards.server";

// /staff/awards/:challengeId: the awards of one challenge. Propose them from the confirmed
// rounds, have a second member of staff approve them, then publish the results (emails to every
// entrant and the public /winners page). Each step is a plain form, so it works without JavaScript.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  { title: pageTitle(loaderData ? `Awards: ${loaderData.page.challenge.title}` : "Awards", error, matches) },
];

const NOTICES = {
  proposed: "The awards are proposed. Another member of staff must now approve them.",
  approved: "The awards are approved. They can now be published.",
  withdrawn: "The proposal is withdrawn. You can propose the awards again.",
  published: "The results are published and the emails are on their way.",
  "already-published": "The results were already published. Nothing was sent again.",
} as const;
type Notice = keyof typeof NOTICES;

function challengeIdParam(value: string | undefined): number {
  const id = idParam(value);
  if (!id) throw notFound();
  return id;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = challengeIdParam(args.params.challengeId);
  const page = await awardListPage(actorFrom(user, args), challengeId, requestNow(args.request));
  const notice = new URL(args.request.url).searchParams.get("notice");
  return { page, notice: notice && notice in NOTICES ? (notice as Notice) : null };
}

const schema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("propose"), overBudgetReason: overBudgetReasonSchema }),
    z.object({ intent: z.literal("approve") }),
    z.object({ intent: z.literal("publish") }),
    z.object({
      intent: z.literal("withdraw"),
      reason: z
        .string()
        .optional()
        .transform((s) => (s ?? "").trim())
        .pipe(
          z
            .string()
            .min(1, "Enter why the proposal is withdrawn")
            .max(2000, "The reason must be 2000 characters or fewer"),
        ),
    }),
  ],
  { error: "Choose what to do" },
);

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = challengeIdParam(args.params.challengeId);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok)
    return data(
      { errors: form.errors.intent ? { form: form.errors.intent } : form.errors, values: form.values },
      { status: 400 },
    );
  const actor = actorFrom(user, args);
  const input = form.data;
  // Approving and publishing decide who gets public money: a second factor given in the last few minutes.
  if (input.intent === "approve" || input.intent === "publish") requireRecentSecondFactor(args, user);
  const result = await attempt(
    input.intent === "propose"
      ? proposeAwardList(actor, challengeId, requestNow(args.request), input.overBudgetReason)
      : input.intent === "approve"
        ? approveAwardList(actor, challengeId)
        : input.intent === "withdraw"
          ? withdrawAwardList(actor, challengeId, input.reason)
          : publishAwardList(actor, challengeId, requestNow(args.request)),
  );
  if (!result.ok) return formError(result.error, form.values);
  const notice: Notice =
    input.intent === "propose"
      ? "proposed"
      : input.intent === "approve"
        ? "approved"
        : input.intent === "withdraw"
          ? "withdrawn"
          : "outcome" in result.value && result.value.outcome === "already_published"
            ? "already-published"
            : "published";
  return redirect(`/staff/awards/${challengeId}?notice=${notice}`);
}

export default function StaffAwardList() {
  const { page, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const { challenge, list } = page;
  const base = `/staff/awards/${challenge.id}`;
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: "/staff/awards", text: "Awards" },
        ]}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-full">
          <ErrorSummary errors={errors} order={["form", "overBudgetReason", "reason"]} />
          {notice ? (
            <NotificationBanner success={notice !== "already-published"}>
              <p className="govuk-notification-banner__heading">{NOTICES[notice]}</p>
            </NotificationBanner>
          ) : null}
          <span className="govuk-caption-l">{challenge.title}</span>
          <h1 className="govuk-heading-l">Awards</h1>

          <h2 className="govuk-heading-m">Judging</h2>
          <SummaryList rows={page.rounds.map((r) => ({ key: r.label, value: r.status }))} />

          <h2 className="govuk-heading-m">The award list</h2>
          {list ? (
            <SummaryList
              rows={[
                { key: "Status", value: list.statusLabel },
                {
                  key: "Proposed by",
                  value: `${list.proposerName ?? "A former member of staff"}, ${formatDateTime(new Date(list.proposedAt))}`,
                },
                ...(list.approvedAt
                  ? [
                      {
                        key: "Approved by",
                        value: `${list.approverName ?? "A former member of staff"}, ${formatDateTime(new Date(list.approvedAt))}`,
                      },
                    ]
                  : []),
                ...(list.publishedAt
                  ? [
                      {
                        key: "Published by",
                        value: `${list.publisherName ?? "A former member of staff"}, ${formatDateTime(new Date(list.publishedAt))}`,
                      },
                    ]
                  : []),
                { key: "Cash prizes in total", value: formatPence(page.totalCashPence) },
              ]}
            />
          ) : null}
          {list || !page.proposeNotYet ? <BudgetSummary budget={page.budget} proposed={list !== null} /> : null}
          {list?.overBudget ? (
            <WarningText>
              This list goes {formatPence(list.overBudget.overPence)} over the budget. The proposer&apos;s reason:{" "}
              {list.overBudget.reason}
            </WarningText>
          ) : null}
          {list ? null : !page.proposeNotYet ? (
            <InsetText>
              Not proposed yet. Below is what will be proposed from the confirmed rounds: the tiers, places and amounts
              come from the challenge&apos;s prize tiers.
            </InsetText>
          ) : (
            <InsetText>
              Not yet. {page.proposeNotYet}.{" "}
              <Link className="govuk-link" to={`/staff/judging/${challenge.id}`}>
                Go to judging
              </Link>
            </InsetText>
          )}
          {page.conflicts.length ? (
            <WarningText>
              You have a conflict of interest with {page.conflicts.join(", ")}. Another member of staff must approve the
              awards and publish the results.
            </WarningText>
          ) : null}
          {page.notes.map((note) => (
            <WarningText key={note}>{note}</WarningText>
          ))}

          {page.tiers.map((tier) => (
            <Table
              key={tier.id}
              caption={
                <>
                  {tier.name}: {tier.entries.length} of {tier.places} {tier.places === 1 ? "place" : "places"}
                  {tier.cashPence > 0 ? `, ${formatPence(tier.cashPence)} each` : ""}
                  {tier.supportCapPence > 0 ? `, support up to ${formatPence(tier.supportCapPence)} each` : ""}
                </>
              }
              scroll={tier.name}
              rows={tier.entries}
              rowKey={(e) => e.reference}
              empty="No entries in this tier."
              columns={[
                {
                  header: "Reference",
                  cell: (e) => (
                    <Link className="govuk-link" to={`/staff/entries/${e.reference}`}>
                      {e.reference}
                    </Link>
                  ),
                },
                {
                  header: "Idea",
                  cell: (e) => (
                    <>
                      {e.title}
                      {e.conflict ? <ConflictFlag warning={e.conflict} /> : null}
                    </>
                  ),
                },
                { header: "Organisation", cell: (e) => e.organisationName },
                { header: "Priority area", cell: (e) => e.priorityArea ?? "None" },
                { header: "Cash", numeric: true, cell: (e) => formatPence(e.cashPence) },
              ]}
            />
          ))}

          {!list && !page.proposeNotYet ? (
            <Form method="post" noValidate>
              {page.budget.overPence > 0 ? (
                <Textarea
                  name="overBudgetReason"
                  label="Why should these awards go over the budget?"
                  hint="Only if the programme has agreed to spend more. The member of staff who approves the list sees it, and it is kept in the audit log."
                  rows={3}
                  error={errors?.overBudgetReason}
                  defaultValue={valueOf(actionData?.values, "overBudgetReason")}
                />
              ) : null}
              <Button name="intent" value="propose">
                Propose these awards
              </Button>
            </Form>
          ) : null}

          {list?.status === "proposed" ? (
            <>
              <h2 className="govuk-heading-m">Approve</h2>
              {list.proposedByMe ? (
                <InsetText>You proposed this list, so another member of staff must approve it.</InsetText>
              ) : page.conflicts.length ? (
                <InsetText>
                  You have a conflict of interest with an entry on this list, so another member of staff must approve
                  it.
                </InsetText>
              ) : (
                <>
                  <p className="govuk-body">
                    Check the list against the confirmed rounds. Nothing is sent until the results are published.
                  </p>
                  <Form method="post">
                    <Button name="intent" value="approve">
                      Approve the awards
                    </Button>
                  </Form>
                </>
              )}
              <h2 className="govuk-heading-m">Withdraw the proposal</h2>
              <Form method="post">
                <input type="hidden" name="intent" value="withdraw" />
                <Textarea
                  name="reason"
                  label="Why is the proposal withdrawn?"
                  hint="It is kept in the audit log. You can propose the awards again afterwards."
                  rows={3}
                  error={errors?.reason}
                  defaultValue={valueOf(actionData?.values, "reason")}
                />
                <Button variant="warning">Withdraw the proposal</Button>
              </Form>
            </>
          ) : null}

          {list?.status === "approved" ? (
            <>
              <h2 className="govuk-heading-m">Publish the results</h2>
              <WarningText>
                Publishing emails every entrant their result and shows the winning ideas on the public winners page. It
                cannot be undone.
              </WarningText>
              {page.publishNotYet ? (
                <InsetText>The results cannot be published yet. {page.publishNotYet}.</InsetText>
              ) : page.conflicts.length ? (
                <InsetText>
                  You have a conflict of interest with an entry on this list, so another member of staff must publish
                  the results.
                </InsetText>
              ) : (
                <Form method="post">
                  <Button name="intent" value="publish">
                    Publish the results
                  </Button>
                </Form>
              )}
            </>
          ) : null}

          {list ? (
            <>
              <h2 className="govuk-heading-m">After publication</h2>
              <ul className="govuk-list">
                <li>
                  <Link className="govuk-link" to={`${base}/payments`}>
                    Prize payments
                  </Link>
                </li>
                <li>
                  <Link className="govuk-link" to={`${base}/agreements`}>
                    Grant agreements
                  </Link>
                </li>
                <li>
                  <Link className="govuk-link" to={`${base}/monitoring`}>
                    Monitoring reports
                  </Link>
                </li>
                <li>
                  <Link className="govuk-link" to={`${base}/masterclasses`}>
                    Masterclasses
                  </Link>
                </li>
                {challenge.published ? (
                  <li>
                    <Link className="govuk-link" to={`/winners/${challenge.slug}`}>
                      The public winners page
                    </Link>
                  </li>
                ) : null}
              </ul>
            </>
          ) : null}
        </div>
      </div>
    </>
  );
}

/** What the list commits against the challenge's budget (cash prizes plus support caps), in one place. */
function BudgetSummary({
  budget,
  proposed,
}: {
  budget: { budgetPence: number | null; committedPence: number; remainingPence: number | null; overPence: number };
  proposed: boolean;
}) {
  return (
    <>
      <h3 className="govuk-heading-s">Against the budget</h3>
      <SummaryList
        rows={[
          {
            key: "Budget",
            value: budget.budgetPence === null ? "No budget set" : formatPence(budget.budgetPence),
          },
          {
            key: proposed ? "This list commits" : "These awards would commit",
            value: `${formatPence(budget.committedPence)} (cash prizes plus support caps)`,
          },
          ...(budget.remainingPence !== null
            ? [
                budget.overPence > 0
                  ? { key: "Over the budget by", value: formatPence(budget.overPence) }
                  : { key: "Left in the budget", value: formatPence(budget.remainingPence) },
              ]
            : []),
        ]}
      />
      {!proposed && budget.overPence > 0 ? (
        <WarningText>
          These awards would go {formatPence(budget.overPence)} over the budget. They can only be proposed with a
          reason.
        </WarningText>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
