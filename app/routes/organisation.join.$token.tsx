import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, getCurrentUser, signInRedirect } from "../auth/guards.server";
import { InsetText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { formatDateTime } from "../domain/time";
import { isTokenFormat } from "../services/accounts/invitations.server";
import {
  findOrganisationInvitation,
  joinOrganisation,
  ORGANISATION_INVITATION_DAYS,
  organisationForUser,
} from "../services/entries/organisations.server";

// /organisation/join/:token, the link in a colleague's invitation email. What it shows depends on
// the invitation and on who is signed in:
//   signed out                               -> create an account or sign in, then come back here
//   signed in as the invited address         -> join (and become an entrant if not one already)
//   signed in as someone else                -> say so
//   already in an organisation               -> say so: a person belongs to one organisation
//   expired, withdrawn, already used, unknown -> say so plainly; ask the colleague again

const TITLES = {
  invalid: "This link is not valid",
  expired: "This invitation has expired",
  revoked: "This invitation has been withdrawn",
  used: "This invitation has already been used",
  signed_out: "Join your organisation",
  wrong_account: "This invitation is for a different account",
  other_organisation: "You already belong to an organisation",
  confirm: "Join your organisation",
} as const;

type State = keyof typeof TITLES;

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ data: loaderData, error, matches }) => [
  { title: pageTitle(loaderData ? TITLES[loaderData.state] : "Join your organisation", error, matches) },
];

const tokenSchema = z.string().refine(isTokenFormat);

function pagePath(token: string) {
  return `/organisation/join/${token}`;
}

interface View {
  state: State;
  organisationName?: string;
  email?: string;
  inviterName?: string | null;
  expiresAt?: string;
  signedInAs?: string;
  currentOrganisation?: string;
  returnTo?: string;
  invitationDays?: number;
}

export async function loader(args: LoaderFunctionArgs) {
  const token = tokenSchema.safeParse(args.params.token);
  if (!token.success) return data<View>({ state: "invalid" }, { status: 404 });
  const [user, invitation] = await Promise.all([getCurrentUser(args), findOrganisationInvitation(token.data)]);
  switch (invitation.status) {
    case "not_found":
      return data<View>({ state: "invalid" }, { status: 404 });
    case "expired":
    case "revoked":
      return data<View>({ state: invitation.status, invitationDays: ORGANISATION_INVITATION_DAYS }, { status: 410 });
    case "accepted":
      // The person who used it is a member now: their organisation's page says the rest.
      if (user && user.id === invitation.acceptedUserId) throw redirect("/organisation");
      return data<View>({ state: "used" }, { status: 410 });
    case "pending": {
      const details = {
        organisationName: invitation.organisationName,
        email: invitation.email,
        inviterName: invitation.inviterName,
        expiresAt: formatDateTime(invitation.expiresAt),
      };
      if (!user) return data<View>({ state: "signed_out", ...details, returnTo: pagePath(token.data) });
      if (user.email !== invitation.email) {
        return data<View>({ state: "wrong_account", ...details, signedInAs: user.email });
      }
      const current = await organisationForUser(actorFrom(user, args));
      // Already a member through another invitation: nothing left to do here.
      if (current?.id === invitation.organisationId) throw redirect("/organisation");
      if (current) {
        return data<View>(
          { state: "other_organisation", ...details, currentOrganisation: current.name },
          { status: 409 },
        );
      }
      return data<View>({ state: "confirm", ...details });
    }
  }
}

const FAILURE_STATUS = {
  not_found: 404,
  expired: 410,
  revoked: 410,
  accepted: 410,
  wrong_account: 403,
  already_member: 409,
} as const;

export async function action(args: ActionFunctionArgs) {
  const token = tokenSchema.safeParse(args.params.token);
  if (!token.success) throw new Response("Not Found", { status: 404, statusText: "Not Found" });
  const user = await getCurrentUser(args);
  if (!user) throw signInRedirect(args.request);
  const result = await joinOrganisation(token.data, actorFrom(user, args));
  if (result.ok) return redirect("/organisation?notice=joined");
  // The page, loaded again, explains what stood in the way.
  return data({ reason: result.reason }, { status: FAILURE_STATUS[result.reason] });
}

function Invited({ view }: { view: View }) {
  return (
    <p className="govuk-body">
      {view.inviterName ? `${view.inviterName} has invited you` : "You have been invited"} to join{" "}
      <strong>{view.organisationName}</strong> on the Community Recovery Innovation Challenge, to work on its entries.
    </p>
  );
}

export default function JoinOrganisation() {
  const view = useLoaderData<typeof loader>();
  const title = TITLES[view.state];

  switch (view.state) {
    case "invalid":
    case "expired":
    case "revoked":
    case "used":
      return (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h1 className="govuk-heading-l">{title}</h1>
            {view.state === "invalid" ? (
              <p className="govuk-body">
                The link may be incomplete. If you copied it from the email, check you copied all of it. If you were
                invited more than once, use the link in the newest email.
              </p>
            ) : view.state === "expired" ? (
              <p className="govuk-body">
                Invitation links work for {view.invitationDays} days, and this one has stopped working.
              </p>
            ) : view.state === "revoked" ? (
              <p className="govuk-body">Your colleague has withdrawn this invitation, so the link no longer works.</p>
            ) : (
              <p className="govuk-body">
                Each invitation link works once. If you used it already,{" "}
                <Link className="govuk-link" to="/sign-in?returnTo=%2Forganisation">
                  sign in
                </Link>{" "}
                to see your organisation.
              </p>
            )}
            <p className="govuk-body">Ask the colleague who invited you to send you a new invitation.</p>
          </div>
        </div>
      );
    case "signed_out": {
      const returnTo = encodeURIComponent(view.returnTo ?? "/organisation");
      return (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h1 className="govuk-heading-l">{title}</h1>
            <Invited view={view} />
            <InsetText>
              Use the email address the invitation was sent to: <strong>{view.email}</strong>. The link works until{" "}
              {view.expiresAt}.
            </InsetText>
            <h2 className="govuk-heading-m">If you do not have an account</h2>
            <p className="govuk-body">Create one, and you will come back here to join.</p>
            <Link
              className="govuk-button"
              role="button"
              draggable={false}
              data-module="govuk-button"
              to={`/register?returnTo=${returnTo}`}
            >
              Create an account
            </Link>
            <h2 className="govuk-heading-m">If you already have an account</h2>
            <p className="govuk-body">
              <Link className="govuk-link" to={`/sign-in?returnTo=${returnTo}`}>
                Sign in
              </Link>{" "}
              and you will come back here to join.
            </p>
          </div>
        </div>
      );
    }
    case "wrong_account":
      return (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h1 className="govuk-heading-l">{title}</h1>
            <p className="govuk-body">
              You are signed in as <strong>{view.signedInAs}</strong>, but this invitation is for{" "}
              <strong>{view.email}</strong>.
            </p>
            <p className="govuk-body">
              Sign out, then open the link in the invitation email again. Or ask your colleague to invite{" "}
              {view.signedInAs} instead.
            </p>
            <Form method="post" action="/sign-out">
              <Button variant="secondary">Sign out</Button>
            </Form>
          </div>
        </div>
      );
    case "other_organisation":
      return (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h1 className="govuk-heading-l">{title}</h1>
            <Invited view={view} />
            <p className="govuk-body">
              You are already a member of <strong>{view.currentOrganisation}</strong>. A person can belong to one
              organisation, so you cannot join {view.organisationName} as well.
            </p>
            <p className="govuk-body">
              <Link className="govuk-link" to="/organisation">
                Go to your organisation
              </Link>
            </p>
          </div>
        </div>
      );
    case "confirm":
      return (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h1 className="govuk-heading-l">{title}</h1>
            <Invited view={view} />
            <p className="govuk-body">
              Members can see and change all of {view.organisationName}&rsquo;s entries, and invite others. A person can
              belong to one organisation.
            </p>
            <Form method="post">
              <Button>Join {view.organisationName}</Button>
            </Form>
          </div>
        </div>
      );
  }
}

export const ErrorBoundary = RouteErrorBoundary;
