import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { NotificationBanner } from "../components/content";
import { Button, ErrorSummary } from "../components/forms";
import { pageHref, Pagination } from "../components/Pagination";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { parseForm } from "../domain/forms";
import { pageParam } from "../domain/pagination";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import {
  approveStaffInvitation,
  declineStaffInvitation,
  listInvitations,
  resendInvitation,
  revokeInvitation,
  type InvitationStatus,
} from "../services/accounts/invitations.server";
import { Table } from "../components/Table";
import { Tag } from "../components/StatusTag";

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ data: loaderData, error }) => [
  {
    title: pageTitle(
      `Invitations${loaderData && loaderData.page > 1 ? ` (page ${loaderData.page} of ${loaderData.pageCount})` : ""}`,
      error,
    ),
  },
];

const STATUSES = [
  "awaiting_approval",
  "pending",
  "accepted",
  "expired",
  "revoked",
] as const satisfies readonly InvitationStatus[];

const STATUS_LABELS: Record<InvitationStatus, { text: string; tag: string }> = {
  awaiting_approval: { text: "Awaiting approval", tag: "govuk-tag--yellow" },
  pending: { text: "Pending", tag: "govuk-tag--blue" },
  accepted: { text: "Accepted", tag: "govuk-tag--green" },
  expired: { text: "Expired", tag: "govuk-tag--grey" },
  revoked: { text: "Revoked", tag: "govuk-tag--red" },
};

const NOTICES = ["sent", "resent", "revoked", "proposed", "approved", "declined"] as const;

const querySchema = z.object({
  page: pageParam,
  status: z.enum(STATUSES).nullable().catch(null),
  notice: z.enum(NOTICES).nullable().catch(null),
  id: z.coerce.number().int().min(1).max(2_147_483_647).nullable().catch(null),
});

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const params = new URL(args.request.url).searchParams;
  const query = querySchema.parse({
    page: params.get("page") ?? undefined,
    status: params.get("status"),
    notice: params.get("notice"),
    id: params.get("id"),
  });
  const result = await listInvitations(actorFrom(user, args), {
    page: query.page,
    status: query.status,
    focusId: query.notice ? query.id : null,
  });
  return { ...result, status: query.status, notice: query.notice && result.focus ? query.notice : null };
}

const actionSchema = z.object({
  intent: z.enum(["resend", "revoke", "approve", "decline"], { error: "Choose what to do with the invitation" }),
  id: z.coerce
    .number({ error: "Choose an invitation" })
    .int("Choose an invitation")
    .min(1, "Choose an invitation")
    .max(2_147_483_647, "Choose an invitation"),
});

// A staff invitation waits for a second member of staff: approve sends it, decline drops it.
const ACTIONS = {
  resend: resendInvitation,
  revoke: revokeInvitation,
  approve: approveStaffInvitation,
  decline: declineStaffInvitation,
} as const;
const NOTICE_AFTER = { resend: "resent", revoke: "revoked", approve: "approved", decline: "declined" } as const;

const NOTICE_TEXT: Record<(typeof NOTICES)[number], { heading: (email: string) => string; body: string }> = {
  sent: {
    heading: (email) => `Invitation sent to ${email}`,
    body: "The link in the email works for 7 days and can be used once.",
  },
  resent: {
    heading: (email) => `Invitation sent again to ${email}`,
    body: "The new link works for 7 days. The link in any earlier email no longer works.",
  },
  revoked: {
    heading: (email) => `Invitation to ${email} revoked`,
    body: "The link in the invitation email no longer works.",
  },
  proposed: {
    heading: (email) => `Invitation to ${email} waiting for approval`,
    body: "Another member of the programme staff must approve a staff invitation before it is sent. It is in the list below until they do.",
  },
  approved: {
    heading: (email) => `Invitation approved and sent to ${email}`,
    body: "The link in the email works for 7 days and can be used once.",
  },
  declined: {
    heading: (email) => `Invitation to ${email} declined`,
    body: "Nothing was sent.",
  },
};

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const form = parseForm(actionSchema, await args.request.formData());
  if (!form.ok) return data({ errors: { form: Object.values(form.errors)[0]! } }, { status: 400 });
  const actor = actorFrom(user, args);
  const { intent, id } = form.data;
  // Approving a staff invitation grants the staff role: a sensitive action, so a recent second factor.
  if (intent === "approve") requireRecentSecondFactor(args, user);
  // An invitation that has moved on since the list was shown: the reason, in the error summary.
  const result = await attempt(ACTIONS[intent](actor, id));
  if (!result.ok) return formError(result.error, {});
  return redirect(`/staff/invitations?notice=${NOTICE_AFTER[intent]}&id=${id}`);
}

function statusHref(status: InvitationStatus | null) {
  return status ? `/staff/invitations?status=${status}` : "/staff/invitations";
}

function dateLine(invitation: {
  status: InvitationStatus;
  expiresAt: string | Date;
  acceptedAt: string | Date | null;
  revokedAt: string | Date | null;
}) {
  switch (invitation.status) {
    case "awaiting_approval":
      return "Not sent yet";
    case "pending":
      return `Link expires at ${formatDateTime(new Date(invitation.expiresAt))}`;
    case "expired":
      return `Link expired at ${formatDateTime(new Date(invitation.expiresAt))}`;
    case "accepted":
      return `Accepted at ${formatDateTime(new Date(invitation.acceptedAt!))}`;
    case "revoked":
      return `Revoked at ${formatDateTime(new Date(invitation.revokedAt!))}`;
  }
}

export default function Invitations() {
  const { invitations, total, page, pageCount, status, notice, focus } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  return (
    <>
      <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={actionData?.errors} />
          {notice && focus ? (
            <NotificationBanner success>
              <h3 className="govuk-notification-banner__heading">{NOTICE_TEXT[notice].heading(focus.email)}</h3>
              <p className="govuk-body">{NOTICE_TEXT[notice].body}</p>
            </NotificationBanner>
          ) : null}
          <h1 className="govuk-heading-l">Invitations</h1>
          <p className="govuk-body">
            Invite judges, council officers and other programme staff. Each invitation is a link, emailed to them, that
            works once and for 7 days.
          </p>
          <p className="govuk-body">
            A staff invitation is sent only when a second member of the programme staff approves it.
          </p>
          <Link
            to="/staff/invitations/new"
            className="govuk-button"
            role="button"
            draggable={false}
            data-module="govuk-button"
          >
            Invite someone
          </Link>
        </div>
      </div>

      <nav aria-label="Show invitations by status">
        <ul className="govuk-list">
          {[null, ...STATUSES].map((s) => (
            <li key={s ?? "all"} className="govuk-!-display-inline-block govuk-!-margin-right-4">
              <Link className="govuk-link" to={statusHref(s)} aria-current={s === status ? "page" : undefined}>
                {s === status ? (
                  <strong>{s ? STATUS_LABELS[s].text : "All"}</strong>
                ) : s ? (
                  STATUS_LABELS[s].text
                ) : (
                  "All"
                )}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {invitations.length === 0 ? (
        <p className="govuk-body">
          {total === 0
            ? status
              ? `There are no ${STATUS_LABELS[status].text.toLowerCase()} invitations.`
              : "No one has been invited yet."
            : "There are no invitations on this page."}
        </p>
      ) : (
        <Table
          caption={
            <>
              {status ? `${STATUS_LABELS[status].text} invitations` : "All invitations"} ({total})
            </>
          }
          scroll="Invitations"
          rows={invitations}
          rowKey={(invitation) => invitation.id}
          columns={[
            { header: "Email address", cell: (invitation) => invitation.email },
            { header: "Role", cell: (invitation) => invitation.roleLabel },
            {
              header: "Status",
              cell: (invitation) => (
                <>
                  <Tag colour={STATUS_LABELS[invitation.status].tag}>{STATUS_LABELS[invitation.status].text}</Tag>
                  <br />
                  <span className="govuk-body-s">{dateLine(invitation)}</span>
                </>
              ),
            },
            {
              header: "Invited by",
              cell: (invitation) => (
                <>
                  {invitation.invitedBy ?? "A former member of staff"}
                  {invitation.approvedBy ? (
                    <>
                      <br />
                      <span className="govuk-body-s">Approved by {invitation.approvedBy}</span>
                    </>
                  ) : null}
                </>
              ),
            },
            {
              header: <span className="govuk-visually-hidden">Actions</span>,
              cell: (invitation) =>
                invitation.status === "awaiting_approval" ? (
                  <AwaitingApproval invitation={invitation} />
                ) : invitation.status === "pending" || invitation.status === "expired" ? (
                  <Form method="post" className="govuk-button-group">
                    <input type="hidden" name="id" value={invitation.id} />
                    <Button variant="secondary" name="intent" value="resend" className="govuk-!-margin-bottom-1">
                      Send again<span className="govuk-visually-hidden"> to {invitation.email}</span>
                    </Button>
                    {invitation.status === "pending" ? (
                      <Button variant="warning" name="intent" value="revoke" className="govuk-!-margin-bottom-1">
                        Revoke<span className="govuk-visually-hidden"> invitation to {invitation.email}</span>
                      </Button>
                    ) : null}
                  </Form>
                ) : null,
            },
          ]}
        />
      )}
      <Pagination
        page={page}
        count={pageCount}
        hrefFor={(p) => pageHref(location.pathname, withoutNotice(location.search), p)}
        label="Pages of invitations"
      />
    </>
  );
}

/** Approve or decline for others; the proposer is told to wait, and may withdraw it. */
function AwaitingApproval({ invitation }: { invitation: { id: number; email: string; proposedByYou: boolean } }) {
  return (
    <Form method="post">
      <input type="hidden" name="id" value={invitation.id} />
      {invitation.proposedByYou ? (
        <>
          <p className="govuk-body-s">Waiting for another member of staff to approve</p>
          <Button variant="secondary" name="intent" value="decline" className="govuk-!-margin-bottom-1">
            Withdraw<span className="govuk-visually-hidden"> invitation to {invitation.email}</span>
          </Button>
        </>
      ) : (
        <div className="govuk-button-group">
          <Button name="intent" value="approve" className="govuk-!-margin-bottom-1">
            Approve and send<span className="govuk-visually-hidden"> invitation to {invitation.email}</span>
          </Button>
          <Button variant="warning" name="intent" value="decline" className="govuk-!-margin-bottom-1">
            Decline<span className="govuk-visually-hidden"> invitation to {invitation.email}</span>
          </Button>
        </div>
      )}
    </Form>
  );
}

function withoutNotice(search: string) {
  const params = new URLSearchParams(search);
  params.delete("notice");
  params.delete("id");
  return params.toString();
}

export const ErrorBoundary = RouteErrorBoundary;
