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
  400: {
    title: "There is a problem with what was sent",
    body: (
      <p className="govuk-body">
        <Link className="govuk-link" to="/">
          Go to the challenge page
        </Link>
      </p>
    ),
  },
  409: {
    title: "This has changed since you opened it",
    body: (
      <p className="govuk-body">
        Go back, refresh the page to see it as it is now, and try again if you still need to.
      </p>
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

/**
 * The GOV.UK-pattern pages for 400, 403, 404, 409 and unexpected errors. `message` is a service's
 * words for the person (an AppError's message), shown on the 400 and 409 pages, whose reason only
 * the service knows.
 */
export function ErrorPage({ status, message }: { status: number; message?: string }) {
  const page = PAGES[status] ?? (status >= 500 ? PAGES[500]! : PAGES[404]!);
  const explains = (status === 400 || status === 409) && message;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{page.title}</h1>
        {explains ? <p className="govuk-body">{message}</p> : null}
        {page.body}
      </div>
    </div>
  );
}

/** Every route's ErrorBoundary: the friendly page for whatever status the route threw. */
export function RouteErrorBoundary() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error)) console.error(error);
  if (!isRouteErrorResponse(error)) return <ErrorPage status={500} />;
  return <ErrorPage status={error.status} message={typeof error.data === "string" ? error.data : undefined} />;
}
