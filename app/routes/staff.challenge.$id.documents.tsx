import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, TextInput, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { ENTRY_FILE_MB_MAX, ENTRY_FILES_MAX, entryDocumentsSchema } from "../domain/challenge-setup";
import { parseForm } from "../domain/forms";
import { attempt, formError } from "../security/app-error-responses.server";
import { challengeForStaff, challengeIdParam, updateEntryDocuments } from "../services/challenges/setup.server";

// /staff/challenge/:id/documents: whether entrants may attach supporting documents to an entry,
// how many and how large each may be (for example up to 3 files of 10 MB).

export const meta: MetaFunction = ({ error, matches }) => [
  { title: pageTitle("Supporting documents with entries", error, matches) },
];

const ORDER = ["maxFiles", "maxFileMb"];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challenge = await challengeForStaff(actorFrom(user, args), challengeIdParam(args.params.id));
  return {
    id: challenge.id,
    title: challenge.title,
    values: {
      maxFiles: String(challenge.entryDocuments.maxFiles),
      maxFileMb: String(challenge.entryDocuments.maxFileMb),
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const id = challengeIdParam(args.params.id);
  const form = parseForm(entryDocumentsSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(updateEntryDocuments(actorFrom(user, args), id, form.data));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/challenge/${id}?notice=saved`);
}

export default function EntryDocumentsSettings() {
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
        <h1 className="govuk-heading-l">Supporting documents with entries</h1>
        <p className="govuk-body">
          Entrants can attach files to their entry, such as a quote or a letter of support, on the section about
          delivery and costs. Judges see the files of the version they score; councils see them only when the
          organisation agreed to share its idea. Files already on entries stay if you lower these limits.
        </p>
        <Form method="post" noValidate>
          <TextInput
            name="maxFiles"
            label="How many files can an entry have?"
            hint={`From 0 to ${ENTRY_FILES_MAX}. 0 means entries cannot have supporting documents.`}
            inputMode="numeric"
            width="2"
            error={errors?.maxFiles}
            defaultValue={valueOf(values, "maxFiles")}
          />
          <TextInput
            name="maxFileMb"
            label="What is the largest file an entrant can add, in MB?"
            hint={`From 1 to ${ENTRY_FILE_MB_MAX}.`}
            inputMode="numeric"
            width="2"
            error={errors?.maxFileMb}
            defaultValue={valueOf(values, "maxFileMb")}
          />
          <Button>Save changes</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
