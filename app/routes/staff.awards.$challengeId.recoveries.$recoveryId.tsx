import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { InsetText, NotificationBanner, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Radios, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { idParam } from "../domain/awards";
import { parseForm, type FieldErrors } from "../domain/forms";
import { formatPence } from "../domain/money";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { RECORDED_CANNOT_WRITE_OFF } from "../domain/recoveries";
import { loadRecovery, resolveRecovery } from "../services/awards/recoveries.server";

// /staff/awards/:challengeId/recoveries/:recoveryId: one recovery, and while it is due, recording
// it received (how) or written off (why). Both are money steps (a recent second factor); a
// write-off must be made by someone other than whoever recorded the recovery.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Recovery", error, matches) },
];

const NOTICES = {
  recorded: "Recovery recorded.",
  received: "Recovery recorded as received.",
  written_off: "Recovery written off.",
} as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = idParam(args.params.challengeId);
  const recoveryId = idParam(args.params.recoveryId);
  if (!challengeId || !recoveryId) throw notFound();
  const page = await loadRecovery(actorFrom(user, args), challengeId, recoveryId);
  const notice = new URL(args.request.url).searchParams.get("notice");
  return { ...page, notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null };
}

const schema = z.object({
  to: z.enum(["received", "written_off"], { error: "Select what happened" }),
  note: z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .pipe(
      z
        .string()
        .min(1, "Enter how it was received, or why it is written off")
        .max(5000, "The note must be 5000 characters or fewer"),
    ),
  version: z.coerce.number({ error: "Reload the page and try again" }).int().min(1).max(2_147_483_647),
});

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = idParam(args.params.challengeId);
  const recoveryId = idParam(args.params.recoveryId);
  if (!challengeId || !recoveryId) throw notFound();
  requireRecentSecondFactor(args, user);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) {
    const { version, ...rest } = form.errors;
    return data({ errors: version ? { form: version, ...rest } : rest, values: form.values }, { status: 400 });
  }
  const result = await attempt(resolveRecovery(actorFrom(user, args), challengeId, recoveryId, form.data));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/awards/${challengeId}/recoveries/${recoveryId}?notice=${result.value}`);
}

export default function RecoveryPage() {
  const { challenge, recovery, mayWriteOff, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const values = actionData?.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/staff/awards/${challenge.id}/payments`} className="govuk-back-link">
          Back to prize payments
        </Link>
        <ErrorSummary errors={errors} order={["form", "to", "note"]} />
        {notice && !errors ? (
          <NotificationBanner success>
            <p className="govuk-notification-banner__heading">{notice}</p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">{challenge.title}</span>
        <h1 className="govuk-heading-l">
          Recovery from {recovery.organisationName}: {formatPence(recovery.amountPence)}
        </h1>
        <SummaryList
          rows={[
            { key: "Award", value: `${recovery.entryReference} ${recovery.organisationName} (${recovery.prizeName})` },
            { key: "Why", value: recovery.reasonLabel },
            { key: "What happened", value: recovery.description },
            { key: "Amount", value: formatPence(recovery.amountPence) },
            { key: "Status", value: recovery.statusLabel },
            {
              key: "Recorded by",
              value: `${recovery.recordedByName ?? "A former member of staff"}, ${formatDateTime(new Date(recovery.recordedAt))}`,
            },
            recovery.resolvedAt
              ? {
                  key: recovery.status === "received" ? "Received, recorded by" : "Written off by",
                  value: `${recovery.resolvedByName ?? "A former member of staff"}, ${formatDateTime(new Date(recovery.resolvedAt))}`,
                }
              : null,
            recovery.resolutionNote ? { key: "Note", value: recovery.resolutionNote } : null,
          ]}
        />
        {recovery.status === "due" ? (
          <>
            <h2 className="govuk-heading-m">Resolve the recovery</h2>
            {!mayWriteOff ? <InsetText>{RECORDED_CANNOT_WRITE_OFF}.</InsetText> : null}
            <Form method="post" noValidate>
              <input type="hidden" name="version" value={recovery.version} />
              <Radios
                name="to"
                legend="What happened"
                legendSize="s"
                error={errors?.to}
                defaultValue={valueOf(values, "to")}
                options={[
                  { value: "received", text: "The money has been received" },
                  ...(mayWriteOff ? [{ value: "written_off", text: "Write it off" }] : []),
                ]}
              />
              <Textarea
                name="note"
                label="Note"
                labelSize="s"
                hint="How it was received (for example, the finance reference), or why it is written off."
                rows={3}
                error={errors?.note}
                defaultValue={valueOf(values, "note")}
              />
              <Button>Save</Button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
