import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { FormattingHelp, ItemFields } from "../components/ChallengeSetup";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { isItemKind, ITEM_FIELD_ORDER, ITEM_WORDS, parseId, parseItem, type ItemKind } from "../domain/challenge-setup";
import { capitalise, formValues } from "../domain/forms";
import { attempt, formError, statusOf } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { regionCouncils } from "../services/challenges/challenges.server";
import {
  challengeForStaff,
  challengeIdParam,
  removeChallengeItem,
  saveChallengeItem,
} from "../services/challenges/setup.server";

// /staff/challenge/:id/:section/new and /staff/challenge/:id/:section/:itemId: add one item to a
// challenge's list, or change or remove one.

export const meta: MetaFunction<typeof loader> = ({ data: page, error, matches }) => [
  { title: pageTitle(page ? page.heading : "Challenge", error, matches) },
];

function sectionParam(value: string | undefined): ItemKind {
  if (!isItemKind(value)) throw notFound();
  return value;
}

/** "new", or the id of an existing item; anything else is a 404. */
function itemParam(value: string | undefined): number | null {
  if (value === "new") return null;
  const id = parseId(value);
  if (id === null) throw notFound();
  return id;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const kind = sectionParam(args.params.section);
  const itemId = itemParam(args.params.itemId);
  const [challenge, councils] = await Promise.all([
    challengeForStaff(actorFrom(user, args), challengeIdParam(args.params.id)),
    kind === "areas" ? regionCouncils() : Promise.resolve([]),
  ]);
  const item = itemId === null ? null : challenge.items[kind].find((i) => i.id === itemId);
  if (item === undefined) throw notFound();
  const words = ITEM_WORDS[kind];
  return {
    id: challenge.id,
    title: challenge.title,
    kind,
    words,
    itemId,
    heading: item ? `Change ${words.singular}` : `Add ${words.article} ${words.singular}`,
    values: item?.values ?? (kind === "prizes" ? { masterclass: "no" } : {}),
    councils,
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const kind = sectionParam(args.params.section);
  const itemId = itemParam(args.params.itemId);
  const id = challengeIdParam(args.params.id);
  const actor = actorFrom(user, args);
  const values = formValues(await args.request.formData());
  if (values.intent === "remove") {
    if (itemId === null) throw notFound();
    const result = await attempt(removeChallengeItem(actor, id, kind, itemId));
    // No values: the page shows the item as it is saved, not the remove button's form.
    if (!result.ok) {
      const { error } = result;
      return data({ errors: { [error.field ?? "form"]: error.message }, values: null }, { status: statusOf(error) });
    }
    return redirect(`/staff/challenge/${id}/${kind}?notice=removed`);
  }
  const form = parseItem(kind, values);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(saveChallengeItem(actor, id, itemId, form.data));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/challenge/${id}/${kind}?notice=${itemId === null ? "added" : "saved"}`);
}

export default function ChallengeItem() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values ?? page.values;
  const back = `/staff/challenge/${page.id}/${page.kind}`;
  const rich = page.kind === "faq" || page.kind === "areas" || page.kind === "prizes";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={back} className="govuk-back-link">
          Back to {page.words.plural.toLowerCase()}
        </Link>
        <ErrorSummary errors={errors} order={ITEM_FIELD_ORDER[page.kind]} />
        <span className="govuk-caption-l">{page.title}</span>
        <h1 className="govuk-heading-l">{page.heading}</h1>
        <Form method="post" noValidate>
          {rich ? <FormattingHelp /> : null}
          <ItemFields kind={page.kind} values={values} errors={errors} councils={page.councils} />
          <Button>{page.itemId === null ? `Add ${page.words.singular}` : "Save changes"}</Button>
        </Form>
        {page.itemId !== null ? (
          <Form method="post">
            <h2 className="govuk-heading-m">{capitalise(`remove this ${page.words.singular}`)}</h2>
            <p className="govuk-body">It will no longer appear on the challenge page.</p>
            <Button variant="warning" name="intent" value="remove">
              Remove {page.words.singular}
            </Button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
