import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, Select, Textarea, valueOf } from "../components/forms";
import { RoundPageHeader } from "../components/JudgingNav";
import { Table } from "../components/Table";
import { pageTitle } from "../components/page-title";
import { formValues, parseValues, requiredParagraphs, type FormValues } from "../domain/forms";
import { idField } from "../domain/rubric";
import { plural } from "../domain/words";
import { attempt, statusOf } from "../security/app-error-responses.server";
import type { AppError } from "../services/app-error.server";
import { assignmentView, runAssignment, swapJudge, withdrawJudge } from "../services/judging/assignment.server";
import { idParam, roundNumberParam } from "../services/judging/rounds.server";

// /staff/judging/:challengeId/rounds/:number/assignment: run the automatic assignment, see each
// judge's load and spread across priority areas and each entry's judges, swap a judge on one entry
// by hand, and withdraw a judge who drops out (their entries are re-assigned; submitted scores stay).

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Assignment", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const view = await assignmentView(
    actorFrom(user, args),
    idParam(args.params.challengeId),
    roundNumberParam(args.params.number),
  );
  const url = new URL(args.request.url).searchParams;
  const notice = url.get("notice");
  const count = Number(url.get("count") ?? "0");
  const notices: Record<string, string> = {
    run: `The assignment has been run: ${count === 1 ? "1 assignment" : `${count} assignments`} added.`,
    swapped: "The judge has been swapped",
    withdrawn: `The judge has been withdrawn. ${count === 1 ? "1 entry was" : `${count} entries were`} given to other judges.`,
  };
  return { ...view, notice: notice && notices[notice] ? notices[notice] : null };
}

const swapSchema = z.object({
  entry: idField("Choose the entry"),
  fromJudge: idField("Choose the judge to replace"),
  toJudge: idField("Choose the judge to give the entry to"),
});
const withdrawSchema = z.object({
  judge: idField("Choose the judge who is dropping out"),
  reason: requiredParagraphs("why the judge is dropping out", 2000),
});

/** A service's refusal, shown on the form it came from (the page has three). */
function refused(error: AppError, values: FormValues, form: "run" | "swap" | "withdraw") {
  const errors = error.fields ?? { [error.field ?? "form"]: error.message };
  return data({ errors, values, form }, { status: statusOf(error) });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const actor = actorFrom(user, args);
  const challengeId = idParam(args.params.challengeId);
  const number = roundNumberParam(args.params.number);
  const values = formValues(await args.request.formData());
  const back = `/staff/judging/${challengeId}/rounds/${number}/assignment`;
  if (values.intent === "run") {
    const result = await attempt(runAssignment(actor, challengeId, number));
    if (!result.ok) return refused(result.error, values, "run");
    return redirect(`${back}?notice=run&count=${result.value.added}`);
  }
  if (values.intent === "swap") {
    const form = parseValues(swapSchema, values);
    if (!form.ok) return data({ errors: form.errors, values, form: "swap" }, { status: 400 });
    const result = await attempt(
      swapJudge(actor, challengeId, number, {
        entryId: form.data.entry,
        fromJudgeId: form.data.fromJudge,
        toJudgeId: form.data.toJudge,
      }),
    );
    if (!result.ok) return refused(result.error, values, "swap");
    return redirect(`${back}?notice=swapped`);
  }
  if (values.intent === "withdraw") {
    const form = parseValues(withdrawSchema, values);
    if (!form.ok) return data({ errors: form.errors, values, form: "withdraw" }, { status: 400 });
    const result = await attempt(withdrawJudge(actor, challengeId, number, form.data.judge, form.data.reason));
    if (!result.ok) return refused(result.error, values, "withdraw");
    return redirect(`${back}?notice=withdrawn&count=${result.value.reassigned}`);
  }
  return data({ errors: { form: "Choose what to do" }, values, form: "run" }, { status: 400 });
}

export default function Assignment() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values as FormValues | undefined;
  const base = `/staff/judging/${page.challengeId}/rounds/${page.round.number}`;
  const active = page.judges.filter((j) => !j.withdrawnAt);
  const changeable = page.round.status === "setup" || page.round.status === "open";
  const judgeOptions = active.map((j) => ({ value: String(j.id), text: j.name }));
  return (
    <>
      <RoundPageHeader
        challengeId={page.challengeId}
        challengeTitle={page.challengeTitle}
        round={page.round.number}
        heading="Assignment"
        current={`${base}/assignment`}
        errors={errors}
        errorOrder={["form", "entry", "fromJudge", "toJudge", "judge", "reason"]}
        notice={page.notice}
      />
      <p className="govuk-body">
        The assignment gives every entry {plural(page.round.judgesPerEntry, "judge")}, never a judge with a conflict of
        interest (declared, or found from their affiliations, which are checked again just before it runs), shares the
        entries evenly (or up to each judge&apos;s cap) and spreads each judge&apos;s entries across the priority areas.
        It gives the same result for the same judges and entries.
      </p>
      <p className="govuk-body">
        Running it again keeps every assignment a judge has started or submitted, every swap made by hand and every
        judge added in moderation, and only moves the others, so nothing is duplicated and nobody&apos;s work is lost.
      </p>
      {changeable ? (
        <Form method="post">
          <Button name="intent" value="run">
            {page.assigned ? "Run the assignment again" : "Run the assignment"}
          </Button>
        </Form>
      ) : (
        <p className="govuk-body">Scoring has closed: the assignment can no longer change.</p>
      )}

      {page.judges.length ? (
        <Table
          scroll
          caption="Judges: load and spread across priority areas"
          rows={page.judges}
          rowKey={(j) => j.id}
          columns={[
            {
              header: "Judge",
              rowHeader: true,
              cell: (j) => (
                <>
                  {j.name}
                  {j.withdrawnAt ? " (withdrawn)" : ""}
                  {j.cap !== null ? <span className="govuk-body-s govuk-!-display-block">at most {j.cap}</span> : null}
                </>
              ),
            },
            { header: "Entries", numeric: true, cell: (j) => j.load },
            { header: "Submitted", numeric: true, cell: (j) => j.submitted },
            ...page.areas.map((a) => ({
              header: a.name,
              numeric: true,
              cell: (j: (typeof page.judges)[number]) => j.areas[a.id] ?? 0,
            })),
          ]}
        />
      ) : (
        <p className="govuk-body">No judges have been chosen for this round yet.</p>
      )}

      {page.assigned ? (
        <Table
          scroll
          caption="Entries and their judges"
          rows={page.entries}
          rowKey={(e) => e.id}
          columns={[
            {
              header: "Entry",
              cell: (e) => (
                <>
                  <strong>{e.reference}</strong> {e.title}
                </>
              ),
            },
            { header: "Priority area", cell: (e) => e.area },
            {
              header: "Judges",
              cell: (e) => (
                <ul className="govuk-list govuk-!-margin-bottom-0">
                  {e.judges.map((j) => (
                    <li key={j.id}>
                      {j.name} ({j.review}
                      {j.source !== "automatic" ? `, ${j.source}` : ""})
                    </li>
                  ))}
                </ul>
              ),
            },
          ]}
        />
      ) : null}

      {page.assigned && changeable ? (
        <>
          <Form method="post" noValidate>
            <h2 className="govuk-heading-m">Swap a judge on one entry</h2>
            <p className="govuk-body">
              A judge who has submitted their scores for the entry cannot be swapped: their scores stand. The new judge
              must be on the round, free of conflicts with the entry and not already judging it.
            </p>
            <Select
              name="entry"
              label="Entry"
              placeholder="Choose an entry"
              options={page.entries.map((e) => ({ value: String(e.id), text: `${e.reference} ${e.title}` }))}
              error={errors?.entry}
              defaultValue={actionData?.form === "swap" ? valueOf(values, "entry") : ""}
            />
            <Select
              name="fromJudge"
              label="Judge to replace"
              placeholder="Choose a judge"
              options={judgeOptions}
              error={errors?.fromJudge}
              defaultValue={actionData?.form === "swap" ? valueOf(values, "fromJudge") : ""}
            />
            <Select
              name="toJudge"
              label="Give the entry to"
              placeholder="Choose a judge"
              options={judgeOptions}
              error={errors?.toJudge}
              defaultValue={actionData?.form === "swap" ? valueOf(values, "toJudge") : ""}
            />
            <Button variant="secondary" name="intent" value="swap">
              Swap the judge
            </Button>
          </Form>
          <Form method="post" noValidate>
            <h2 className="govuk-heading-m">A judge drops out</h2>
            <p className="govuk-body">
              Their entries without submitted scores go to the other judges on the round. Scores they have already
              submitted are kept and still count.
            </p>
            <Select
              name="judge"
              label="Judge dropping out"
              placeholder="Choose a judge"
              options={judgeOptions}
              error={errors?.judge}
              defaultValue={actionData?.form === "withdraw" ? valueOf(values, "judge") : ""}
            />
            <Textarea
              name="reason"
              label="Reason"
              hint="Recorded in the audit log."
              rows={2}
              error={errors?.reason}
              defaultValue={actionData?.form === "withdraw" ? valueOf(values, "reason") : ""}
            />
            <Button variant="warning" name="intent" value="withdraw">
              Withdraw the judge
            </Button>
          </Form>
        </>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
