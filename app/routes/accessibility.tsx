import type { MetaFunction } from "@remix-run/node";
import { RouteErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [
  { title: "Accessibility statement - Community Recovery Innovation Challenge" },
];

export default function Accessibility() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement</h1>
        <p className="govuk-body">
          This statement applies to the Community Recovery Innovation Challenge service. We want as many people as
          possible to be able to use it. For example, that means you should be able to:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>change colours, contrast levels and fonts using browser or device settings</li>
          <li>zoom in up to 400% without the text spilling off the screen</li>
          <li>navigate the whole service using just a keyboard</li>
          <li>use the service with JavaScript turned off</li>
          <li>listen to the service using a screen reader (including recent versions of JAWS, NVDA and VoiceOver)</li>
        </ul>
        <p className="govuk-body">We have also made the text in the service as simple as possible to understand.</p>
        <h2 className="govuk-heading-m">How accessible this service is</h2>
        <p className="govuk-body">
          The service is built with the GOV.UK Design System&apos;s patterns and is designed to meet the Web Content
          Accessibility Guidelines (WCAG) version 2.2 AA standard. Every page is checked automatically with axe as part
          of our tests.
        </p>
        <h2 className="govuk-heading-m">Feedback and contact information</h2>
        <p className="govuk-body">
          If you need information in a different format, or you find a problem not listed on this page, contact the
          programme team. We&apos;ll consider your request and get back to you in 10 working days.
        </p>
        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies
          (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you&apos;re not happy with how
          we respond to your complaint, contact the Equality Advisory and Support Service (EASS).
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
