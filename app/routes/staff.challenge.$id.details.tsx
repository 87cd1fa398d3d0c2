import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { FormattingHelp } from "../components/ChallengeSetup";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Radios, Textarea, TextInput, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { detailsSchema, SHARE_TEXT_MAX, SUMMARY_MAX, TITLE_MAX } from "../domain/challenge-setup";
import { parseForm } from "../domain/forms";
import { attempt, formError } from "../security/app-error-responses.server";
import { challengeForStaff, challengeIdParam, updateChallengeDetails } from "../services/challenges/setup.server";

// /staff/challenge/:id/details: the title, summary and page texts, and whether judges see
// organisation names.

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Title and page text", error, matches) }];

const ORDER = [
  "title",
  "summary",
  "description",
  "whoCanEnter",
  "howJudgingWorks",
  "shareText",
  "judgesSeeOrganisation",
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challenge = await challengeForStaff(actorFrom(user, args), challengeIdParam(args.params.id));
  return {
    id: challenge.id,
    title: challenge.title,
    published: challenge.status !== "draft",
    values: {
      title: challenge.title,
      summary: challenge.summary,
      description: challenge.description,
      whoCanEnter: challenge.whoCanEnter,
      howJudgingWorks: challenge.howJudgingWorks,
      shareText: challenge.shareText,
      judgesSeeOrganisation: challenge.judgesSeeOrganisation ? "yes" : "no",
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const id = challengeIdParam(args.params.id);
  const form = parseForm(detailsSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(updateChallengeDetails(actorFrom(user, args), id, form.data));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/challenge/${id}?notice=saved`);
}

export default function ChallengeDetails() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values ?? loaded.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/staff/challenge/${loaded.id}`} className="govuk-back-link">
          Back to the challenge
        </Link>
        <ErrorSummary errors={errors} order={ORDER} />
        <span className="govuk-caption-l">{loaded.title}</span>
        <h1 className="govuk-heading-l">Title and page text</h1>
        {loaded.published ? (
          <p className="govuk-body">
            This challenge is published: your changes will appear on the challenge page at once.
          </p>
        ) : null}
        <Form method="post" noValidate>
          <TextInput
            name="title"
            label="Title"
            hint={`Up to ${TITLE_MAX} characters`}
            error={errors?.title}
            defaultValue={valueOf(values, "title")}
          />
          <Textarea
            name="summary"
            label="Summary"
            hint={`One or two sentences at the top of the page, in plain text. Up to ${SUMMARY_MAX} characters`}
            rows={3}
            error={errors?.summary}
            defaultValue={valueOf(values, "summary")}
          />
          <FormattingHelp />
          <Textarea
            name="description"
            label="What the challenge is for"
            rows={8}
            error={errors?.description}
            defaultValue={valueOf(values, "description")}
          />
          <Textarea
            name="whoCanEnter"
            label="Who can enter"
            rows={6}
            error={errors?.whoCanEnter}
            defaultValue={valueOf(values, "whoCanEnter")}
          />
          <Textarea
            name="howJudgingWorks"
            label="How judging works"
            hint="Shown above the judging criteria and their weights"
            rows={6}
            error={errors?.howJudgingWorks}
            defaultValue={valueOf(values, "howJudgingWorks")}
          />
          <Textarea
            name="shareText"
            label="Text for partners to share (optional)"
            hint={`Shown in the "help us spread the word" panel. Leave it empty to use the title, summary and closing date. The link to the page is added at the end. Up to ${SHARE_TEXT_MAX} characters`}
            rows={3}
            error={errors?.shareText}
            defaultValue={valueOf(values, "shareText")}
          />
          <Radios
            name="judgesSeeOrganisation"
            legend="Do judges see the names of the organisations that entered?"
            legendSize="m"
            hint="If not, judges see the idea without the organisation's name, to reduce bias"
            inline
            error={errors?.judgesSeeOrganisation}
            defaultValue={valueOf(values, "judgesSeeOrganisation")}
            options={[
              { value: "yes", text: "Yes" },
              { value: "no", text: "No" },
            ]}
          />
          <Button>Save changes</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
