import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { InsetText, NotificationBanner, SummaryList, WarningText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Radios, TextInput, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { idParam } from "../domain/awards";
import { optionalParagraphs, optionalText, parseForm } from "../domain/forms";
import { formatPence } from "../domain/money";
import { PAYMENT_STATUSES } from "../domain/payments";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { paymentDetail, staffChangesPayment } from "../services/awards/prize-payments.server";
import { paymentConflicts } from "../services/awards/staff-conflicts.server";
import { Table } from "../components/Table";

// /staff/awards/:challengeId/payments/:paymentId: one prize payment, its history, and the form to
// move it on (approve, record as paid with finance's reference, or cancel with a reason). The
// form carries the version the person saw: a change made on an out-of-date page is refused.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  { title: pageTitle(loaderData ? `Payment for ${loaderData.detail.payment.reference}` : "Payment", error, matches) },
];

/** The challenge's and the payment's ids from the address; anything else is not found. */
function ids(params: Record<string, string | undefined>): { challengeId: number; paymentId: number } {
  const challengeId = idParam(params.challengeId);
  const paymentId = idParam(params.paymentId);
  if (!challengeId || !paymentId) throw notFound();
  return { challengeId, paymentId };
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const { challengeId, paymentId } = ids(args.params);
  const actor = actorFrom(user, args);
  const detail = await paymentDetail(actor, challengeId, paymentId);
  // A conflict of interest with the payment's entry: another member of staff must change it.
  const conflict = (await paymentConflicts(actor, [paymentId]))[paymentId] ?? null;
  return { detail, challengeId, conflict, saved: new URL(args.request.url).searchParams.get("notice") === "saved" };
}

const schema = z.object({
  version: z.coerce.number({ error: "Reload the page and try again" }).int().min(1).max(2_147_483_647),
  to: z.enum(PAYMENT_STATUSES, { error: "Select the new status" }),
  financeReference: optionalText("the finance reference", 100),
  reason: optionalParagraphs("the reason", 2000),
  note: optionalParagraphs("the note", 2000),
});

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const actor = actorFrom(user, args);
  const { challengeId, paymentId } = ids(args.params);
  // Not found unless the payment is one of this challenge's.
  await paymentDetail(actor, challengeId, paymentId);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) {
    const { version, ...rest } = form.errors;
    return data({ errors: version ? { form: version, ...rest } : rest, values: form.values }, { status: 400 });
  }
  // Approving a payment or recording it as paid moves money: a second factor given in the last few minutes.
  if (form.data.to === "approved" || form.data.to === "paid") requireRecentSecondFactor(args, user);
  const result = await attempt(
    staffChangesPayment(actor, paymentId, {
      to: form.data.to,
      version: form.data.version,
      financeReference: form.data.financeReference || null,
      reason: form.data.reason || null,
      note: form.data.note || null,
    }),
  );
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/awards/${challengeId}/payments/${paymentId}?notice=saved`);
}

export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export default function StaffPayment() {
  const { detail, challengeId, conflict, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  const { payment, next, history, people, needsSomeoneElse, gate, waitingForGate } = detail;
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: "/staff/awards", text: "Awards" },
          { href: `/staff/awards/${challengeId}`, text: "Award list" },
          { href: `/staff/awards/${challengeId}/payments`, text: "Prize payments" },
        ]}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} order={["form", "to", "financeReference", "reason", "note"]} />
          {saved && !errors ? (
            <NotificationBanner success>
              <p className="govuk-notification-banner__heading">Payment updated: {payment.statusLabel}</p>
            </NotificationBanner>
          ) : null}
          <span className="govuk-caption-l">
            {payment.reference} · {payment.organisationName}
          </span>
          <h1 className="govuk-heading-l">Prize payment</h1>
          {conflict ? <WarningText>{conflict.warning}</WarningText> : null}
          <SummaryList
            rows={[
              { key: "Idea", value: payment.title },
              { key: "Priority area", value: payment.priorityArea ?? "None" },
              { key: "Council", value: payment.councilName },
              { key: "Amount", value: formatPence(payment.amount_pence) },
              { key: "Status", value: payment.statusLabel },
              { key: "Supplier reference", value: payment.supplier_reference ?? "Not given" },
              { key: "Finance reference", value: payment.finance_reference ?? "Not given" },
              ...(people.detailsRecordedBy ? [{ key: "Details recorded by", value: people.detailsRecordedBy }] : []),
              ...(people.approvedBy ? [{ key: "Approved by", value: people.approvedBy }] : []),
              ...(people.paidBy ? [{ key: "Recorded as paid by", value: people.paidBy }] : []),
              ...(payment.cancel_reason ? [{ key: "Reason cancelled", value: payment.cancel_reason }] : []),
            ]}
          />

          <h2 className="govuk-heading-m">Before it can be approved</h2>
          <SummaryList
            rows={[
              {
                key: "Due-diligence checks",
                value: (
                  <span data-testid="gate-checks">
                    {gate.checks.signedOffBy
                      ? `Signed off by ${gate.checks.signedOffBy}, ${formatDateTime(new Date(gate.checks.signedOffAt!))}`
                      : gate.checks.label}
                  </span>
                ),
                action: {
                  href: `/staff/awards/${challengeId}/due-diligence/${payment.award_id}`,
                  text: "View",
                  visuallyHidden: "the due-diligence checks",
                },
              },
              {
                key: "Grant agreement",
                value: (
                  <span data-testid="gate-agreement">
                    {gate.agreement.acceptedAt
                      ? `Accepted on ${formatDateTime(new Date(gate.agreement.acceptedAt))}`
                      : gate.agreement.label}
                  </span>
                ),
              },
            ]}
          />
          {waitingForGate ? (
            <InsetText>This payment cannot be approved yet: {gate.blockers.join(", and ")}.</InsetText>
          ) : null}
          {needsSomeoneElse.map((reason) => (
            <InsetText key={reason}>{reason}.</InsetText>
          ))}
          {next.length && conflict ? (
            <InsetText>
              Because of your conflict of interest, another member of staff must approve, pay or cancel this payment.
            </InsetText>
          ) : next.length ? (
            <Form method="post">
              <input type="hidden" name="version" value={payment.version} />
              <Radios
                name="to"
                legend="Change the status"
                legendSize="m"
                options={next}
                error={errors?.to}
                defaultValue={valueOf(values, "to")}
              />
              <TextInput
                name="financeReference"
                label="Finance reference"
                hint="Needed to record the payment as paid, for example the payment run number"
                width="20"
                error={errors?.financeReference}
                defaultValue={valueOf(values, "financeReference")}
              />
              <Textarea
                name="reason"
                label="Reason (if cancelling)"
                rows={2}
                error={errors?.reason}
                defaultValue={valueOf(values, "reason")}
              />
              <Textarea
                name="note"
                label="Note (optional)"
                rows={2}
                error={errors?.note}
                defaultValue={valueOf(values, "note")}
              />
              {/* The version makes a repeated submission harmless (it is refused as out of date), and
                  the page is used for several changes in a row, which double-click prevention slows. */}
              <Button preventDoubleClick={false}>Save the change</Button>
            </Form>
          ) : (
            <InsetText>This payment is {payment.statusLabel.toLowerCase()}: nothing more can change.</InsetText>
          )}

          <h2 className="govuk-heading-m">History</h2>
          <Table
            caption="Changes to this payment, newest first"
            hideCaption
            scroll="Changes to this payment"
            rows={history}
            rowKey={(h) => h.id}
            columns={[
              { header: "When", cell: (h) => formatDateTime(new Date(h.at)) },
              { header: "Change", cell: (h) => (h.from ? `${h.from} to ${h.to}` : h.to) },
              { header: "Who", cell: (h) => h.by ?? "A former user" },
              {
                header: "Note",
                cell: (h) =>
                  h.note.split("\n").map((line, i) => (
                    <span className="govuk-!-display-block" key={i}>
                      {line}
                    </span>
                  )),
              },
            ]}
          />
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
