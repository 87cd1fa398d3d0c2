import type { MetaFunction } from "@remix-run/node";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { SESSION_DAYS } from "../auth/constants";

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
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">The cookies this service sets</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Name
              </th>
              <th scope="col" className="govuk-table__header">
                Purpose
              </th>
              <th scope="col" className="govuk-table__header">
                Expires
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            <tr className="govuk-table__row">
              <td className="govuk-table__cell">cric_session</td>
              <td className="govuk-table__cell">Keeps you signed in</td>
              <td className="govuk-table__cell">After {SESSION_DAYS} days without use, or when you sign out</td>
            </tr>
            <tr className="govuk-table__row">
              <td className="govuk-table__cell">cric_saver</td>
              <td className="govuk-table__cell">
                Set only if you are signed out while saving part of an entry: lets this browser, and no other, save your
                changes once you sign in again
              </td>
              <td className="govuk-table__cell">After 1 day</td>
            </tr>
          </tbody>
        </table>
        <p className="govuk-body">
          Because these cookies are essential for the service to work, we do not ask for consent.
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
