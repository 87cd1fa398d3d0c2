import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { InsetText, NotificationBanner, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { Tag } from "../components/StatusTag";
import { Table } from "../components/Table";
import { parseForm } from "../domain/forms";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { BACKLOG_LIST_LIMIT, emailBacklog, retryFailedEmails } from "../services/email/backlog.server";

// The email backlog: what the outbox is still trying to send, since when, and what keeps failing,
// with "Send again now" for emails given up on. Staff only (the services check the role as well).

export const meta: MetaFunction<typeof loader> = ({ error }) => [
  { title: pageTitle("Email waiting to be sent", error) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const sent = new URL(args.request.url).searchParams.get("sent");
  const backlog = await emailBacklog(actorFrom(user, args));
  return { ...backlog, sent: sent && /^\d{1,6}$/.test(sent) ? Number(sent) : null };
}

const actionSchema = z.object({
  intent: z.enum(["retry", "retry-all"], { error: "Choose which emails to send again" }),
  id: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
});

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const form = parseForm(actionSchema, await args.request.formData());
  if (!form.ok) return data({ errors: { form: Object.values(form.errors)[0]! } }, { status: 400 });
  const { intent, id } = form.data;
  if (intent === "retry" && id === undefined)
    return data({ errors: { form: "Choose an email to send again" } }, { status: 400 });
  const result = await attempt(retryFailedEmails(actorFrom(user, args), intent === "retry-all" ? "all" : [id!]));
  if (!result.ok) return formError(result.error, {});
  if (result.value.count === 0) return data({ errors: { form: result.value.message } }, { status: 409 });
  return redirect(`/staff/email?sent=${result.value.count}`);
}

export default function EmailBacklogPage() {
  const backlog = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const retryable = backlog.failing.filter((email) => email.canSendAgain).length;
  return (
    <>
      <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={actionData?.errors} />
          {backlog.sent ? (
            <NotificationBanner success>
              <h3 className="govuk-notification-banner__heading">
                {backlog.sent === 1 ? "1 email is" : `${backlog.sent} emails are`} being sent again
              </h3>
              <p className="govuk-body">
                They are back in the queue and go out within a minute if the provider answers.
              </p>
            </NotificationBanner>
          ) : null}
          <h1 className="govuk-heading-l">Email waiting to be sent</h1>
          <p className="govuk-body">
            Every email the service sends waits in a queue until the email provider accepts it. When the provider fails,
            each email is tried again: after 30 seconds, then after waits that double up to 15 minutes, for{" "}
            {backlog.giveUpAfterDays} days. Only then is it marked failed. Nothing is lost while it waits.
          </p>
          <SummaryList
            rows={[
              { key: "Waiting", value: backlog.waiting === 1 ? "1 email" : `${backlog.waiting} emails` },
              {
                key: "Waiting since",
                value: backlog.oldestWaitingSince
                  ? formatDateTime(new Date(backlog.oldestWaitingSince))
                  : "Nothing is waiting",
              },
              {
                key: "Being tried again",
                value: backlog.retrying === 1 ? "1 email" : `${backlog.retrying} emails`,
              },
              { key: "Failed", value: backlog.failed === 1 ? "1 email" : `${backlog.failed} emails` },
            ]}
          />
          {backlog.failed > 0 ? (
            <Form method="post">
              <Button name="intent" value="retry-all" variant="secondary">
                Send all failed emails again now
              </Button>
            </Form>
          ) : null}
        </div>
      </div>

      <h2 className="govuk-heading-m">Emails with a problem</h2>
      {backlog.failing.length === 0 ? (
        <p className="govuk-body">No email has failed to send.</p>
      ) : (
        <>
          {retryable < backlog.failing.filter((email) => email.status === "failed").length ? (
            <InsetText>
              A failed email that carried a single-use link (to set a password, confirm an address, or accept an
              invitation) cannot be sent again: the link was removed when it failed. Ask the person to request a new
              one, or send the invitation again.
            </InsetText>
          ) : null}
          <Table
            caption={
              backlog.retrying + backlog.failed > BACKLOG_LIST_LIMIT
                ? `The first ${BACKLOG_LIST_LIMIT} of ${backlog.retrying + backlog.failed}, failed ones first`
                : `Failed and retrying emails (${backlog.retrying + backlog.failed})`
            }
            scroll="Emails with a problem"
            rows={backlog.failing}
            rowKey={(email) => email.id}
            columns={[
              {
                header: "Email",
                cell: (email) => (
                  <>
                    {email.subject}
                    <br />
                    <span className="govuk-body-s">To {email.to}</span>
                  </>
                ),
              },
              {
                header: "Status",
                cell: (email) =>
                  email.status === "failed" ? (
                    <Tag colour="govuk-tag--red">Failed</Tag>
                  ) : (
                    <>
                      <Tag colour="govuk-tag--yellow">Trying again</Tag>
                      <br />
                      <span className="govuk-body-s">
                        Next try {email.nextAttemptAt ? formatDateTime(new Date(email.nextAttemptAt)) : "soon"}
                      </span>
                    </>
                  ),
              },
              {
                header: "What went wrong",
                cell: (email) => (
                  <>
                    {email.problem}
                    <br />
                    <span className="govuk-body-s">
                      {email.attempts} {email.attempts === 1 ? "try" : "tries"} since{" "}
                      {formatDateTime(new Date(email.queuedAt))}. Details: {email.detail}
                    </span>
                  </>
                ),
              },
              {
                header: <span className="govuk-visually-hidden">Actions</span>,
                cell: (email) =>
                  email.canSendAgain ? (
                    <Form method="post">
                      <input type="hidden" name="id" value={email.id} />
                      <Button name="intent" value="retry" variant="secondary" className="govuk-!-margin-bottom-1">
                        Send again now<span className="govuk-visually-hidden"> to {email.to}</span>
                      </Button>
                    </Form>
                  ) : null,
              },
            ]}
          />
        </>
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
