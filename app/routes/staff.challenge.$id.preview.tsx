import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { ChallengePage } from "../components/ChallengePage";
import { NotificationBanner } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { challengeIdParam, previewChallenge } from "../services/challenges/setup.server";

// /staff/challenge/:id/preview: the public challenge page of this challenge, drawn by the same
// component as /, whatever its status. Staff check it here before opening the challenge.

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: pageTitle(data ? `Preview: ${data.page.title}` : "Preview", error) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const page = await previewChallenge(actorFrom(user, args), challengeIdParam(args.params.id), new Date());
  return { page };
}

export default function ChallengePreview() {
  const { page } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to={`/staff/challenge/${page.id}`} className="govuk-back-link">
        Back to the challenge set-up
      </Link>
      <NotificationBanner title="Preview">
        <p className="govuk-notification-banner__heading">
          {page.status === "draft"
            ? "This is a preview. The challenge is a draft and is not on the challenge page yet."
            : "This is a preview of the challenge page for this challenge."}
        </p>
        <p className="govuk-body">
          <Link className="govuk-notification-banner__link" to={`/staff/challenge/${page.id}`}>
            Go back to change it
          </Link>
          {page.status === "draft" ? (
            <>
              {" or "}
              <Link className="govuk-notification-banner__link" to={`/staff/challenge/${page.id}/open`}>
                open the challenge
              </Link>
            </>
          ) : null}
          .
        </p>
      </NotificationBanner>
      <ChallengePage page={page} start={{ href: "/register", text: "Register to enter" }} />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
