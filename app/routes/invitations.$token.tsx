import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, getCurrentUser } from "../auth/guards.server";
import { sessionCookie, sessionPlace } from "../auth/session.server";
import { InsetText, Panel } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { Button, ErrorSummary, PasswordInput, TextInput, valueOf } from "../components/forms";
import { roleHome } from "../components/navigation";
import { parseForm, requiredText } from "../domain/forms";
import { newPasswordField, PASSWORD_HINT, passwordError } from "../domain/password-policy";
import { formatDateTime } from "../domain/time";
import { formError, statusOf } from "../security/app-error-responses.server";
import {
  acceptInvitationAsUser,
  acceptInvitationWithNewAccount,
  findInvitation,
  INVITATION_GONE,
  isTokenFormat,
} from "../services/accounts/invitations.server";
import { isAppError, type AppError } from "../services/app-error.server";

// /invitations/:token, the link in an invitation email. What it shows depends on the
// invitation and on who is signed in:
//   no account for the invited address yet  -> set your name and a password (account created)
//   an account exists, signed out           -> sign in first, then come back here
//   signed in as the invited address        -> accept
//   signed in as someone else               -> say so
//   expired, revoked, already used, unknown -> say so plainly; ask the programme team
// After accepting, the same address shows the invitee that it worked.

const TITLES = {
  invalid: "This link is not valid",
  expired: "This invitation has expired",
  revoked: "This invitation has been withdrawn",
  used: "This invitation has already been used",
  accepted: "Invitation accepted",
  wrong_account: "This invitation is for a different account",
  sign_in: "Sign in to accept your invitation",
  confirm: "Accept your invitation",
  create: "Create your account",
} as const;

type State = keyof typeof TITLES;

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ data: loaderData, error, matches }) => {
  const title = loaderData ? TITLES[loaderData.state] : "Invitation";
  return [{ title: pageTitle(title, error, matches) }];
};

const tokenSchema = z.string().refine(isTokenFormat);

function pagePath(token: string) {
  return `/invitations/${token}`;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await getCurrentUser(args);
  const token = tokenSchema.safeParse(args.params.token);
  if (!token.success) return data({ state: "invalid" as State }, { status: 404 });
  const invitation = await findInvitation(token.data);
  if (!invitation) return data({ state: "invalid" as State }, { status: 404 });
  switch (invitation.status) {
    case "expired":
    case "revoked":
      return data({ state: invitation.status as State }, { status: 410 });
    case "accepted": {
      if (!user || user.id !== invitation.acceptedUserId) return data({ state: "used" as State }, { status: 410 });
      const home = roleHome(invitation.role);
      return { state: "accepted" as State, roleLabel: invitation.roleLabel, home };
    }
    case "pending": {
      const details = {
        email: invitation.email,
        roleInSentence: invitation.roleInSentence,
        inviterName: invitation.inviterName,
        expiresAt: formatDateTime(invitation.expiresAt),
      };
      if (user && user.email !== invitation.email) {
        return { state: "wrong_account" as State, ...details, signedInAs: user.email };
      }
      if (user) return { state: "confirm" as State, ...details };
      if (invitation.accountExists) {
        return {
          state: "sign_in" as State,
          ...details,
          signInHref: `/sign-in?returnTo=${encodeURIComponent(pagePath(token.data))}`,
        };
      }
      return { state: "create" as State, ...details };
    }
  }
}

const createSchema = z
  .object({
    name: requiredText("your full name"),
    password: newPasswordField("Create a password"),
  })
  .superRefine((value, ctx) => {
    // The service checks again knowing the invited address (a password can't contain it).
    const problem = passwordError(value.password, { name: value.name });
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });

/**
 * An acceptance refused: a council officer of another council is told so in the error summary;
 * anything else (the invitation has gone, the address has an account, a different account) is
 * explained by the page, loaded again, with the status the page has then (410 for a link used up).
 */
function refusal(error: AppError) {
  if (error.field) return formError(error, {});
  const gone = (Object.values(INVITATION_GONE) as string[]).includes(error.message);
  return data({ errors: null, values: null }, { status: gone ? 410 : statusOf(error) });
}

export async function action(args: ActionFunctionArgs) {
  const token = tokenSchema.safeParse(args.params.token);
  if (!token.success) return data({ errors: null, values: null }, { status: 404 });
  const user = await getCurrentUser(args);
  const ip = args.context.ip;

  try {
    if (user) {
      await acceptInvitationAsUser(token.data, actorFrom(user, args));
      return redirect(pagePath(token.data));
    }

    const form = parseForm(createSchema, await args.request.formData());
    if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
    try {
      const accepted = await acceptInvitationWithNewAccount(token.data, form.data, ip, sessionPlace(args).userAgent);
      return redirect(pagePath(token.data), {
        headers: { "Set-Cookie": sessionCookie(accepted.session.token, accepted.session.expiresAt) },
      });
    } catch (error) {
      // A name or password the service refuses: shown against its field, keeping the name typed.
      if (isAppError(error, "invalid")) return formError(error, { name: form.values.name ?? "" });
      throw error;
    }
  } catch (error) {
    if (isAppError(error)) return refusal(error);
    throw error;
  }
}

function AskForNewInvitation() {
  return (
    <p className="govuk-body">
      Ask the programme team to send you a new invitation. Contact the person who invited you, or reply to the
      invitation email.
    </p>
  );
}

export default function InvitationPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const state = loaderData.state;
  const title = TITLES[state];
  const errors: Record<string, string> | undefined = actionData?.errors ?? undefined;

  if (state === "accepted" && "roleLabel" in loaderData) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Panel title={title}>
            Your role: <strong>{loaderData.roleLabel}</strong>
          </Panel>
          <h2 className="govuk-heading-m">What happens next</h2>
          <p className="govuk-body">You are signed in. Next time, sign in with your email address and password.</p>
          <p className="govuk-body">
            {loaderData.home ? (
              <Link className="govuk-link" to={loaderData.home.href}>
                Go to {loaderData.home.text.toLowerCase()}
              </Link>
            ) : (
              <>
                The programme team will tell you when there is something for you to do.{" "}
                <Link className="govuk-link" to="/">
                  Read about the challenge
                </Link>
              </>
            )}
          </p>
        </div>
      </div>
    );
  }

  if (state === "invalid" || state === "expired" || state === "revoked" || state === "used") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{title}</h1>
          {state === "invalid" ? (
            <p className="govuk-body">
              The link may be incomplete. If you copied it from the email, check you copied all of it. If it still does
              not work, it may be from an invitation that was sent again: use the link in the newest email.
            </p>
          ) : state === "expired" ? (
            <p className="govuk-body">Invitation links work for 7 days, and this one has stopped working.</p>
          ) : state === "revoked" ? (
            <p className="govuk-body">The programme team has withdrawn this invitation, so the link no longer works.</p>
          ) : (
            <p className="govuk-body">
              Each invitation link works once. If you accepted it already,{" "}
              <Link className="govuk-link" to="/sign-in">
                sign in
              </Link>{" "}
              with your email address and password.
            </p>
          )}
          <AskForNewInvitation />
        </div>
      </div>
    );
  }

  if (!("email" in loaderData)) return null;
  const { email, roleInSentence, inviterName, expiresAt } = loaderData;
  const intro = (
    <p className="govuk-body">
      {inviterName ? `${inviterName} has invited you` : "You have been invited"} to be {roleInSentence} for the
      Community Recovery Innovation Challenge.
    </p>
  );

  if (state === "wrong_account" && "signedInAs" in loaderData) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{title}</h1>
          <p className="govuk-body">
            You are signed in as <strong>{loaderData.signedInAs}</strong>, but this invitation is for{" "}
            <strong>{email}</strong>.
          </p>
          <p className="govuk-body">Sign out, then open the link in the invitation email again.</p>
          <Form method="post" action="/sign-out">
            <Button variant="secondary">Sign out</Button>
          </Form>
        </div>
      </div>
    );
  }

  if (state === "sign_in" && "signInHref" in loaderData) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{title}</h1>
          {intro}
          <p className="govuk-body">
            There is already an account for <strong>{email}</strong>. Sign in to it and you will come back here to
            accept.
          </p>
          <p className="govuk-body">
            <Link
              className="govuk-button"
              role="button"
              draggable={false}
              data-module="govuk-button"
              to={loaderData.signInHref}
            >
              Sign in
            </Link>
          </p>
          <p className="govuk-body">
            If you have forgotten your password,{" "}
            <Link className="govuk-link" to="/forgot-password">
              reset it
            </Link>{" "}
            and then open the link in the invitation email again. The link works until {expiresAt}.
          </p>
        </div>
      </div>
    );
  }

  if (state === "confirm") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <h1 className="govuk-heading-l">{title}</h1>
          {intro}
          <p className="govuk-body">
            You are signed in as <strong>{email}</strong>. Accepting adds the role to this account. Nothing else about
            your account changes.
          </p>
          <Form method="post">
            <Button>Accept invitation</Button>
          </Form>
        </div>
      </div>
    );
  }

  const values = actionData?.values ?? undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={["name", "password"]} />
        <h1 className="govuk-heading-l">{title}</h1>
        {intro}
        <InsetText>
          Your account will use the email address <strong>{email}</strong>. This page works until {expiresAt}.
        </InsetText>
        <Form method="post" noValidate>
          <TextInput
            name="name"
            label="Full name"
            autoComplete="name"
            spellCheck={false}
            error={errors?.name}
            defaultValue={valueOf(values, "name")}
          />
          <PasswordInput
            name="password"
            label="Create a password"
            hint={PASSWORD_HINT}
            autoComplete="new-password"
            error={errors?.password}
          />
          <Button>Create account and accept</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
