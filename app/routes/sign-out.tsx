import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getCurrentUser } from "../auth/guards.server";
import { blankSessionCookie } from "../auth/session.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button } from "../components/forms";
import { signOut } from "../services/accounts/accounts.server";

// /sign-out. Signing out is a POST (the header's button, or the button on this page), so another
// site can't sign someone out with a link or an image. GET shows the button, or confirms that
// the person is signed out.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.signedIn ? "Sign out" : "You are signed out"} - Community Recovery Innovation Challenge` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await getCurrentUser(args);
  return { signedIn: user !== null, email: user?.email ?? null };
}

export async function action(args: ActionFunctionArgs) {
  const user = await getCurrentUser(args);
  if (user) await signOut({ id: user.id, sessionId: user.sessionId }, { ip: args.context.ip });
  // The cookie goes whether or not it named a live session.
  return redirect("/sign-out", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export default function SignOut() {
  const { signedIn, email } = useLoaderData<typeof loader>();
  if (!signedIn) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">You are signed out</h1>
          <p className="govuk-body">
            <Link className="govuk-link" to="/sign-in">
              Sign in
            </Link>{" "}
            or{" "}
            <Link className="govuk-link" to="/">
              go to the challenge page
            </Link>
            .
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Sign out</h1>
        <p className="govuk-body">You are signed in as {email}.</p>
        <Form method="post">
          <Button>Sign out</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
