import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { NotificationBanner, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { Tag } from "../components/StatusTag";
import { DATA_REQUEST_KIND_LABELS, DATA_REQUEST_STATUS_LABELS, daysUntilDue } from "../domain/data-requests";
import { londonDate } from "../domain/deadline";
import { parseForm, requiredParagraphs, type FieldErrors } from "../domain/forms";
import { formatCalendarDate } from "../domain/milestones";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { invalid, notFound } from "../services/app-error.server";
import { closeDataRequest, getDataRequest } from "../services/records/data-requests.server";
import { requestNow } from "../services/platform/clock.server";

// /staff/data-requests/:id: one request and what to do about it. An access request produces the
// person's data (/staff/data-requests/:id/data, the same page and file they would see themselves);
// an erasure request is carried out from the person's page. Once answered, the request is marked
// completed, or refused with the reason given to the person. Plain forms: works without JavaScript.

const ID = z.coerce.number().int().min(1).max(2_147_483_647);

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(
      loaderData?.request.personName ? `Request from ${loaderData.request.personName}` : "Data-rights request",
      error,
      matches,
    ),
  },
];

const NOTICES = {
  created: "Request recorded",
  completed: "Request marked as completed",
  refused: "Request refused",
} as const;

function idParam(value: string | undefined): number {
  const id = ID.safeParse(value);
  if (!id.success) throw notFound();
  return id.data;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const today = londonDate(requestNow(args.request));
  const request = await getDataRequest(actorFrom(user, args), idParam(args.params.id), today);
  const notice = new URL(args.request.url).searchParams.get("notice");
  return {
    request,
    daysLeft: daysUntilDue(request.dueOn, today),
    notice: notice && Object.hasOwn(NOTICES, notice) ? NOTICES[notice as keyof typeof NOTICES] : null,
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("complete") }),
  z.object({ intent: z.literal("refuse"), reason: requiredParagraphs("the reason for refusing", 5000) }),
]);

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const id = idParam(args.params.id);
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  if (intent !== "complete" && intent !== "refuse") throw invalid("Choose what to do with the request");
  const form = parseForm(actionSchema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const outcome =
    form.data.intent === "complete"
      ? ({ status: "completed" } as const)
      : ({ status: "refused", reason: form.data.reason } as const);
  const result = await attempt(closeDataRequest(actorFrom(user, args), id, outcome));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/data-requests/${id}?notice=${outcome.status}`);
}

export default function DataRequest() {
  const { request, daysLeft, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const values = actionData?.values;
  const person = request.personName ?? "Account deleted";
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: "/staff/data-requests", text: "Data-rights requests" },
        ]}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} order={["form", "reason"]} />
          {notice ? (
            <NotificationBanner success>
              <p className="govuk-notification-banner__heading">{notice}</p>
            </NotificationBanner>
          ) : null}
          <span className="govuk-caption-l">{DATA_REQUEST_KIND_LABELS[request.kind]}</span>
          <h1 className="govuk-heading-l">Request from {person}</h1>
          <SummaryList
            rows={[
              {
                key: "Person",
                value: request.userId ? (
                  <>
                    <Link className="govuk-link" to={`/staff/people/${request.userId}`}>
                      {person}
                    </Link>
                    <br />
                    {request.personEmail}
                  </>
                ) : (
                  person
                ),
              },
              { key: "Asked for", value: DATA_REQUEST_KIND_LABELS[request.kind] },
              { key: "Received", value: formatCalendarDate(request.receivedOn) },
              {
                key: "Due",
                value: (
                  <>
                    {formatCalendarDate(request.dueOn)}
                    {request.overdue ? (
                      <>
                        {" "}
                        <Tag colour="govuk-tag--red">Overdue</Tag>
                      </>
                    ) : request.status === "open" ? (
                      daysLeft === 0 ? (
                        " (today)"
                      ) : (
                        ` (${daysLeft === 1 ? "1 day" : `${daysLeft} days`} left)`
                      )
                    ) : null}
                  </>
                ),
              },
              { key: "How it was received", value: request.howReceived },
              { key: "Notes", value: request.notes || "None" },
              { key: "Recorded by", value: request.createdByName ?? "Not known" },
              { key: "Status", value: DATA_REQUEST_STATUS_LABELS[request.status] },
              request.completedAt
                ? {
                    key: request.status === "refused" ? "Refused" : "Completed",
                    value: `${formatDateTime(new Date(request.completedAt))} by ${request.completedByName ?? "someone no longer on the staff"}`,
                  }
                : null,
              request.refusalReason ? { key: "Reason for refusing", value: request.refusalReason } : null,
            ]}
          />

          {request.userId && request.kind === "access" ? (
            <>
              <h2 className="govuk-heading-m">Produce their data</h2>
              <p className="govuk-body">
                The same copy of their data the person can download from their account: a page to print and a JSON file.
                Each copy you produce is recorded in the audit log.
              </p>
              <p className="govuk-body">
                <Link className="govuk-link" to={`/staff/data-requests/${request.id}/data`}>
                  Produce their data
                </Link>
              </p>
            </>
          ) : null}
          {request.userId && request.kind !== "access" ? (
            <>
              <h2 className="govuk-heading-m">Act on it</h2>
              <p className="govuk-body">
                {request.kind === "erasure"
                  ? "Erase their account from their page, where you can see what will be kept and why."
                  : "Their account, roles and details are on their page."}
              </p>
              <p className="govuk-body">
                <Link className="govuk-link" to={`/staff/people/${request.userId}`}>
                  Go to {person}&apos;s page
                </Link>
              </p>
            </>
          ) : null}

          {request.status === "open" ? (
            <>
              <h2 className="govuk-heading-m">Once you have answered</h2>
              <Form method="post">
                <input type="hidden" name="intent" value="complete" />
                <Button>Mark as completed</Button>
              </Form>
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="refuse" />
                <Textarea
                  name="reason"
                  label="Reason for refusing"
                  labelSize="s"
                  hint="Only if the law lets you refuse, for example a request that is manifestly unfounded. Give the reason you told the person"
                  rows={3}
                  error={errors?.reason}
                  defaultValue={valueOf(values, "reason")}
                />
                <Button variant="warning">Refuse the request</Button>
              </Form>
            </>
          ) : null}
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
