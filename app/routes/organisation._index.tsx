import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { attempt, formError } from "../security/app-error-responses.server";
import { InsetText, NotificationBanner, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { parseForm } from "../domain/forms";
import { invitationIdSchema } from "../domain/organisation-schema";
import { organisationTypeLabel } from "../domain/organisation-types";
import { formatDate, formatDateTime } from "../domain/time";
import {
  ORGANISATION_INVITATION_DAYS,
  organisationOverview,
  revokeOrganisationInvitation,
} from "../services/entries/organisations.server";
import { Table } from "../components/Table";

// /organisation: the signed-in entrant's own organisation: its details, its members and the
// colleagues invited who have not joined yet (any member may withdraw an invitation). With no
// organisation yet, the page says how to set one up or join one.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ data: loaderData, error, matches }) => [
  { title: pageTitle(loaderData?.organisation ? loaderData.organisation.name : "Your organisation", error, matches) },
];

const querySchema = z.object({
  notice: z.enum(["created", "updated", "joined", "invited", "withdrawn"]).optional().catch(undefined),
  id: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
});

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "entrant");
  const url = new URL(args.request.url);
  const query = querySchema.parse({
    notice: url.searchParams.get("notice") ?? undefined,
    id: url.searchParams.get("id") ?? undefined,
  });
  const overview = await organisationOverview(actorFrom(user, args), {
    focusInvitationId: query.notice === "invited" || query.notice === "withdrawn" ? query.id : null,
  });
  if (!overview) {
    return {
      organisation: null,
      notice: null,
      members: [],
      pendingInvitations: [],
      focus: null,
      invitationDays: ORGANISATION_INVITATION_DAYS,
    };
  }
  const o = overview.organisation;
  return {
    organisation: {
      name: o.name,
      type: organisationTypeLabel(o.type),
      registrationNumber: o.registration_number,
      area: o.localAuthorityName,
      postcode: o.postcode,
      website: o.website,
      contactName: o.contact_name,
      contactEmail: o.contact_email,
      contactPhone: o.contact_phone,
    },
    notice: query.notice ?? null,
    focus: overview.focus,
    invitationDays: ORGANISATION_INVITATION_DAYS,
    members: overview.members.map((m) => ({ ...m, joinedAt: formatDate(m.joinedAt) })),
    pendingInvitations: overview.pendingInvitations.map((i) => ({
      id: i.id,
      email: i.email,
      invitedBy: i.invitedBy,
      sentAt: formatDate(i.sentAt),
      expiresAt: formatDateTime(i.expiresAt),
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "entrant");
  const form = parseForm(invitationIdSchema, await args.request.formData());
  if (!form.ok) return data({ errors: { form: "Choose an invitation to withdraw" } }, { status: 400 });
  // Another organisation's invitation is not found, like one that doesn't exist (the 404 page).
  const result = await attempt(revokeOrganisationInvitation(actorFrom(user, args), form.data.invitationId));
  if (!result.ok) return formError(result.error, {});
  return redirect(`/organisation?notice=withdrawn&id=${form.data.invitationId}`);
}

function LinkButton({ to, children, secondary }: { to: string; children: string; secondary?: boolean }) {
  return (
    <Link
      to={to}
      className={`govuk-button${secondary ? " govuk-button--secondary" : ""}`}
      role="button"
      draggable={false}
      data-module="govuk-button"
    >
      {children}
    </Link>
  );
}

export default function YourOrganisation() {
  const { organisation, notice, focus, members, pendingInvitations, invitationDays } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();

  if (!organisation) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Your organisation</h1>
          <p className="govuk-body">
            Entries to the challenge are made by organisations. Before you start an entry, set up your organisation or
            join it.
          </p>
          <h2 className="govuk-heading-m">If you are the first from your organisation</h2>
          <p className="govuk-body">Set it up: it takes about 5 minutes. Then you can invite your colleagues.</p>
          <LinkButton to="/organisation/new">Set up your organisation</LinkButton>
          <h2 className="govuk-heading-m">If a colleague has already set it up</h2>
          <p className="govuk-body">
            Ask them to invite you from their &lsquo;Your organisation&rsquo; page. You will get an email with a link to
            join. Do not set it up again: you can belong to one organisation.
          </p>
        </div>
      </div>
    );
  }

  const banner = (() => {
    switch (notice) {
      case "created":
        return {
          heading: `You have set up ${organisation.name}`,
          body: "You can now invite colleagues to work on your entries with you.",
        };
      case "updated":
        return { heading: "Your organisation's details have been saved", body: null };
      case "joined":
        return {
          heading: `You have joined ${organisation.name}`,
          body: "You can now work on your organisation's entries.",
        };
      case "invited":
        return focus
          ? {
              heading: `Invitation sent to ${focus.email}`,
              body: `The link in the email works once, for ${invitationDays} days.`,
            }
          : null;
      case "withdrawn":
        return focus
          ? {
              heading: `Invitation to ${focus.email} withdrawn`,
              body: "The link in the invitation email no longer works.",
            }
          : null;
      default:
        return null;
    }
  })();

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={actionData?.errors} />
        {banner ? (
          <NotificationBanner success>
            <h3 className="govuk-notification-banner__heading">{banner.heading}</h3>
            {banner.body ? <p className="govuk-body">{banner.body}</p> : null}
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">Your organisation</span>
        <h1 className="govuk-heading-l">{organisation.name}</h1>

        <h2 className="govuk-heading-m">Details</h2>
        <SummaryList
          rows={[
            { key: "Type", value: organisation.type },
            { key: "Registration number", value: organisation.registrationNumber ?? "Not registered" },
            { key: "Local authority area", value: organisation.area },
            { key: "Postcode", value: organisation.postcode },
            { key: "Website", value: organisation.website ?? "None given" },
            {
              key: "Main contact",
              value: (
                <>
                  {organisation.contactName}
                  <br />
                  {organisation.contactEmail}
                  {organisation.contactPhone ? (
                    <>
                      <br />
                      {organisation.contactPhone}
                    </>
                  ) : null}
                </>
              ),
            },
          ]}
        />
        <p className="govuk-body">
          <Link className="govuk-link" to="/organisation/edit">
            Change your organisation&rsquo;s details
          </Link>
        </p>

        <h2 className="govuk-heading-m">Members</h2>
        <p className="govuk-body">Members can work on all of your organisation&rsquo;s entries.</p>
        <Table
          caption={<>Members of {organisation.name}</>}
          hideCaption
          scroll="Members"
          rows={members}
          rowKey={(m) => m.userId}
          columns={[
            {
              header: "Name",
              cell: (m) => (
                <>
                  {m.name}
                  {m.isYou ? " (you)" : null}
                </>
              ),
            },
            { header: "Email address", cell: (m) => m.email },
            { header: "Joined", cell: (m) => m.joinedAt },
          ]}
        />

        <h2 className="govuk-heading-m">Invite a colleague</h2>
        <p className="govuk-body">
          Invite people from your organisation by email so they can work on the same entries. A person can belong to one
          organisation.
        </p>
        <LinkButton to="/organisation/invite" secondary>
          Invite a colleague
        </LinkButton>

        <h2 className="govuk-heading-m">Invitations waiting</h2>
        {pendingInvitations.length === 0 ? (
          <p className="govuk-body">There are no invitations waiting to be accepted.</p>
        ) : (
          <>
            <InsetText>Withdraw an invitation if it went to the wrong person. Its link then stops working.</InsetText>
            <Table
              caption="Invitations not accepted yet"
              hideCaption
              scroll
              rows={pendingInvitations}
              rowKey={(i) => i.id}
              columns={[
                { header: "Email address", cell: (i) => i.email },
                {
                  header: "Sent",
                  cell: (i) => (
                    <>
                      {i.sentAt}
                      {i.invitedBy ? ` by ${i.invitedBy}` : null}
                      <br />
                      <span className="govuk-hint govuk-!-font-size-16">Link works until {i.expiresAt}</span>
                    </>
                  ),
                },
                {
                  header: <span className="govuk-visually-hidden">Action</span>,
                  cell: (i) => (
                    <Form method="post">
                      <input type="hidden" name="invitationId" value={i.id} />
                      <Button variant="warning">
                        Withdraw<span className="govuk-visually-hidden"> the invitation to {i.email}</span>
                      </Button>
                    </Form>
                  ),
                },
              ]}
            />
          </>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
