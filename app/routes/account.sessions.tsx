import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireUser } from "../auth/guards.server";
import { blankSessionCookie } from "../auth/session.server";
import { Details, NotificationBanner } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { Table } from "../components/Table";
import { formatDateTime } from "../domain/time";
import { PRIVILEGED_IDLE_HOURS, PRIVILEGED_MAX_HOURS, SESSION_DAYS, SESSION_MAX_DAYS } from "../auth/constants";
import { isPrivileged } from "../auth/session-limits";
import { invalid } from "../services/app-error.server";
import { endOtherSessions, endSession, listSessions } from "../services/accounts/sessions.server";

// /account/sessions: where the signed-in person is signed in (device, rough place, when), with a
// button to end each other session and one to end them all. Plain forms: works without JavaScript.

export const meta: MetaFunction = ({ error, matches }) => [
  { title: pageTitle("Where you are signed in", error, matches) },
];

const NOTICES = {
  one: "The session has ended. That device will be signed out the next time it opens a page.",
  others: "You have been signed out everywhere else. Only this device is still signed in.",
} as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const sessions = await listSessions(actorFrom(user, args), user.sessionId);
  const ended = new URL(args.request.url).searchParams.get("ended");
  return {
    sessions: sessions.map((s) => ({
      id: s.id,
      device: s.device,
      place: s.place,
      signedInAt: formatDateTime(s.signedInAt),
      lastUsedAt: formatDateTime(s.lastUsedAt),
      current: s.current,
    })),
    privileged: isPrivileged(user.roles),
    notice: ended && Object.hasOwn(NOTICES, ended) ? NOTICES[ended as keyof typeof NOTICES] : null,
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("end"), sessionId: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ intent: z.literal("end-others") }),
]);

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const actor = actorFrom(user, args);
  const form = actionSchema.safeParse(Object.fromEntries(await args.request.formData()));
  // Only a tampered form gets here: the page's buttons always send one of the two.
  if (!form.success) throw invalid("Choose a session to end");
  if (form.data.intent === "end-others") {
    await endOtherSessions(actor, user.sessionId);
    return redirect("/account/sessions?ended=others");
  }
  const { wasCurrent } = await endSession(actor, form.data.sessionId, user.sessionId);
  // Ending this device's own session is signing out.
  if (wasCurrent) return redirect("/sign-out", { headers: { "Set-Cookie": blankSessionCookie() } });
  return redirect("/account/sessions?ended=one");
}

export default function Sessions() {
  const { sessions, privileged, notice } = useLoaderData<typeof loader>();
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Link to="/account" className="govuk-back-link">
          Back to your account
        </Link>
        {notice ? (
          <NotificationBanner success>
            <p className="govuk-notification-banner__heading">{notice}</p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">Where you are signed in</h1>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <p className="govuk-body">
              These are the devices signed in to your account. If you do not recognise one, end it and then{" "}
              <Link className="govuk-link" to="/account/password">
                change your password
              </Link>
              .
            </p>
            <p className="govuk-body">
              {privileged
                ? `Because of your role, you are signed out after ${PRIVILEGED_IDLE_HOURS} hours without using the service, and ${PRIVILEGED_MAX_HOURS} hours after signing in at the latest.`
                : `You are signed out after ${SESSION_DAYS} days without using the service, and ${SESSION_MAX_DAYS} days after signing in at the latest.`}
            </p>
            <Details summary="How we describe places">
              <p className="govuk-body">
                We do not look up where a network address is. The place is only what the address itself tells us: “This
                computer” if you signed in on the computer that runs the service, “A private network” for an address
                inside a home, office or other private network, or otherwise the address you signed in from with its
                last part hidden, for example 81.2.69.x.
              </p>
            </Details>
          </div>
        </div>
        <Table
          caption="Devices signed in to your account"
          captionSize="m"
          scroll="Devices signed in to your account"
          rows={sessions}
          rowKey={(s) => s.id}
          columns={[
            {
              header: "Device",
              rowHeader: true,
              cell: (s) => (
                <>
                  {s.device}
                  {s.current ? (
                    <>
                      {" "}
                      <strong className="govuk-tag govuk-tag--green">This device</strong>
                    </>
                  ) : null}
                </>
              ),
            },
            { header: "Place (approximate)", cell: (s) => s.place },
            { header: "Signed in", cell: (s) => s.signedInAt },
            { header: "Last used", cell: (s) => s.lastUsedAt },
            {
              header: <span className="govuk-visually-hidden">Action</span>,
              cell: (s) =>
                s.current ? (
                  <Form method="post" action="/sign-out" className="govuk-!-margin-0">
                    <Button variant="secondary" className="govuk-!-margin-bottom-0">
                      Sign out<span className="govuk-visually-hidden"> of this device</span>
                    </Button>
                  </Form>
                ) : (
                  <Form method="post" className="govuk-!-margin-0">
                    <input type="hidden" name="intent" value="end" />
                    <input type="hidden" name="sessionId" value={s.id} />
                    <Button variant="secondary" className="govuk-!-margin-bottom-0">
                      End session
                      <span className="govuk-visually-hidden">
                        {" "}
                        on {s.device}, signed in at {s.signedInAt}
                      </span>
                    </Button>
                  </Form>
                ),
            },
          ]}
        />
        {others > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="end-others" />
            <Button variant="warning">Sign out of all other devices</Button>
          </Form>
        ) : (
          <p className="govuk-body">You are not signed in anywhere else.</p>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
