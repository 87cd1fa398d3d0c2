import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RouteErrorBoundary } from "../../components/ErrorPage";
import { SummaryList } from "../../components/content";
import { pageTitle } from "../../components/page-title";
import { formatDateTime } from "../../domain/time";
import { mailboxMessage } from "../mailbox.server";

// One message of the local mailbox: the plain-text version as sent, and a link to the HTML
// version on a page of its own. Not embedded in a frame here: a srcdoc frame inherits this page's
// Content-Security-Policy, so every inline style of the email would be reported as a violation
// on this page (which the end-to-end tests treat as a failure).

const idSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,8}$/)
  .transform(Number);

export const meta: MetaFunction<typeof loader> = ({ data, error, matches }) => [
  { title: pageTitle(`${data ? data.message.subject : "Email"} - Local mailbox`, error, matches) },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  const message = await mailboxMessage(id.data);
  return { message };
}

export default function MailboxMessage() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Link className="govuk-back-link" to={`/dev/mail?to=${encodeURIComponent(message.to)}`}>
          Back to messages to {message.to}
        </Link>
        <span className="govuk-caption-l">Local mailbox</span>
        <h1 className="govuk-heading-l">{message.subject}</h1>
        <SummaryList
          rows={[
            { key: "To", value: message.to },
            { key: "Delivered", value: formatDateTime(new Date(message.deliveredAt)) },
            {
              key: "Links",
              value: message.links.length ? (
                <ul className="govuk-list">
                  {message.links.map((href) => (
                    <li key={href}>
                      <a className="govuk-link" href={href}>
                        {href}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : (
                "None"
              ),
            },
          ]}
        />
        <h2 className="govuk-heading-m">Plain text version</h2>
        <pre className="app-mail-text">{message.text}</pre>
        <h2 className="govuk-heading-m">HTML version</h2>
        <p className="govuk-body">
          <a className="govuk-link" href={`/dev/mail/${message.id}/html`}>
            View the HTML version
          </a>
        </p>
        <p className="govuk-body">
          It opens without the email&apos;s own styles: the service&apos;s Content-Security-Policy does not allow inline
          styles, which mail clients do apply.
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
