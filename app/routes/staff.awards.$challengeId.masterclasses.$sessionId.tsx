import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { NotificationBanner, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { idParam } from "../domain/awards";
import { parseForm } from "../domain/forms";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { recordAttendance, sessionDetail } from "../services/awards/masterclasses.server";
import { Table } from "../components/Table";

// /staff/awards/:challengeId/masterclasses/:sessionId: who is invited to a session, who accepted,
// and attendance, recorded per place after the session.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  { title: pageTitle(loaderData ? `Masterclass: ${loaderData.detail.session.title}` : "Masterclass", error, matches) },
];

/** The challenge's and the session's ids from the address; anything else is not found. */
function ids(params: Record<string, string | undefined>): { challengeId: number; sessionId: number } {
  const challengeId = idParam(params.challengeId);
  const sessionId = idParam(params.sessionId);
  if (!challengeId || !sessionId) throw notFound();
  return { challengeId, sessionId };
}

const STATUS_LABELS = { invited: "Not replied", accepted: "Accepted", declined: "Declined" } as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const { challengeId, sessionId } = ids(args.params);
  const detail = await sessionDetail(actorFrom(user, args), challengeId, sessionId);
  return { detail, challengeId, saved: new URL(args.request.url).searchParams.get("notice") === "saved" };
}

const schema = z.object({
  place: z.coerce.number({ error: "Reload the page and try again" }).int().min(1).max(2_147_483_647),
  attended: z.enum(["yes", "no"], { error: "Choose whether they attended" }),
});

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const { challengeId, sessionId } = ids(args.params);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return data({ errors: { form: Object.values(form.errors)[0]! }, values: form.values }, { status: 400 });
  const result = await attempt(
    recordAttendance(actorFrom(user, args), challengeId, sessionId, form.data.place, form.data.attended === "yes"),
  );
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/awards/${challengeId}/masterclasses/${sessionId}?notice=saved`);
}

export default function StaffMasterclassSession() {
  const { detail, challengeId, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const { session, places } = detail;
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: "/staff/awards", text: "Awards" },
          { href: `/staff/awards/${challengeId}`, text: session.challengeTitle },
          { href: `/staff/awards/${challengeId}/masterclasses`, text: "Masterclasses" },
        ]}
      />
      <ErrorSummary errors={errors} />
      {saved && !errors ? (
        <NotificationBanner success>
          <p className="govuk-notification-banner__heading">Attendance recorded</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">Masterclass</span>
      <h1 className="govuk-heading-l">{session.title}</h1>
      <SummaryList
        rows={[
          { key: "When", value: session.when },
          { key: "Venue", value: session.venue ?? "Online only" },
          ...(session.online_url ? [{ key: "Online link", value: session.online_url }] : []),
          {
            key: "Places",
            value: `${places.filter((p) => p.status === "accepted").length} of ${session.capacity} taken`,
          },
        ]}
      />
      <Table
        caption="Invited"
        scroll
        rows={places}
        rowKey={(p) => p.id}
        columns={[
          {
            header: "Entry",
            cell: (p) => (
              <>
                {p.reference}: {p.title}
              </>
            ),
          },
          { header: "Organisation", cell: (p) => p.organisationName },
          { header: "Reply", cell: (p) => STATUS_LABELS[p.status] },
          {
            header: "Attended",
            cell: (p) =>
              p.status === "accepted" ? (
                <Form method="post" className="govuk-button-group govuk-!-margin-bottom-0">
                  <input type="hidden" name="place" value={p.id} />
                  <span className="govuk-body govuk-!-margin-bottom-0">
                    {p.attended === null ? "Not recorded" : p.attended ? "Yes" : "No"}
                  </span>
                  <Button variant="secondary" name="attended" value="yes" className="govuk-!-margin-bottom-0">
                    Attended<span className="govuk-visually-hidden"> ({p.organisationName})</span>
                  </Button>
                  <Button variant="secondary" name="attended" value="no" className="govuk-!-margin-bottom-0">
                    Did not attend<span className="govuk-visually-hidden"> ({p.organisationName})</span>
                  </Button>
                </Form>
              ) : (
                "Not applicable"
              ),
          },
        ]}
      />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
