import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, getCurrentUser, requireUser } from "../auth/guards.server";
import { InsetText, NotificationBanner } from "../components/content";
import { SectionAnswers } from "../components/EntryAnswers";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, Checkboxes, ErrorSummary, Radios, Textarea, TextInput, valueOf, valuesOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import {
  ARRAY_FIELDS,
  COMPLETED_QUESTION,
  isSectionKey,
  SECTION_FIELDS,
  sectionSchema,
  sectionValuesOnly,
  TEXT_FIELDS,
  type SectionKey,
  type TextFieldName,
} from "../domain/entry-sections";
import type { SummarySection } from "../domain/entry-snapshot";
import { formValues, parseForm, type FieldErrors, type FormValues } from "../domain/forms";
import { parseEntryReference } from "../domain/entry-reference";
import { attempt, statusOf } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { requestNow } from "../services/platform/clock.server";
import { uploadsFrom } from "../services/attachments/attachments.server";
import { ENTRY_DOCUMENTS_FIELD as DOCUMENTS_FIELD } from "../domain/attachments";
import { AttachmentList, FileUpload } from "../components/Attachments";
import {
  browserKeyCookie,
  removeEntryDocument,
  formMeta,
  isPendingToken,
  keepUnsavedSection,
  readBrowserKey,
  restoreSection,
  saveSection,
  SECTION_CONFLICT_MESSAGE,
  SectionConflict,
  sectionPage,
  type RestoreOutcome,
  type EntryDocuments,
  type SectionOptions,
} from "../services/entries/entries.server";

// /entries/:ref/:section: one section of the entry. "Save and continue" saves whatever is
// written (a partial draft is fine) and goes back to the task list.
//
// Nothing typed is lost:
// - The action reads the form BEFORE looking at who is signed in. If the session has expired,
//   the form is kept (pending_save) and the person is sent to sign in, then back here with
//   ?restore=<token>, where the loader saves it for them.
// - A form read before a colleague changed this section is refused as a conflict: their
//   version is shown, and the person's own text stays in the form.
// - Any refusal (too many words, a 100 KB paste, the closing time) shows the text again.
// - On the delivery section, when the challenge takes supporting documents, files can be added
//   with the answers (a refused file saves nothing and shows the answers again) and taken off
//   with a button that keeps what was typed, unsaved, in the form.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ error, data: loaderData, matches }) => [
  {
    title:
      `${loaderData?.state?.errors ? "Error: " : ""}${pageTitle(loaderData ? `${loaderData.sectionTitle} - ${loaderData.header.reference}` : "Your entry", error, matches)}`.replace(
        /^Error: Error: /,
        "Error: ",
      ),
  },
];

const RESTORED_MESSAGE = "We saved the changes you made before you were signed out";

function routeParams(params: { ref?: string; section?: string }): { reference: string; section: SectionKey } {
  const reference = parseEntryReference(params.ref);
  if (!reference || !isSectionKey(params.section)) throw notFound();
  return { reference, section: params.section };
}

/** What the form shows besides the saved answers: a refusal, a conflict, a kept save. */
interface FormState {
  errors?: FieldErrors;
  values?: FormValues;
  version?: number | null;
  base?: string | null;
  restoreToken?: string | null;
  theirs?: SummarySection;
  notice?: string;
  keptNotice?: boolean;
}

function stateFromRestore(restore: RestoreOutcome | null): FormState | null {
  if (!restore) return null;
  switch (restore.outcome) {
    case "saved":
      return { notice: RESTORED_MESSAGE };
    case "invalid":
      return { ...restore, restoreToken: restore.token, keptNotice: true };
    case "conflict":
      return { ...restore, restoreToken: restore.token, errors: { form: SECTION_CONFLICT_MESSAGE } };
    case "locked":
      return { errors: { form: restore.message }, values: restore.values, keptNotice: true };
  }
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const { reference, section } = routeParams(args.params);
  const now = requestNow(args.request);
  const token = new URL(args.request.url).searchParams.get("restore");
  if (isPendingToken(token)) {
    const restored = await restoreSection(
      actorFrom(user, args),
      { reference, section, token, browserKey: readBrowserKey(args.request) },
      now,
    );
    return { ...restored.page, state: stateFromRestore(restored.restore) };
  }
  const page = await sectionPage(actorFrom(user, args), reference, section, now);
  return { ...page, state: null as FormState | null };
}

export async function action(args: ActionFunctionArgs) {
  // The form first: if the session has expired, this is all that is left of what was typed.
  const formData = await args.request.formData();
  const { reference, section } = routeParams(args.params);
  const now = requestNow(args.request);
  const user = await getCurrentUser(args);
  if (!user) {
    const kept = await keepUnsavedSection(
      {
        reference,
        section,
        values: formValues(formData, ARRAY_FIELDS),
        browserKey: readBrowserKey(args.request),
        ip: args.context.ip,
      },
      now,
    );
    if (kept.outcome === "rate_limited") {
      throw new Response("Too many requests. Sign in again, then save your changes.", {
        status: 429,
        headers: { "Retry-After": String(kept.retryAfterSeconds) },
      });
    }
    return redirect(`/sign-in?returnTo=${encodeURIComponent(kept.returnTo)}`, {
      headers: { "Set-Cookie": browserKeyCookie(kept.browserKey) },
    });
  }

  const removing = Number(formData.get("removeDocument"));
  if (Number.isSafeInteger(removing) && removing > 0) {
    const typed = formValues(formData, ARRAY_FIELDS);
    const removed = await attempt(
      removeEntryDocument(actorFrom(user, args), { reference, attachmentId: removing }, now),
    );
    const kept = { values: sectionValuesOnly(section, typed), ...formMeta(typed) };
    if (!removed.ok) {
      const { error } = removed;
      const errors: FieldErrors = error.fields ?? { [error.field ?? "form"]: error.message };
      return data({ errors, ...kept } satisfies FormState, { status: statusOf(error) });
    }
    return data({ notice: `“${removed.value}” has been removed`, ...kept } satisfies FormState);
  }

  const form = parseForm(sectionSchema(section), formData, { arrays: ARRAY_FIELDS });
  const meta = formMeta(form.values);
  const restoreToken = isPendingToken(valueOf(form.values, "restore")) ? valueOf(form.values, "restore") : null;
  const values = sectionValuesOnly(section, form.values);
  if (!form.ok) {
    return data({ errors: form.errors, values, ...meta, restoreToken } satisfies FormState, { status: 400 });
  }
  const saved = await attempt(
    saveSection(
      actorFrom(user, args),
      {
        reference,
        input: form.data,
        ...meta,
        clearsPendingToken: restoreToken,
        uploads: await uploadsFrom(formData, DOCUMENTS_FIELD),
      },
      now,
    ),
  );
  if (saved.ok) return redirect(`/entries/${reference}`);
  const { error } = saved;
  if (error instanceof SectionConflict) {
    // Their version is shown, and the form now carries what a deliberate save over it must send.
    return data(
      {
        errors: { form: error.message },
        values,
        version: error.version,
        base: error.base,
        theirs: error.theirs,
        restoreToken,
      } satisfies FormState,
      { status: 409 },
    );
  }
  const errors: FieldErrors = error.fields ?? { [error.field ?? "form"]: error.message };
  return data({ errors, values, ...meta, restoreToken } satisfies FormState, { status: statusOf(error) });
}

export default function EntrySection() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormState | undefined;
  const state: FormState = actionData ?? page.state ?? {};
  const { header, section, sectionTitle } = page;
  const taskList = `/entries/${header.reference}`;
  const values = state.values ?? page.values;
  const errors = state.errors;
  const locked = header.lockMessage !== null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={taskList} className="govuk-back-link">
          Back to your entry
        </Link>
        {state.notice ? (
          <NotificationBanner success>
            <p className="govuk-notification-banner__heading">{state.notice}</p>
          </NotificationBanner>
        ) : null}
        <ErrorSummary errors={errors} order={["form", ...SECTION_FIELDS[section], DOCUMENTS_FIELD, "completed"]} />
        {state.keptNotice ? (
          <InsetText>
            You were signed out before these changes were saved. They are shown below but have not been saved yet.
          </InsetText>
        ) : null}
        <span className="govuk-caption-l">
          {header.reference} · {header.title || "Your entry"}
        </span>
        <h1 className="govuk-heading-l">{sectionTitle}</h1>

        {state.theirs ? (
          <>
            <h2 className="govuk-heading-m">Their version</h2>
            <SectionAnswers section={state.theirs} />
            <h2 className="govuk-heading-m">Your version</h2>
            <p className="govuk-body">
              If you save this section again, your answers below will replace your colleague’s.
            </p>
          </>
        ) : null}

        {locked && !state.values ? (
          <>
            <InsetText>{header.lockMessage}</InsetText>
            <SectionAnswers section={page.summary} />
            <p className="govuk-body">
              <Link className="govuk-link" to={taskList}>
                Return to your entry
              </Link>
            </p>
          </>
        ) : (
          <Form
            method="post"
            noValidate
            key={`${header.reference}/${section}`}
            encType={page.documents ? "multipart/form-data" : undefined}
          >
            {page.documents ? (
              // Pressing Enter in the form saves it, never removes a file: the first submit button
              // of a form is the one Enter presses.
              <button type="submit" hidden tabIndex={-1}>
                Save and continue
              </button>
            ) : null}
            <input type="hidden" name="version" value={String(state.version ?? page.version)} />
            <input type="hidden" name="base" value={state.base ?? page.base} />
            {state.restoreToken ? <input type="hidden" name="restore" value={state.restoreToken} /> : null}
            <SectionFields section={section} values={values} errors={errors} options={page.options} />
            {page.documents ? (
              <SupportingDocuments documents={page.documents} error={errors?.[DOCUMENTS_FIELD]} />
            ) : null}
            <Radios
              name="completed"
              legend={COMPLETED_QUESTION}
              legendSize="m"
              error={errors?.completed}
              defaultValue={valueOf(values, "completed")}
              options={[
                { value: "yes", text: "Yes, I’ve completed this section" },
                { value: "no", text: "No, I’ll come back to it later" },
              ]}
            />
            <Button>Save and continue</Button>
          </Form>
        )}
      </div>
    </div>
  );
}

function SupportingDocuments({ documents, error }: { documents: EntryDocuments; error?: string }) {
  const room = documents.maxFiles - documents.files.length;
  return (
    <>
      <h2 className="govuk-heading-m">Supporting documents (optional)</h2>
      {documents.files.length ? (
        <AttachmentList
          attachments={documents.files}
          actions={(file) => (
            <button
              type="submit"
              name="removeDocument"
              value={String(file.id)}
              className="app-link-button"
              data-upload-progress="off"
            >
              Remove<span className="govuk-visually-hidden"> {file.fileName}</span>
            </button>
          )}
        />
      ) : (
        <p className="govuk-body">You have not added any supporting documents.</p>
      )}
      {room > 0 || error ? (
        <FileUpload
          name={DOCUMENTS_FIELD}
          label="Add supporting documents"
          hint={`For example a quote, a plan or letters of support. You can add up to ${documents.maxFiles} ${
            documents.maxFiles === 1 ? "file" : "files"
          } in all${documents.files.length ? ` (${room} more)` : ""}. They are saved when you save this section.`}
          multiple={documents.maxFiles > 1}
          maxBytes={documents.maxFileBytes}
          error={error}
        />
      ) : (
        <p className="govuk-body">
          This entry has as many supporting documents as the challenge takes ({documents.maxFiles}). Remove one to add
          another.
        </p>
      )}
    </>
  );
}

function TextAnswer({ name, values, errors }: { name: TextFieldName; values: FormValues; errors?: FieldErrors }) {
  const field = TEXT_FIELDS[name];
  if (field.singleLine) {
    return (
      <TextInput
        name={name}
        label={field.label}
        labelSize="m"
        hint={field.hint}
        error={errors?.[name]}
        defaultValue={valueOf(values, name)}
      />
    );
  }
  return (
    <Textarea
      name={name}
      label={field.label}
      labelSize="m"
      hint={field.hint}
      error={errors?.[name]}
      defaultValue={valueOf(values, name)}
      maxWords={field.maxWords}
      rows={field.maxWords && field.maxWords > 200 ? 10 : 5}
      spellCheck
    />
  );
}

function SectionFields({
  section,
  values,
  errors,
  options,
}: {
  section: SectionKey;
  values: FormValues;
  errors?: FieldErrors;
  options: SectionOptions;
}) {
  switch (section) {
    case "idea":
    case "need":
    case "delivery":
      return (
        <>
          {(SECTION_FIELDS[section] as readonly TextFieldName[]).map((name) => (
            <TextAnswer key={name} name={name} values={values} errors={errors} />
          ))}
        </>
      );
    case "priority":
      return (
        <>
          <Radios
            name="priorityArea"
            legend="Which priority area does your idea address?"
            legendSize="m"
            hint="Each priority area was chosen by the Citizens Panel and is led by a sponsor council. Choose the one your idea does most for."
            error={errors?.priorityArea}
            defaultValue={valueOf(values, "priorityArea")}
            options={options.priorityAreas.map((area) => ({
              value: String(area.id),
              text: area.name,
              hint: `${area.description}${area.description ? " " : ""}Sponsor council: ${area.sponsor}.`,
            }))}
          />
          <Checkboxes
            name="principles"
            legend="Which of the cross-cutting principles does your idea meet?"
            legendSize="m"
            hint="Select all that apply."
            error={errors?.principles}
            defaultValues={valuesOf(values, "principles")}
            options={options.principles.map((principle) => ({
              value: String(principle.id),
              text: principle.name,
              hint: principle.description || undefined,
            }))}
          />
        </>
      );
    case "where":
      return (
        <Checkboxes
          name="areas"
          legend="Which council areas would your idea work in?"
          legendSize="m"
          hint="Select all that apply. The first seven are the combined authority’s constituent councils."
          error={errors?.areas}
          defaultValues={valuesOf(values, "areas")}
          options={options.localAuthorities.map((la) => ({ value: la.code, text: la.name }))}
        />
      );
    case "declarations":
      return (
        <>
          <Checkboxes
            name="consentShare"
            legend="Sharing your idea with councils"
            legendSize="m"
            hint="After the results are announced, the region’s councils may take forward ideas with potential and link them to local work. Your answer does not affect judging."
            error={errors?.consentShare}
            defaultValues={valuesOf(values, "consentShare")}
            options={[
              {
                value: "yes",
                text: "I agree that this idea can be shared with the region’s councils after the results",
              },
            ]}
          />
          <Checkboxes
            name="consentContact"
            legend="Sharing your contact details"
            legendSize="m"
            hint="So that a council interested in the idea can get in touch with you."
            error={errors?.consentContact}
            defaultValues={valuesOf(values, "consentContact")}
            options={[{ value: "yes", text: "I agree that councils can be given my organisation’s contact details" }]}
          />
          <Checkboxes
            name="declaration"
            legend="Declaration"
            legendSize="m"
            hint={
              <>
                The programme team uses the information in your entry to run the challenge, as described in the{" "}
                <Link className="govuk-link" to="/privacy">
                  privacy notice
                </Link>
                . You must confirm the declaration to submit your entry.
              </>
            }
            error={errors?.declaration}
            defaultValues={valuesOf(values, "declaration")}
            options={[
              {
                value: "yes",
                text: "I confirm that the information in this entry is true to the best of my knowledge, that the idea is my organisation’s own, and that I have read the privacy notice",
              },
            ]}
          />
        </>
      );
  }
}

export const ErrorBoundary = RouteErrorBoundary;
