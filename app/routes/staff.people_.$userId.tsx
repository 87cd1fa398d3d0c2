import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { parseForm } from "../domain/forms";
import { formatDate } from "../domain/time";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { InsetText, NotificationBanner, SummaryList, WarningText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, TextInput, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { getPerson, resetSecondFactor, type SecondFactorSummary } from "../services/accounts/people.server";
import { describeErasure, eraseAccount, type ErasurePreview } from "../services/records/erasure.server";

// /staff/people/:userId: one person's account, roles and two-step verification, for staff. A
// lost second factor is reset from here: ?confirm=reset asks first, and only a POST from that
// page resets it. An account is erased from here for a request received by other means (a letter,
// a call): ?confirm=erase says what goes and what stays, and a POST with intent=erase and the
// request's reference erases it (app/services/records/erasure.server.ts).

const ID = z.coerce.number().int().min(1).max(2_147_483_647);

const eraseSchema = z.object({
  reference: z
    .string({ error: "Enter the request's reference" })
    .trim()
    .min(1, "Enter the request's reference")
    .max(40, "The reference must be 40 characters or fewer"),
});

function titleOf(data: { confirm: boolean; erase: unknown; person: { name: string } } | undefined) {
  if (data?.erase) return `Erase ${data.person.name}'s account`;
  if (data?.confirm) return "Reset two-step verification";
  return data?.person.name ?? "Person";
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(titleOf(loaderData), error, matches),
  },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const userId = ID.safeParse(args.params.userId);
  if (!userId.success) throw notFound();
  const person = await getPerson(actorFrom(user, args), userId.data);
  const params = new URL(args.request.url).searchParams;
  const erase =
    params.get("confirm") === "erase" && !person.isSelf && !person.erasedAt
      ? await describeErasure(actorFrom(user, args), userId.data)
      : null;
  return {
    person: { ...person, erasedOn: person.erasedAt ? formatDate(person.erasedAt) : null },
    confirm: params.get("confirm") === "reset" && person.hasAnythingToReset && !person.isSelf && !person.erasedAt,
    erase,
    notice:
      params.get("notice") === "reset"
        ? ("reset" as const)
        : params.get("notice") === "erased"
          ? ("erased" as const)
          : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const userId = ID.safeParse(args.params.userId);
  if (!userId.success) throw notFound();
  // Resetting someone's second factor opens their account to whoever holds their password next: a
  // sensitive action, so a recent second factor.
  requireRecentSecondFactor(args, user);
  const formData = await args.request.formData();
  if (formData.get("intent") === "erase") {
    // Erasing someone's account cannot be undone: the same recent second factor, and the reference
    // of the request it answers. Refusals stay on the confirmation page with what was typed.
    const form = parseForm(eraseSchema, formData);
    if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
    const erased = await attempt(eraseAccount(actorFrom(user, args), userId.data, { reference: form.data.reference }));
    if (!erased.ok) return formError(erased.error, { intent: "erase", reference: form.data.reference });
    return redirect(`/staff/people/${userId.data}?notice=erased`);
  }
  // Refusals (their own account; nothing left to reset) stay on the confirmation page.
  const result = await attempt(resetSecondFactor(actorFrom(user, args), userId.data));
  if (!result.ok) return formError(result.error, {});
  return redirect(`/staff/people/${userId.data}?notice=reset`);
}

function describeSecondFactor(factor: SecondFactorSummary): string {
  const parts: string[] = [];
  if (factor.authenticatorApp) parts.push("Authenticator app");
  if (factor.authenticatorAppPending) parts.push("Authenticator app (set-up not finished)");
  if (factor.passkeys > 0) parts.push(factor.passkeys === 1 ? "1 passkey" : `${factor.passkeys} passkeys`);
  if (factor.authenticatorApp || factor.passkeys > 0) {
    parts.push(
      factor.recoveryCodesLeft === 1 ? "1 recovery code left" : `${factor.recoveryCodesLeft} recovery codes left`,
    );
  }
  return parts.length ? parts.join(", ") : "Not set up";
}

function EraseConfirmation({
  person,
  preview,
  errors,
  reference,
}: {
  person: { id: number; name: string; email: string };
  preview: ErasurePreview | null;
  errors: Record<string, string> | undefined;
  reference: string;
}) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/staff/people/${person.id}`} className="govuk-back-link">
          Back to {person.name}
        </Link>
        <ErrorSummary errors={errors} order={["reference", "form"]} />
        <span className="govuk-caption-l">
          {person.name} ({person.email})
        </span>
        <h1 className="govuk-heading-l">Erase {person.name}&apos;s account?</h1>
        <p className="govuk-body">
          Their name, email address, password, two-step verification, sessions, organisation memberships and the emails
          sent to them will be deleted. They will not be able to sign in again. This cannot be undone.
        </p>
        <p className="govuk-body">
          We keep, without their name: their organisation&apos;s entries
          {preview?.organisations.length ? ` (${preview.organisations.map((o) => o.name).join(", ")})` : ""}, which
          belong to the organisation; awards and payments, kept for seven years; judging and council records; and the
          audit trail, which will show &ldquo;{preview?.pseudonym ?? "a pseudonym"}&rdquo;.
        </p>
        {preview?.refusal ? <InsetText>{preview.refusal}.</InsetText> : null}
        <WarningText>
          Only do this once you are sure the request comes from {person.name}, and you have recorded it as a data
          request.
        </WarningText>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="erase" />
          <TextInput
            name="reference"
            label="Request reference"
            hint="The reference of the data request, such as DR-2026-014. Not a name: it is kept in the audit trail."
            width="20"
            defaultValue={reference}
            error={errors?.reference}
          />
          <div className="govuk-button-group">
            <Button variant="warning">Erase this account</Button>
            <Link className="govuk-link" to={`/staff/people/${person.id}`}>
              Cancel
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}

export default function Person() {
  const { person, confirm, erase, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values = actionData && "values" in actionData ? actionData.values : undefined;
  if (erase || (errors && valueOf(values, "intent") === "erase")) {
    return (
      <EraseConfirmation person={person} preview={erase} errors={errors} reference={valueOf(values, "reference")} />
    );
  }
  if (confirm || errors) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Link to={`/staff/people/${person.id}`} className="govuk-back-link">
            Back to {person.name}
          </Link>
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">
            {person.name} ({person.email})
          </span>
          <h1 className="govuk-heading-l">Reset two-step verification for {person.name}?</h1>
          <p className="govuk-body">
            Their authenticator app, passkeys and recovery codes will stop working, and they will be signed out
            everywhere. The next time they sign in with their password they will be asked to set up two-step
            verification again. We will email them to say so.
          </p>
          <WarningText>
            Only do this once you are sure the request comes from {person.name}: for example, call them on a number you
            already have for them, or see them on a video call. Never do it because of an email alone.
          </WarningText>
          <Form method="post">
            <div className="govuk-button-group">
              <Button variant="warning">Reset two-step verification</Button>
              <Link className="govuk-link" to={`/staff/people/${person.id}`}>
                Cancel
              </Link>
            </div>
          </Form>
        </div>
      </div>
    );
  }
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: "/staff/people", text: "People and roles" },
        ]}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {notice === "erased" ? (
            <NotificationBanner success>
              <h3 className="govuk-notification-banner__heading">Account erased</h3>
              <p className="govuk-body">
                Their personal information has been deleted. The account now shows as {person.name}.
              </p>
            </NotificationBanner>
          ) : null}
          {notice === "reset" ? (
            <NotificationBanner success>
              <h3 className="govuk-notification-banner__heading">Two-step verification reset</h3>
              <p className="govuk-body">
                {person.name} has been signed out everywhere and emailed. They will set up two-step verification again
                when they next sign in.
              </p>
            </NotificationBanner>
          ) : null}
          <h1 className="govuk-heading-l">
            {person.name}
            {person.isSelf ? " (you)" : ""}
          </h1>
          <SummaryList
            rows={[
              { key: "Email address", value: person.email },
              {
                key: person.roles.length === 1 ? "Role" : "Roles",
                value: person.roles.length ? person.roles.join(", ") : "None",
              },
              { key: "Two-step verification", value: describeSecondFactor(person.secondFactor) },
            ]}
          />
          {person.erasedOn ? (
            <InsetText>
              This account was erased on {person.erasedOn}. It keeps only this pseudonym, so that the audit trail and
              the award records still lead here.
            </InsetText>
          ) : (
            <PersonActions person={person} />
          )}
        </div>
      </div>
    </>
  );
}

function PersonActions({
  person,
}: {
  person: { id: number; name: string; isSelf: boolean; hasAnythingToReset: boolean };
}) {
  return (
    <>
      <h2 className="govuk-heading-m">If they have lost their phone or security key</h2>
      {person.isSelf ? (
        <p className="govuk-body">
          You cannot reset your own two-step verification. Ask another member of the programme staff to do it.
        </p>
      ) : person.hasAnythingToReset ? (
        <>
          <p className="govuk-body">
            Resetting removes their authenticator app, passkeys and recovery codes and signs them out, so that they can
            set up two-step verification again with their password.
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/staff/people/${person.id}?confirm=reset`}>
              Reset two-step verification
              <span className="govuk-visually-hidden"> for {person.name}</span>
            </Link>
          </p>
        </>
      ) : (
        <p className="govuk-body">They have not set up two-step verification, so there is nothing to reset.</p>
      )}
      <h2 className="govuk-heading-m">If they ask us to delete their account</h2>
      {person.isSelf ? (
        <p className="govuk-body">
          You cannot erase your own account here. You can delete it from{" "}
          <Link className="govuk-link" to="/account/erase">
            your account
          </Link>
          .
        </p>
      ) : (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/staff/people/${person.id}?confirm=erase`}>
            Erase this person&apos;s account
            <span className="govuk-visually-hidden"> ({person.name})</span>
          </Link>
        </p>
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
