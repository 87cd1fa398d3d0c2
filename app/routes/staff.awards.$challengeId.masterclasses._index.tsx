import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { InsetText, NotificationBanner } from "../components/content";
import { DateInput } from "../components/DateInput";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, TextInput, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { idParam } from "../domain/awards";
import { cleanText, formValues, type FieldErrors } from "../domain/forms";
import { londonInstant, readClockTime, readDateParts } from "../domain/london-date-input";
import { notFound } from "../services/app-error.server";
import { createSession, sessionsPage, type SessionInput } from "../services/awards/masterclasses.server";
import { Table } from "../components/Table";

// /staff/awards/:challengeId/masterclasses: the masterclass sessions, how many places each has
// left, and the form to add one (date and times in UK time; a venue, an online https link, or
// both; a capacity). Award holders of a tier with a masterclass are invited to a new session at
// once if the results are already published, otherwise when they are.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Masterclasses", error, matches) },
];

function challengeIdParam(value: string | undefined): number {
  const id = idParam(value);
  if (!id) throw notFound();
  return id;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const page = await sessionsPage(actorFrom(user, args), challengeIdParam(args.params.challengeId));
  return { page, added: new URL(args.request.url).searchParams.get("notice") === "added" };
}

const ORDER = ["title", "description", "on", "startTime", "endTime", "venue", "onlineUrl", "capacity"];

/** Reads the session form; every message says what to do, GOV.UK style. */
function readSession(
  values: Record<string, string | string[]>,
): { ok: true; input: SessionInput } | { ok: false; errors: FieldErrors } {
  const text = (name: string) => {
    const value = values[name];
    return typeof value === "string" ? cleanText(value).trim() : "";
  };
  const errors: FieldErrors = {};
  const title = text("title");
  if (!title) errors.title = "Enter the title of the session";
  else if (title.length > 200) errors.title = "The title must be 200 characters or fewer";
  const description = text("description");
  if (description.length > 5000) errors.description = "The description must be 5000 characters or fewer";
  const date = readDateParts(
    { day: text("onDay").slice(0, 20), month: text("onMonth").slice(0, 20), year: text("onYear").slice(0, 20) },
    "Date",
  );
  if (!date.ok) errors.on = date.message;
  const start = readClockTime(text("startTime").slice(0, 20), "Start time");
  if (!start.ok) errors.startTime = start.message;
  const end = readClockTime(text("endTime").slice(0, 20), "End time");
  if (!end.ok) errors.endTime = end.message;
  const venue = text("venue");
  if (venue.length > 500) errors.venue = "The venue must be 500 characters or fewer";
  const onlineUrl = text("onlineUrl");
  if (onlineUrl) {
    let valid = false;
    try {
      valid = onlineUrl.length <= 2000 && new URL(onlineUrl).protocol === "https:" && !/\s/.test(onlineUrl);
    } catch {
      valid = false;
    }
    if (!valid) errors.onlineUrl = "Enter the online link as a full web address starting https://";
  }
  if (!venue && !onlineUrl && !errors.onlineUrl) errors.venue = "Enter the venue, an online link, or both";
  const capacityText = text("capacity");
  const capacity = /^\d{1,4}$/.test(capacityText) ? Number(capacityText) : NaN;
  if (!capacityText) errors.capacity = "Enter how many places the session has";
  else if (!Number.isInteger(capacity) || capacity < 1 || capacity > 1000)
    errors.capacity = "The number of places must be a whole number from 1 to 1000";
  if (date.ok && start.ok && end.ok && !errors.startTime && !errors.endTime) {
    const startsAt = londonInstant(date.date, start.time);
    const endsAt = londonInstant(date.date, end.time);
    if (!startsAt || !endsAt) errors.startTime = "Enter a time that exists in UK time on that date";
    else if (endsAt.getTime() <= startsAt.getTime()) errors.endTime = "The end time must be after the start time";
    else if (!Object.keys(errors).length) {
      return {
        ok: true,
        input: { title, description, startsAt, endsAt, venue: venue || null, onlineUrl: onlineUrl || null, capacity },
      };
    }
  }
  return { ok: false, errors };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = challengeIdParam(args.params.challengeId);
  const values = formValues(await args.request.formData());
  const read = readSession(values);
  if (!read.ok) return data({ errors: read.errors, values }, { status: 400 });
  await createSession(actorFrom(user, args), challengeId, read.input);
  return redirect(`/staff/awards/${challengeId}/masterclasses?notice=added`);
}

export default function StaffMasterclasses() {
  const { page, added } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const values = actionData?.values;
  const base = `/staff/awards/${page.challenge.id}`;
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: "/staff/awards", text: "Awards" },
          { href: base, text: page.challenge.title },
        ]}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} order={ORDER} />
          {added && !errors ? (
            <NotificationBanner success>
              <p className="govuk-notification-banner__heading">
                Session added.{" "}
                {page.challenge.published
                  ? "The award holders have been invited."
                  : "The award holders will be invited when the results are published."}
              </p>
            </NotificationBanner>
          ) : null}
          <span className="govuk-caption-l">{page.challenge.title}</span>
          <h1 className="govuk-heading-l">Masterclasses</h1>
        </div>
      </div>
      {page.sessions.length ? (
        <Table
          caption="Sessions"
          scroll
          rows={page.sessions}
          rowKey={(s) => s.id}
          columns={[
            {
              header: "Session",
              cell: (s) => (
                <Link className="govuk-link" to={`${base}/masterclasses/${s.id}`}>
                  {s.title}
                </Link>
              ),
            },
            { header: "When", cell: (s) => s.when },
            { header: "Where", cell: (s) => s.where },
            { header: "Accepted", numeric: true, cell: (s) => s.accepted },
            { header: "Not replied", numeric: true, cell: (s) => s.waiting },
            { header: "Places", numeric: true, cell: (s) => s.capacity },
          ]}
        />
      ) : (
        <InsetText>No sessions yet.</InsetText>
      )}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Add a session</h2>
          <Form method="post">
            <TextInput name="title" label="Title" error={errors?.title} defaultValue={valueOf(values, "title")} />
            <Textarea
              name="description"
              label="Description (optional)"
              rows={3}
              error={errors?.description}
              defaultValue={valueOf(values, "description")}
            />
            <DateInput name="on" legend="Date" hint="For example, 3 6 2027" error={errors?.on} values={values} />
            <TextInput
              name="startTime"
              label="Start time"
              hint="UK time. For example, 10am or 14:30"
              width="5"
              error={errors?.startTime}
              defaultValue={valueOf(values, "startTime")}
            />
            <TextInput
              name="endTime"
              label="End time"
              hint="UK time, the same day"
              width="5"
              error={errors?.endTime}
              defaultValue={valueOf(values, "endTime")}
            />
            <TextInput
              name="venue"
              label="Venue"
              hint="Leave empty for an online-only session"
              error={errors?.venue}
              defaultValue={valueOf(values, "venue")}
            />
            <TextInput
              name="onlineUrl"
              label="Online link"
              hint="A full https:// address, if the session is online"
              type="url"
              spellCheck={false}
              error={errors?.onlineUrl}
              defaultValue={valueOf(values, "onlineUrl")}
            />
            <TextInput
              name="capacity"
              label="Number of places"
              inputMode="numeric"
              width="4"
              error={errors?.capacity}
              defaultValue={valueOf(values, "capacity")}
            />
            <Button>Add the session</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
