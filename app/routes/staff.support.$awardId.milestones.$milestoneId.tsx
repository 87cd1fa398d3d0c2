import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { DateInput } from "../components/DateInput";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Radios, TextInput, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { parseForm, requiredText, type FieldErrors, type FormValues } from "../domain/forms";
import { dateToParts, readDateParts } from "../domain/london-date-input";
import { londonToday, MILESTONE_STATUS_LABELS, MILESTONE_STATUSES, type MilestoneStatus } from "../domain/milestones";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import {
  addMilestone,
  loadMilestone,
  loadSupportAward,
  updateMilestone,
} from "../services/awards/support-plans.server";
import { requestNow } from "../services/platform/clock.server";

// /staff/support/:awardId/milestones/new and /staff/support/:awardId/milestones/:milestoneId: add
// a milestone to a winner's plan, or change one (its title, due date and status). Dates are
// London calendar dates.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  { title: pageTitle(loaderData?.milestone ? "Change a milestone" : "Add a milestone", error, matches) },
];

function ids(params: Record<string, string | undefined>): { awardId: number; milestoneId: number | null } {
  const { awardId, milestoneId } = params;
  if (!awardId || !/^[1-9][0-9]{0,8}$/.test(awardId)) throw notFound();
  if (milestoneId === "new") return { awardId: Number(awardId), milestoneId: null };
  if (!milestoneId || !/^[1-9][0-9]{0,8}$/.test(milestoneId)) throw notFound();
  return { awardId: Number(awardId), milestoneId: Number(milestoneId) };
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const actor = actorFrom(user, args);
  const { awardId, milestoneId } = ids(args.params);
  if (milestoneId === null) {
    const found = await loadSupportAward(actor, awardId);
    return { award: found.award, milestone: null };
  }
  return loadMilestone(actor, awardId, milestoneId, londonToday(requestNow(args.request)));
}

const part = z
  .string()
  .optional()
  .transform((s) => (s ?? "").trim().slice(0, 20));

const schema = z
  .object({
    title: requiredText("the milestone", 200),
    dueOnDay: part,
    dueOnMonth: part,
    dueOnYear: part,
    status: part,
    completedOnDay: part,
    completedOnMonth: part,
    completedOnYear: part,
  })
  .superRefine((value, ctx) => {
    const due = readDateParts({ day: value.dueOnDay, month: value.dueOnMonth, year: value.dueOnYear }, "Due date");
    if (!due.ok) ctx.addIssue({ code: "custom", path: ["dueOn"], message: due.message });
    if (!isStatus(value.status))
      ctx.addIssue({ code: "custom", path: ["status"], message: "Select the milestone's status" });
    if (value.status === "done") {
      const done = readDateParts(
        { day: value.completedOnDay, month: value.completedOnMonth, year: value.completedOnYear },
        "Date completed",
      );
      if (!done.ok) ctx.addIssue({ code: "custom", path: ["completedOn"], message: done.message });
    }
  })
  .transform((value) => {
    const due = readDateParts({ day: value.dueOnDay, month: value.dueOnMonth, year: value.dueOnYear }, "Due date");
    const done = readDateParts(
      { day: value.completedOnDay, month: value.completedOnMonth, year: value.completedOnYear },
      "Date completed",
    );
    const status: MilestoneStatus = isStatus(value.status) ? value.status : "not_started";
    return {
      title: value.title,
      dueOn: due.ok ? due.date : "",
      status,
      completedOn: status === "done" && done.ok ? done.date : null,
    };
  });

function isStatus(value: string): value is MilestoneStatus {
  return (MILESTONE_STATUSES as readonly string[]).includes(value);
}

const ORDER = ["title", "dueOn", "status", "completedOn"];

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const actor = actorFrom(user, args);
  const { awardId, milestoneId } = ids(args.params);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(
    milestoneId === null
      ? addMilestone(actor, awardId, form.data)
      : updateMilestone(actor, awardId, milestoneId, form.data),
  );
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/support/${awardId}?notice=${milestoneId === null ? "milestone-added" : "milestone-changed"}`);
}

function initialValues(
  milestone: { title: string; dueOn: string; status: string; completedOn: string | null } | null,
): FormValues {
  if (!milestone) return { status: "not_started" };
  const due = dateToParts(milestone.dueOn);
  const done = milestone.completedOn ? dateToParts(milestone.completedOn) : { day: "", month: "", year: "" };
  return {
    title: milestone.title,
    status: milestone.status,
    dueOnDay: due.day,
    dueOnMonth: due.month,
    dueOnYear: due.year,
    completedOnDay: done.day,
    completedOnMonth: done.month,
    completedOnYear: done.year,
  };
}

export default function MilestonePage() {
  const { award, milestone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const values = actionData?.values ?? initialValues(milestone);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/staff/support/${award.awardId}`} className="govuk-back-link">
          Back to the support plan
        </Link>
        <ErrorSummary errors={errors} order={ORDER} />
        <span className="govuk-caption-l">{award.organisationName}</span>
        <h1 className="govuk-heading-l">{milestone ? "Change a milestone" : "Add a milestone"}</h1>
        <Form method="post" noValidate>
          <TextInput
            name="title"
            label="Milestone"
            labelSize="s"
            error={errors?.title}
            defaultValue={valueOf(values, "title")}
          />
          <DateInput
            name="dueOn"
            legend="Due date"
            hint="For example, 30 6 2026"
            error={errors?.dueOn}
            values={values}
          />
          <Radios
            name="status"
            legend="Status"
            legendSize="s"
            error={errors?.status}
            defaultValue={valueOf(values, "status")}
            options={MILESTONE_STATUSES.map((s) => ({ value: s, text: MILESTONE_STATUS_LABELS[s] }))}
          />
          <DateInput
            name="completedOn"
            legend="Date completed (if done)"
            hint="For example, 28 6 2026"
            error={errors?.completedOn}
            values={values}
          />
          <Button>{milestone ? "Save the milestone" : "Add the milestone"}</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
