import type { MetaFunction } from "@remix-run/node";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { PRIVILEGED_IDLE_HOURS, PRIVILEGED_MAX_HOURS, SESSION_DAYS, SESSION_MAX_DAYS } from "../auth/constants";
import { Table } from "../components/Table";

export const meta: MetaFunction = () => [{ title: "Cookies - Community Recovery Innovation Challenge" }];

export default function Cookies() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Cookies</h1>
        <p className="govuk-body">
          Cookies are small files saved on your phone, tablet or computer when you visit a website. This service uses
          two essential cookies and no others: no analytics, no advertising and no tracking.
        </p>
        <h2 className="govuk-heading-m">Essential cookies</h2>
        <Table
          caption="The cookies this service sets"
          captionSize="s"
          rows={[
            {
              name: "cric_session",
              purpose: "Keeps you signed in",
              expires: `After ${SESSION_DAYS} days without use, ${SESSION_MAX_DAYS} days after you sign in, or when you sign out. For programme staff, judges and council officers: after ${PRIVILEGED_IDLE_HOURS} hours without use or ${PRIVILEGED_MAX_HOURS} hours after signing in`,
            },
            {
              name: "cric_saver",
              purpose:
                "Set only if you are signed out while saving part of an entry: lets this browser, and no other, save your changes once you sign in again",
              expires: "After 1 day",
            },
          ]}
          rowKey={(cookie) => cookie.name}
          columns={[
            { header: "Name", cell: (cookie) => cookie.name },
            { header: "Purpose", cell: (cookie) => cookie.purpose },
            { header: "Expires", cell: (cookie) => cookie.expires },
          ]}
        />
        <p className="govuk-body">
          Because these cookies are essential for the service to work, we do not ask for consent.
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
