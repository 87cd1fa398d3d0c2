import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useMemo, useRef, useState, type FormEvent } from "react";
import { z } from "zod";
import { actorFrom, requireUser } from "../auth/guards.server";
import { sessionCookie } from "../auth/session.server";
import { InsetText, NotificationBanner } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, TextInput, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { browserPasskeyError, postForPasskey, usePasskeySupport } from "../components/passkey-client";
import { Table } from "../components/Table";
import { optionalText, parseForm, type FieldErrors, type FormValues } from "../domain/forms";
import { PASSKEY_NAME_MAX, parsePasskeyResponse, registrationResponseSchema } from "../domain/passkeys";
import { formatDate, formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { isAppError } from "../services/app-error.server";
import { addPasskey, listPasskeys, PASSKEY_NOT_ACCEPTED, removePasskey } from "../services/accounts/passkeys.server";

// /account/passkeys: the person's passkeys, adding one and removing one. A passkey is a second
// factor here (after the password), like the authenticator app at /account/two-factor. Adding
// needs JavaScript, because only the browser's WebAuthn API can make a passkey: the page asks
// /account/passkeys/options for a challenge, the browser makes the passkey, and the answer comes
// back to this page's action as an ordinary form post (intent=add). Without JavaScript the page
// says so and points to the authenticator app. Removing is a plain form.

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Passkeys", error, matches) }];

const NOTICES = {
  added: "Passkey added. You have been signed out on every other device.",
  removed: "Passkey removed. You have been signed out on every other device.",
} as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const passkeys = await listPasskeys(actorFrom(user, args));
  const notice = new URL(args.request.url).searchParams.get("notice");
  return {
    passkeys: passkeys.map((p) => ({
      id: p.id,
      name: p.name,
      added: formatDate(p.createdAt),
      lastUsed: p.lastUsedAt ? formatDateTime(p.lastUsedAt) : "Not used yet",
    })),
    notice: notice && Object.hasOwn(NOTICES, notice) ? NOTICES[notice as keyof typeof NOTICES] : null,
  };
}

const schema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("add"),
      name: optionalText("the name", PASSKEY_NAME_MAX),
      response: z.string({ error: PASSKEY_NOT_ACCEPTED }),
    }),
    z.object({
      intent: z.literal("remove"),
      id: z
        .string({ error: "Reload the page and try again" })
        .regex(/^[A-Za-z0-9_-]{1,1400}$/, "Reload the page and try again"),
    }),
  ],
  { error: "Reload the page and try again" },
);

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) {
    const { intent: intentError, response: responseError, ...errors } = form.errors;
    const formMessage = intentError ?? responseError;
    return data(
      { errors: formMessage ? { form: formMessage, ...errors } : errors, values: form.values },
      { status: 400 },
    );
  }
  const caller = { actor: actorFrom(user, args), sessionId: user.sessionId };
  const values = { name: form.data.intent === "add" ? form.data.name : "" };

  if (form.data.intent === "remove") {
    try {
      const removed = await attempt(removePasskey({ ...caller, id: form.data.id }));
      if (!removed.ok) return formError(removed.error, values);
    } catch (error) {
      // Already removed (a second press), or never the person's: the list as it is now says so.
      if (isAppError(error, "not_found")) return redirect("/account/passkeys");
      throw error;
    }
    return redirect("/account/passkeys?notice=removed");
  }

  const response = parsePasskeyResponse(registrationResponseSchema, form.data.response);
  if (!response) return data({ errors: { form: PASSKEY_NOT_ACCEPTED }, values }, { status: 400 });
  const added = await attempt(
    addPasskey({ ...caller, response, name: form.data.name, userAgent: args.request.headers.get("user-agent") }),
  );
  if (!added.ok) return formError(added.error, values);
  const { session } = added.value;
  return redirect("/account/passkeys?notice=added", {
    headers: { "Set-Cookie": sessionCookie(session.token, session.expiresAt) },
  });
}

export default function Passkeys() {
  const { passkeys, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [browserError, setBrowserError] = useState<string | null>(null);
  // One object per message: the error summary moves focus to itself whenever it gets a new one.
  const ownErrors = useMemo(() => (browserError ? { form: browserError } : null), [browserError]);
  const errors: FieldErrors | undefined = ownErrors ?? actionData?.errors;
  const values = actionData?.values as FormValues | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/account" className="govuk-back-link">
          Back to your account
        </Link>
        {notice && !errors ? (
          <NotificationBanner success>
            <p className="govuk-notification-banner__heading">{notice}</p>
          </NotificationBanner>
        ) : null}
        <ErrorSummary errors={errors} order={["form", "name"]} />
        <h1 className="govuk-heading-l">Passkeys</h1>
        <p className="govuk-body">
          A passkey lets you confirm it is you with your fingerprint, face, screen lock or a security key, instead of
          typing a code from an authenticator app. You still sign in with your password first.
        </p>

        <h2 className="govuk-heading-m">Your passkeys</h2>
        {passkeys.length ? (
          <Table
            caption="Your passkeys"
            hideCaption
            rows={passkeys}
            rowKey={(p) => p.id}
            columns={[
              { header: "Name", rowHeader: true, cell: (p) => p.name },
              { header: "Added", cell: (p) => p.added },
              { header: "Last used", cell: (p) => p.lastUsed },
              {
                header: <span className="govuk-visually-hidden">Action</span>,
                cell: (p) => (
                  <Form method="post" className="app-inline-form">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="id" value={p.id} />
                    <Button variant="secondary" className="govuk-!-margin-bottom-0">
                      Remove<span className="govuk-visually-hidden"> {p.name}</span>
                    </Button>
                  </Form>
                ),
              },
            ]}
          />
        ) : (
          <p className="govuk-body">You have not added a passkey.</p>
        )}

        <h2 className="govuk-heading-m">Add a passkey</h2>
        <AddPasskey
          error={errors?.name}
          defaultName={valueOf(values, "name")}
          onBrowserError={setBrowserError}
          resetKey={passkeys.length}
        />
      </div>
    </div>
  );
}

/**
 * The form that adds a passkey, once the page has hydrated in a browser that can make one. Before
 * that (and for good without JavaScript) it says what is needed and offers the authenticator app.
 */
function AddPasskey({
  error,
  defaultName,
  onBrowserError,
  resetKey,
}: {
  error?: string;
  defaultName: string;
  onBrowserError: (message: string | null) => void;
  /** Changes when a passkey is added or removed, so that the name box starts empty again. */
  resetKey: number;
}) {
  const supported = usePasskeySupport();
  const submit = useSubmit();
  const navigation = useNavigation();
  const busy = useRef(false);

  if (supported === null) {
    return (
      <InsetText>
        You need JavaScript turned on in your browser to add a passkey. If you cannot turn it on, you can{" "}
        <Link className="govuk-link" to="/account/two-factor">
          use an authenticator app instead
        </Link>
        .
      </InsetText>
    );
  }
  if (!supported) {
    return (
      <InsetText>
        This browser cannot make passkeys. Use another browser or device, or{" "}
        <Link className="govuk-link" to="/account/two-factor">
          use an authenticator app instead
        </Link>
        .
      </InsetText>
    );
  }

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy.current || navigation.state !== "idle") return;
    busy.current = true;
    onBrowserError(null);
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    try {
      const options = await postForPasskey<{ options: PublicKeyCredentialCreationOptionsJSON }>(
        "/account/passkeys/options",
        {},
      );
      if (!options.ok) return onBrowserError(options.error);
      let answer;
      try {
        answer = await startRegistration({ optionsJSON: options.value.options });
      } catch (failure) {
        return onBrowserError(browserPasskeyError(failure, "add"));
      }
      submit({ intent: "add", name, response: JSON.stringify(answer) }, { method: "post" });
    } finally {
      busy.current = false;
    }
  }

  return (
    <Form method="post" noValidate onSubmit={(event) => void add(event)} key={resetKey}>
      <TextInput
        name="name"
        label="Name (optional)"
        hint="To help you tell your passkeys apart, for example ‘Work laptop’ or ‘Blue security key’"
        error={error}
        defaultValue={defaultName}
      />
      {/* Not the usual once-only press: a cancelled passkey prompt sends nothing, and the button
          must work again at once. `busy` keeps a second press from starting a second prompt. */}
      <Button preventDoubleClick={false}>Add a passkey</Button>
    </Form>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
