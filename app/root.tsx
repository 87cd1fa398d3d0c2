import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { getCurrentUser } from "./auth/guards.server";
import { Layout, SERVICE_NAME } from "./components/Layout";
import { ErrorPage, errorPageTitle } from "./components/ErrorPage";
import { config } from "./config.server";
import { useNonce } from "./components/nonce";
import { clearFormErrorsFlag, FORM_ERRORS_FLAG_SCRIPT, formErrorsInServerRender } from "./components/page-title";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles.css" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ error }) => [
  {
    title: error
      ? `${errorPageTitle(isRouteErrorResponse(error) ? error.status : 500)} - ${SERVICE_NAME}`
      : SERVICE_NAME,
  },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await getCurrentUser(args);
  return {
    user: user ? { name: user.name, roles: user.roles, emailVerified: user.emailVerified } : null,
    operatorName: config.operatorName,
    demoMode: config.demoMode,
    nonce: args.context.nonce,
  };
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

function Document({
  children,
  nonce: loaderNonce,
  formHasErrors,
}: {
  children: ReactNode;
  nonce?: string;
  formHasErrors?: boolean;
}) {
  const location = useLocation();
  const nonce = useNonce() ?? loaderNonce;
  const [flagFormErrors] = useState(() => formHasErrors || formErrorsInServerRender());
  useEffect(() => clearFormErrorsFlag(), []);
  // GOV.UK Frontend's JavaScript enhances components (error summary focus, character counts,
  // the mobile menu). Pages change without a reload, so initialise whatever each page brings;
  // components already set up report that quietly and are left alone.
  useEffect(() => {
    void import("govuk-frontend").then(({ initAll }) => initAll({ onError: () => {} }));
  }, [location.key]);
  return (
    <html lang="en" className="govuk-template govuk-template--rebranded">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#0b0c0c" />
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body">
        <script
          nonce={nonce}
          // Marks the page as able to run GOV.UK Frontend's JavaScript (as its template does).
          dangerouslySetInnerHTML={{
            __html:
              "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');",
          }}
        />
        {flagFormErrors ? <script nonce={nonce} dangerouslySetInnerHTML={{ __html: FORM_ERRORS_FLAG_SCRIPT }} /> : null}
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRootData();
  return (
    <Document nonce={data?.nonce} formHasErrors={(data as { formHasErrors?: boolean } | undefined)?.formHasErrors}>
      <Layout user={data?.user ?? null} operatorName={data?.operatorName} demoMode={data?.demoMode ?? false}>
        <Outlet />
      </Layout>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRootData();
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <Document nonce={data?.nonce}>
      <Layout user={data?.user ?? null} operatorName={data?.operatorName} demoMode={data?.demoMode ?? false}>
        <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />
      </Layout>
    </Document>
  );
}
