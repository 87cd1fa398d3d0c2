import { Link, useRouteError, isRouteErrorResponse } from "@remix-run/react";

const PAGES: Record<number, { title: string; body: React.ReactNode }> = {
  403: {
    title: "You do not have permission to see this page",
    body: (
      <>
        <p className="govuk-body">Your account is not set up to use this part of the service.</p>
        <p className="govuk-body">
          If you think you should have access, contact the programme team and tell them which page you were trying to
          open.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            Go to the challenge page
          </Link>
        </p>
      </>
    ),
  },
  404: {
    title: "Page not found",
    body: (
      <>
        <p className="govuk-body">If you typed the web address, check it is correct.</p>
        <p className="govuk-body">If you pasted the web address, check you copied the entire address.</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            Go to the challenge page
          </Link>
        </p>
      </>
    ),
  },
  500: {
    title: "Sorry, there is a problem with the service",
    body: (
      <>
        <p className="govuk-body">Try again later.</p>
        <p className="govuk-body">Anything you saved before this happened has been kept.</p>
      </>
    ),
  },
};

export function errorPageTitle(status: number): string {
  return (PAGES[status] ?? (status >= 500 ? PAGES[500]! : PAGES[404]!)).title;
}

/** The GOV.UK-pattern pages for 403, 404 and unexpected errors. */
export function ErrorPage({ status }: { status: number }) {
  const page = PAGES[status] ?? (status >= 500 ? PAGES[500]! : PAGES[404]!);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{page.title}</h1>
        {page.body}
      </div>
    </div>
  );
}

/** Every route's ErrorBoundary: the friendly page for whatever status the route threw. */
export function RouteErrorBoundary() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error)) console.error(error);
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />;
}
