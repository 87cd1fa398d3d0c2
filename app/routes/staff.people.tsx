import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import type { Role } from "../../db/schema";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { NotificationBanner, WarningText } from "../components/content";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { Button, ErrorSummary, Select, TextInput } from "../components/forms";
import { pageHref, Pagination } from "../components/Pagination";
import { parseForm } from "../domain/forms";
import { pageParam } from "../domain/pagination";
import { ROLE_LABELS } from "../domain/roles";
import { normaliseSearch } from "../domain/search-text";
import { attempt, formError } from "../security/app-error-responses.server";
import { getRoleGrant, listPeople, revokeRole } from "../services/accounts/roles.server";
import { Table } from "../components/Table";

// /staff/people: everyone holding a role, found by name or email address and filtered by role
// (?q=…&role=…, so a list can be bookmarked). Removing a role asks first: /staff/people?remove=<grant>
// shows the question, and only a POST from that page removes it.

const ROLES = ["staff", "judge", "council_officer", "entrant"] as const satisfies readonly Role[];
const ID = z.coerce.number().int().min(1).max(2_147_483_647);

const querySchema = z.object({
  page: pageParam,
  q: z.string().catch("").transform(normaliseSearch),
  role: z.enum(ROLES).nullable().catch(null),
  remove: ID.nullable().catch(null),
  notice: z.enum(["removed"]).nullable().catch(null),
});

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ data: loaderData, error, matches }) => {
  const page =
    loaderData?.view === "confirm"
      ? "Remove a role"
      : `People and roles${loaderData && loaderData.page > 1 ? ` (page ${loaderData.page})` : ""}`;
  return [{ title: pageTitle(page, error, matches) }];
};

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const actor = actorFrom(user, args);
  const params = new URL(args.request.url).searchParams;
  const query = querySchema.parse({
    page: params.get("page") ?? undefined,
    q: params.get("q") ?? "",
    role: params.get("role"),
    remove: params.get("remove"),
    notice: params.get("notice"),
  });
  if (query.remove) {
    const grant = await getRoleGrant(actor, query.remove);
    return { view: "confirm" as const, grant, page: 1 };
  }
  const result = await listPeople(actor, { page: query.page, role: query.role, search: query.q });
  return {
    view: "list" as const,
    ...result,
    search: query.q,
    role: query.role,
    notice: query.notice,
    actorId: user.id,
  };
}

const actionSchema = z.object({ grantId: ID });

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  // Changing who holds a role: only with a second factor given in the last few minutes.
  requireRecentSecondFactor(args, user);
  const form = parseForm(actionSchema, await args.request.formData());
  if (!form.ok) return data({ errors: { form: "Choose a role to remove" } }, { status: 400 });
  // Both refusals keep the confirmation page, with the reason in its error summary: a role someone
  // else removed first (409), and the actor's own staff role (403).
  const result = await attempt(revokeRole(actorFrom(user, args), form.data.grantId));
  if (!result.ok) return formError(result.error, {});
  return redirect("/staff/people?notice=removed");
}

export default function People() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (loaderData.view === "confirm") return <ConfirmRemoval grant={loaderData.grant} errors={actionData?.errors} />;
  return <PeopleList {...loaderData} />;
}

function ConfirmRemoval({
  grant,
  errors,
}: {
  grant: { grantId: number; userName: string; userEmail: string; inSentence: string; isOwnStaffRole: boolean };
  errors?: Record<string, string>;
}) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/staff/people" className="govuk-back-link">
          Back to people and roles
        </Link>
        <ErrorSummary errors={errors} />
        {grant.isOwnStaffRole ? (
          <>
            <h1 className="govuk-heading-l">You cannot remove your own programme staff role</h1>
            <p className="govuk-body">
              So that the programme is never left without anyone able to run it, another member of the programme staff
              must do this.
            </p>
            <p className="govuk-body">
              <Link className="govuk-link" to="/staff/people">
                Go back to people and roles
              </Link>
            </p>
          </>
        ) : (
          <>
            <span className="govuk-caption-l">
              {grant.userName} ({grant.userEmail})
            </span>
            <h1 className="govuk-heading-l">
              Are you sure you want to remove {grant.userName} as {grant.inSentence}?
            </h1>
            <p className="govuk-body">
              They will no longer see the pages for this role. Their account, any other roles they hold and anything
              they have written stay as they are. You can invite them again later.
            </p>
            <WarningText>The change takes effect straight away, on their next page.</WarningText>
            <Form method="post">
              <input type="hidden" name="grantId" value={grant.grantId} />
              <div className="govuk-button-group">
                <Button variant="warning">Remove role</Button>
                <Link className="govuk-link" to="/staff/people">
                  Cancel
                </Link>
              </div>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}

function PeopleList({
  people,
  total,
  page,
  pageCount,
  search,
  role,
  notice,
  actorId,
}: {
  people: { id: number; name: string; email: string; roles: { grantId: number; role: Role; label: string }[] }[];
  total: number;
  page: number;
  pageCount: number;
  search: string;
  role: Role | null;
  notice: "removed" | null;
  actorId: number;
}) {
  const location = useLocation();
  return (
    <>
      <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {notice === "removed" ? (
            <NotificationBanner success>
              <h3 className="govuk-notification-banner__heading">Role removed</h3>
              <p className="govuk-body">
                They no longer see the pages for that role. Nothing else about them has changed.
              </p>
            </NotificationBanner>
          ) : null}
          <h1 className="govuk-heading-l">People and roles</h1>
          <p className="govuk-body">
            To give someone a role,{" "}
            <Link className="govuk-link" to="/staff/invitations/new">
              invite them
            </Link>
            . They accept with the link in the email.
          </p>
          <Form method="get" className="govuk-!-margin-bottom-6" aria-label="Find people">
            <TextInput
              name="q"
              type="search"
              label="Search by name or email address"
              hint="For example, part of a name, or an email domain such as coventry.gov.uk"
              spellCheck={false}
              autoComplete="off"
              defaultValue={search}
            />
            <Select
              name="role"
              label="Show people with the role"
              placeholder="Any role"
              defaultValue={role ?? ""}
              options={ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] }))}
            />
            <div className="govuk-button-group">
              <Button variant="secondary" preventDoubleClick={false}>
                Show people
              </Button>
              {search || role ? (
                <Link className="govuk-link" to="/staff/people">
                  Clear filters
                </Link>
              ) : null}
            </div>
          </Form>
        </div>
      </div>
      {people.length === 0 ? (
        <p className="govuk-body">
          {total > 0
            ? "There is no one on this page."
            : search
              ? "No one with a role matches your search. Check the spelling, or search for part of the name."
              : "No one holds that role."}
        </p>
      ) : (
        <Table
          caption={
            <>
              {role ? `People with the role: ${ROLE_LABELS[role]}` : "People with a role"}
              {search ? ` matching “${search}”` : ""} ({total})
            </>
          }
          scroll="People"
          rows={people}
          rowKey={(person) => person.id}
          columns={[
            {
              header: "Name",
              cell: (person) => (
                <>
                  <Link className="govuk-link" to={`/staff/people/${person.id}`}>
                    {person.name}
                  </Link>
                  {person.id === actorId ? " (you)" : ""}
                </>
              ),
            },
            { header: "Email address", cell: (person) => person.email },
            {
              header: "Roles",
              cell: (person) => (
                <ul className="govuk-list govuk-!-margin-bottom-0">
                  {person.roles.map((grant) => (
                    <li key={grant.grantId}>
                      {grant.label}
                      {grant.role === "staff" && person.id === actorId ? null : (
                        <>
                          {" "}
                          <Link className="govuk-link" to={`/staff/people?remove=${grant.grantId}`}>
                            Remove
                            <span className="govuk-visually-hidden">
                              {" "}
                              the role {grant.label} from {person.name}
                            </span>
                          </Link>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              ),
            },
          ]}
        />
      )}
      <Pagination
        page={page}
        count={pageCount}
        hrefFor={(p) => pageHref(location.pathname, withoutNotice(location.search), p)}
        label="Pages of people"
      />
    </>
  );
}

function withoutNotice(search: string) {
  const params = new URLSearchParams(search);
  params.delete("notice");
  return params.toString();
}

export const ErrorBoundary = RouteErrorBoundary;
