import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { AttachmentList } from "../components/Attachments";
import { SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { SupportSummary } from "../components/SupportSummary";
import { parseForm, type FieldErrors } from "../domain/forms";
import { londonToday } from "../domain/milestones";
import { formatPence } from "../domain/money";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { invalid, notFound } from "../services/app-error.server";
import {
  approveSupportRequest,
  loadSupportRequest,
  refuseSupportRequest,
} from "../services/awards/support-requests.server";
import { requestNow } from "../services/platform/clock.server";

// /staff/support/:awardId/requests/:requestId: a winner's request for support, and its decision.
// Approving puts it on the ledger under the cap, recorded today (over the cap only with an
// authorised override and its reason), and needs a recent second factor, as every step that
// commits money does; refusing needs a reason the winner reads. Either way the winner is emailed.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(
      loaderData ? `Request for support from ${loaderData.award.organisationName}` : "Request for support",
      error,
      matches,
    ),
  },
];

function idParam(value: string | undefined): number {
  if (!value || !/^[1-9][0-9]{0,8}$/.test(value)) throw notFound();
  return Number(value);
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  return loadSupportRequest(actorFrom(user, args), idParam(args.params.awardId), idParam(args.params.requestId));
}

const version = z.coerce.number({ error: "Reload the page and try again" }).int().min(1).max(2_147_483_647);
const schema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("approve"),
      version,
      overrideReason: z
        .string()
        .optional()
        .transform((s) => (s ?? "").trim())
        .pipe(z.string().max(2000, "The reason must be 2000 characters or fewer")),
    }),
    z.object({
      intent: z.literal("refuse"),
      version,
      refusalReason: z
        .string()
        .optional()
        .transform((s) => (s ?? "").trim())
        .pipe(
          z
            .string()
            .min(1, "Enter why the request is refused")
            .max(5000, "The reason must be 5000 characters or fewer"),
        ),
    }),
  ],
  { error: "Choose what to do" },
);

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const awardId = idParam(args.params.awardId);
  const requestId = idParam(args.params.requestId);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) {
    const { version: versionError, intent, ...rest } = form.errors;
    const summary = versionError ?? intent;
    return data({ errors: summary ? { form: summary, ...rest } : rest, values: form.values }, { status: 400 });
  }
  const actor = actorFrom(user, args);
  if (form.data.intent === "approve") {
    // Approving commits money from the programme.
    requireRecentSecondFactor(args, user);
    const result = await attempt(
      approveSupportRequest(actor, awardId, requestId, {
        version: form.data.version,
        happenedOn: londonToday(requestNow(args.request)),
        overrideReason: form.data.overrideReason || null,
      }),
    );
    if (!result.ok) {
      // The cap's refusal is about the amount, which the page shows rather than asks for.
      const error = result.error.field === "amount" ? invalid(result.error.message, "overrideReason") : result.error;
      return formError(error, form.values);
    }
    return redirect(
      `/staff/support/${awardId}?notice=${result.value.overridden ? "request-approved-override" : "request-approved"}`,
    );
  }
  const result = await attempt(
    refuseSupportRequest(actor, awardId, requestId, { version: form.data.version, reason: form.data.refusalReason }),
  );
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/support/${awardId}?notice=request-refused`);
}

export default function SupportRequestDecision() {
  const { award, position, request } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const values = actionData?.values;
  const waiting = request.status === "waiting";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/staff/support/${award.awardId}`} className="govuk-back-link">
          Back to the support plan
        </Link>
        <ErrorSummary errors={errors} order={["form", "overrideReason", "refusalReason"]} />
        <span className="govuk-caption-l">{award.organisationName}</span>
        <h1 className="govuk-heading-l">Request for support</h1>
        <SummaryList
          rows={[
            { key: "Kind of support", value: request.kindLabel },
            { key: "What", value: request.description },
            { key: "From", value: request.supplier },
            { key: "Cost", value: formatPence(request.costPence) },
            { key: "Why", value: request.reason },
            {
              key: "Quotes",
              value: <AttachmentList attachments={request.attachments} empty="No quote was attached." />,
            },
            {
              key: "Asked by",
              value: `${request.requestedByName ?? "A former member of the organisation"}, ${formatDateTime(new Date(request.requestedAt))}`,
            },
            { key: "Status", value: request.statusLabel },
            request.decidedAt
              ? {
                  key: "Decided by",
                  value: `${request.decidedByName ?? "A former member of staff"}, ${formatDateTime(new Date(request.decidedAt))}`,
                }
              : null,
            request.refusalReason ? { key: "Why it was refused", value: request.refusalReason } : null,
          ]}
        />
        <SupportSummary
          summary={{ awardId: award.awardId, position, milestones: { total: 0, done: 0, onTrack: 0, late: 0 } }}
          heading="Running total"
          hideMilestones
        />
        {waiting ? (
          <>
            <h2 className="govuk-heading-m">Approve into the ledger</h2>
            <p className="govuk-body">
              The support goes on the ledger today at {formatPence(request.costPence)}. If it would take the total over
              the {formatPence(award.capPence)} cap it is refused, unless someone authorised to agree it has done so.
            </p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="approve" />
              <input type="hidden" name="version" value={request.version} />
              <Textarea
                name="overrideReason"
                label="Reason for an authorised override of the cap (optional)"
                labelSize="s"
                hint="Only if it goes over the cap: who authorised it and why. Leave blank otherwise."
                rows={3}
                error={errors?.overrideReason}
                defaultValue={valueOf(values, "overrideReason")}
              />
              <Button>Approve</Button>
            </Form>
            <h2 className="govuk-heading-m">Refuse</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="refuse" />
              <input type="hidden" name="version" value={request.version} />
              <Textarea
                name="refusalReason"
                label="Why the request is refused"
                labelSize="s"
                hint="The winner reads this in their email and on their support plan."
                rows={4}
                error={errors?.refusalReason}
                defaultValue={valueOf(values, "refusalReason")}
              />
              <Button variant="warning">Refuse</Button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
