import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { PersonalDataView, PrintLink } from "../components/PersonalDataView";
import { formatDateTime } from "../domain/time";
import { notFound } from "../services/app-error.server";
import { produceRequestedData } from "../services/records/data-requests.server";

// /staff/data-requests/:id/data: for an access request, the person's data exactly as they would
// see it on /account/your-data, to print or download and send to them. Producing it is an export
// of someone's personal data: staff only, with a second factor given in the last few minutes, and
// each time recorded in the audit log.

const ID = z.coerce.number().int().min(1).max(2_147_483_647);

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  { title: pageTitle(loaderData ? `Data held about ${loaderData.data.account.name}` : "Data held", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  requireRecentSecondFactor(args, user);
  const id = ID.safeParse(args.params.id);
  if (!id.success) throw notFound();
  const { request, data } = await produceRequestedData(actorFrom(user, args), id.data, "page");
  return { requestId: request.id, data };
}

export default function RequestedData() {
  const { requestId, data } = useLoaderData<typeof loader>();
  return (
    <div className="app-report">
      <Link to={`/staff/data-requests/${requestId}`} className="govuk-back-link app-no-print">
        Back to the request
      </Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-xl">Data held about {data.account.name}</h1>
          <p className="govuk-body">
            Everything this service holds about {data.account.name}, as it stood at{" "}
            {formatDateTime(new Date(data.producedAt))}: the same as they see when they download their own data.
          </p>
          <PrintLink />
          <p className="govuk-body app-no-print">
            <a className="govuk-link" href={`/staff/data-requests/${requestId}/data.json`} download>
              Download as JSON
            </a>
          </p>
        </div>
      </div>
      <PersonalDataView data={data} you={false} />
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
