import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { Button, Select } from "../components/forms";
import { pageHref, Pagination } from "../components/Pagination";
import { pageParam } from "../domain/pagination";
import { formatDateTime } from "../domain/time";
import { ACTION_FORMAT, auditTrail } from "../services/reports/audit-trail.server";
import { Table } from "../components/Table";
import { InsetText, WarningText } from "../components/content";

// /staff/audit: the audit trail, newest first, 25 to a page at ?page=N, optionally one action
// (?action=invitation_sent). Both live in the address so a page of the trail can be shared.
// Above the trail: whether its hash chain holds. Each view checks the events recorded since the
// last check; the whole trail is checked again by `npm run audit:verify` (docs/operations.md).

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ data: loaderData, error }) => [
  {
    title: pageTitle(
      `Audit log${loaderData && loaderData.page > 1 ? ` (page ${loaderData.page} of ${loaderData.pageCount})` : ""}`,
      error,
    ),
  },
];

const querySchema = z.object({
  page: pageParam,
  action: z.string().regex(ACTION_FORMAT).nullable().catch(null),
});

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const params = new URL(args.request.url).searchParams;
  const query = querySchema.parse({ page: params.get("page") ?? undefined, action: params.get("action") || null });
  const trail = await auditTrail(actorFrom(user, args), query);
  return { ...trail, action: query.action };
}

export default function AuditLog() {
  const { events, total, page, pageCount, actions, action, chain } = useLoaderData<typeof loader>();
  const location = useLocation();
  const actionName = actions.find((a) => a.value === action)?.label ?? action;
  return (
    <>
      <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Audit log</h1>
          <p className="govuk-body">
            Every sign-in, invitation and change to someone&apos;s roles, newest first. Times are UK time. Entries
            cannot be changed or deleted.
          </p>
          {chain.intact ? (
            <InsetText>
              Audit trail verified: {chain.events.toLocaleString("en-GB")} {chain.events === 1 ? "event" : "events"},
              chain intact.
            </InsetText>
          ) : (
            <WarningText>
              The audit trail has been tampered with. {chain.reason} Tell the service&apos;s operators straight away.
            </WarningText>
          )}
          <Form method="get" className="govuk-!-margin-bottom-6">
            <Select
              name="action"
              label="Show only"
              placeholder="Everything"
              defaultValue={action ?? ""}
              options={actions.map((a) => ({ value: a.value, text: a.label }))}
            />
            <Button variant="secondary" preventDoubleClick={false}>
              Show
            </Button>
          </Form>
        </div>
      </div>
      {events.length === 0 ? (
        <p className="govuk-body">
          {total === 0
            ? action
              ? `Nothing has been recorded for “${actionName}”.`
              : "Nothing has been recorded yet."
            : "There is nothing on this page."}
        </p>
      ) : (
        <Table
          caption={
            <>
              {action ? actionName : "Everything recorded"} ({total})
              {pageCount > 1 ? `, page ${page} of ${pageCount}` : ""}
            </>
          }
          scroll="Audit trail"
          rows={events}
          rowKey={(event) => event.id}
          columns={[
            { header: "When", cell: (event) => formatDateTime(new Date(event.occurredAt)) },
            { header: "Who", cell: (event) => event.actorName ?? "Not signed in" },
            { header: "What", cell: (event) => event.actionLabel },
            { header: "About", cell: (event) => event.subject ?? "" },
            {
              header: "Details",
              cell: (event) =>
                event.details.length ? (
                  <ul className="govuk-list govuk-body-s govuk-!-margin-bottom-0">
                    {event.details.map((line, i) => (
                      <li key={i}>{line}</li>
                    ))}
                  </ul>
                ) : null,
            },
          ]}
        />
      )}
      <Pagination
        page={page}
        count={pageCount}
        hrefFor={(p) => pageHref(location.pathname, location.search, p)}
        label="Pages of the audit log"
      />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
