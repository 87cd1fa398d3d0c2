import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RouteErrorBoundary } from "../../components/ErrorPage";
import { Button, ErrorSummary, TextInput, valueOf } from "../../components/forms";
import { WarningText } from "../../components/content";
import { pageTitle } from "../../components/page-title";
import { cleanText, optionalText, parseValues } from "../../domain/forms";
import { formatDateTime } from "../../domain/time";
import { mailboxOverview } from "../mailbox.server";

// The local mailbox: every email the service sent while no email provider is configured.

const filterSchema = z.object({ to: optionalText("the email address", 254) });

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  { title: `${loaderData && "errors" in loaderData ? "Error: " : ""}${pageTitle("Local mailbox", error, matches)}` },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseValues(filterSchema, { to: cleanText(url.searchParams.get("to") ?? "") });
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const to = parsed.data.to;
  const overview = await mailboxOverview({ to });
  return { to, overview };
}

export default function Mailbox() {
  const result = useLoaderData<typeof loader>();
  const errors = "errors" in result ? result.errors : undefined;
  const to = "to" in result ? result.to : valueOf("values" in result ? result.values : undefined, "to");
  const overview = "overview" in result ? result.overview : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Local mailbox</h1>
        <p className="govuk-body">
          Email the service sent while no email provider is set up (no <code>RESEND_API_KEY</code>), newest first
          {overview ? `, at most ${overview.limit} messages` : ""}. This page does not exist in production.
        </p>
        {overview && overview.outbox.failed > 0 ? (
          <WarningText>
            {overview.outbox.failed === 1 ? "1 email" : `${overview.outbox.failed} emails`} could not be delivered. The
            email_outbox table has the error.
          </WarningText>
        ) : null}
        {overview && overview.outbox.pending > 0 ? (
          <p className="govuk-body">
            {overview.outbox.pending === 1 ? "1 email is" : `${overview.outbox.pending} emails are`} waiting to be
            delivered.
          </p>
        ) : null}
        <Form method="get" noValidate>
          <TextInput
            name="to"
            label="Show only email to"
            hint="The full email address"
            type="email"
            autoComplete="off"
            spellCheck={false}
            width="two-thirds"
            defaultValue={to}
            error={errors?.to}
          />
          <div className="govuk-button-group">
            <Button preventDoubleClick={false}>Filter messages</Button>
            {to ? (
              <Link className="govuk-link" to="/dev/mail">
                Show all messages
              </Link>
            ) : null}
          </div>
        </Form>
        {overview ? <MessageTable messages={overview.messages} to={to} /> : null}
      </div>
    </div>
  );
}

function MessageTable({
  messages,
  to,
}: {
  messages: { id: number; to: string; subject: string; deliveredAt: Date }[];
  to: string;
}) {
  if (messages.length === 0) {
    return <p className="govuk-body">{to ? `There are no messages to ${to}.` : "There are no messages yet."}</p>;
  }
  return (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">
        {to ? `Messages to ${to}` : "Messages"}
      </caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            To
          </th>
          <th scope="col" className="govuk-table__header">
            Subject
          </th>
          <th scope="col" className="govuk-table__header">
            Delivered
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {messages.map((message) => (
          <tr className="govuk-table__row" key={message.id}>
            <td className="govuk-table__cell">{message.to}</td>
            <td className="govuk-table__cell">
              <Link className="govuk-link" to={`/dev/mail/${message.id}`}>
                {message.subject}
              </Link>
            </td>
            <td className="govuk-table__cell">{formatDateTime(new Date(message.deliveredAt))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
