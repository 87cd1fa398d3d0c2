import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import type { InvitableRole } from "../../db/schema";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { Button, ErrorSummary, Radios, Select, TextInput, valueOf } from "../components/forms";
import { parseForm } from "../domain/forms";
import { INVITABLE_ROLES, ROLE_LABELS } from "../domain/roles";
import { attempt, formError } from "../security/app-error-responses.server";
import { createInvitation, invitationFormOptions } from "../services/accounts/invitations.server";

// /staff/invitations/new: a page of its own (not nested in the list's layout) to invite someone.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ error, matches }) => [
  { title: pageTitle("Invite someone", error, matches) },
];

const ROLE_HINTS: Record<InvitableRole, string> = {
  judge: "Scores the entries they are given",
  council_officer: "Sees the ideas shared with councils, for one council",
  staff:
    "Runs the challenge: invitations, entries, judging, awards and reports. Another member of staff must approve the invitation before it is sent",
};

const schema = z
  .object({
    email: z
      .string({ error: "Enter their email address" })
      .transform((s) => s.trim().toLowerCase())
      .pipe(
        z
          .string()
          .min(1, "Enter their email address")
          .max(254, "Email address must be 254 characters or fewer")
          .pipe(z.email("Enter an email address in the correct format, like name@example.com")),
      ),
    role: z.enum(INVITABLE_ROLES as [InvitableRole, ...InvitableRole[]], {
      error: "Select what they will do in the service",
    }),
    localAuthorityCode: z
      .string()
      .optional()
      .transform((s) => s?.trim() || null),
  })
  .superRefine((value, ctx) => {
    if (value.role !== "council_officer") return;
    if (!value.localAuthorityCode || !/^[EW][0-9]{8}$/.test(value.localAuthorityCode)) {
      ctx.addIssue({
        code: "custom",
        path: ["localAuthorityCode"],
        message: "Select the council the officer works for",
      });
    }
  });

const ORDER = ["email", "role", "localAuthorityCode"];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  return invitationFormOptions(actorFrom(user, args));
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  // An invitation grants a role when accepted: only with a second factor given in the last few minutes.
  requireRecentSecondFactor(args, user);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(createInvitation(actorFrom(user, args), form.data));
  if (!result.ok) return formError(result.error, form.values);
  const notice = result.value.awaitingApproval ? "proposed" : "sent";
  return redirect(`/staff/invitations?notice=${notice}&id=${result.value.invitationId}`);
}

export default function NewInvitation() {
  const { localAuthorities } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/staff/invitations" className="govuk-back-link">
          Back to invitations
        </Link>
        <ErrorSummary errors={errors} order={ORDER} />
        <span className="govuk-caption-l">Invitations</span>
        <h1 className="govuk-heading-l">Invite someone</h1>
        <p className="govuk-body">
          We will email them a link to accept. The link works once and for 7 days. If they do not have an account yet,
          they will set their name and a password when they accept.
        </p>
        <Form method="post" noValidate>
          <TextInput
            name="email"
            label="Email address"
            hint="The address they will use to sign in"
            type="email"
            autoComplete="off"
            spellCheck={false}
            error={errors?.email}
            defaultValue={valueOf(values, "email")}
          />
          <Radios
            name="role"
            legend="What will they do?"
            legendSize="m"
            error={errors?.role}
            defaultValue={valueOf(values, "role")}
            options={INVITABLE_ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role], hint: ROLE_HINTS[role] }))}
          />
          <Select
            name="localAuthorityCode"
            label="Council (for a council officer)"
            hint="Council officers see the ideas shared with their own council only"
            placeholder="Select a council"
            error={errors?.localAuthorityCode}
            defaultValue={valueOf(values, "localAuthorityCode")}
            options={localAuthorities.map((la) => ({ value: la.code, text: la.name }))}
          />
          <Button>Send invitation</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
