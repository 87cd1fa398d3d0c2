import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { NotificationBanner } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { isItemKind, isOrdered, ITEM_WORDS, parseId } from "../domain/challenge-setup";
import { parseForm } from "../domain/forms";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { challengeForStaff, challengeIdParam, moveChallengeItem } from "../services/challenges/setup.server";
import { Table } from "../components/Table";

// /staff/challenge/:id/:section: one of a challenge's lists (priority areas, principles, prize
// tiers, questions, key dates), to add to, change, and put in order.

export const meta: MetaFunction<typeof loader> = ({ data: page, error, matches }) => [
  { title: pageTitle(page ? page.words.plural : "Challenge", error, matches) },
];

const NOTICES: Record<string, string> = {
  added: "Added",
  saved: "Your changes have been saved",
  removed: "Removed",
};

function sectionParam(value: string | undefined) {
  if (!isItemKind(value)) throw notFound();
  return value;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const kind = sectionParam(args.params.section);
  const challenge = await challengeForStaff(actorFrom(user, args), challengeIdParam(args.params.id));
  const notice = new URL(args.request.url).searchParams.get("notice");
  return {
    id: challenge.id,
    title: challenge.title,
    published: challenge.status !== "draft",
    kind,
    words: ITEM_WORDS[kind],
    ordered: isOrdered(kind),
    items: challenge.items[kind].map(({ id, title, detail }) => ({ id, title, detail })),
    notice: notice && NOTICES[notice] ? NOTICES[notice] : null,
  };
}

const moveSchema = z.object({
  itemId: z.string({ error: "Choose something to move" }).transform((s, ctx) => {
    const id = parseId(s);
    if (id === null) {
      ctx.addIssue({ code: "custom", message: "Choose something to move" });
      return z.NEVER;
    }
    return id;
  }),
  direction: z.enum(["up", "down"], { error: "Choose whether to move it up or down" }),
});

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const kind = sectionParam(args.params.section);
  const id = challengeIdParam(args.params.id);
  const form = parseForm(moveSchema, await args.request.formData());
  if (!form.ok)
    return data({ errors: { form: Object.values(form.errors)[0] ?? "Choose something to move" } }, { status: 400 });
  const result = await attempt(
    moveChallengeItem(actorFrom(user, args), id, kind, form.data.itemId, form.data.direction),
  );
  if (!result.ok) return formError(result.error, {});
  return redirect(`/staff/challenge/${id}/${kind}`);
}

export default function ChallengeSection() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/staff/challenge/${page.id}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Link to={base} className="govuk-back-link">
          Back to the challenge
        </Link>
        <ErrorSummary errors={actionData?.errors as Record<string, string> | undefined} />
        {page.notice ? (
          <NotificationBanner success>
            <h3 className="govuk-notification-banner__heading">{page.notice}</h3>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">{page.title}</span>
        <h1 className="govuk-heading-l">{page.words.plural}</h1>
        {page.published ? (
          <p className="govuk-body">This challenge is published: changes appear on the challenge page at once.</p>
        ) : null}
        {page.items.length ? (
          <Table
            caption={page.ordered ? "In the order the challenge page shows them" : "In date order"}
            scroll="Items in this section"
            rows={page.items}
            rowKey={(item) => item.id}
            columns={[
              {
                header: page.kind === "faq" ? "Question" : page.kind === "key-dates" ? "What happens" : "Name",
                rowHeader: true,
                cell: (item) => item.title,
              },
              {
                header: page.kind === "faq" ? "Answer" : page.kind === "key-dates" ? "Date" : "Details",
                cell: (item) => item.detail,
              },
              {
                header: <span className="govuk-visually-hidden">Actions</span>,
                cell: (item, index) => (
                  <>
                    <Link className="govuk-link" to={`${base}/${page.kind}/${item.id}`}>
                      Change<span className="govuk-visually-hidden"> {item.title}</span>
                    </Link>
                    {page.ordered ? (
                      <div className="govuk-button-group govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                        {index > 0 ? <MoveButton itemId={item.id} title={item.title} direction="up" /> : null}
                        {index < page.items.length - 1 ? (
                          <MoveButton itemId={item.id} title={item.title} direction="down" />
                        ) : null}
                      </div>
                    ) : null}
                  </>
                ),
              },
            ]}
          />
        ) : (
          <p className="govuk-body">There are none yet.</p>
        )}
        <Link
          to={`${base}/${page.kind}/new`}
          role="button"
          draggable={false}
          className="govuk-button"
          data-module="govuk-button"
        >
          Add {page.words.article} {page.words.singular}
        </Link>
      </div>
    </div>
  );
}

function MoveButton({ itemId, title, direction }: { itemId: number; title: string; direction: "up" | "down" }) {
  return (
    <Form method="post" className="app-inline-form">
      <input type="hidden" name="itemId" value={itemId} />
      <Button variant="secondary" name="direction" value={direction} className="govuk-!-margin-bottom-0">
        Move {direction}
        <span className="govuk-visually-hidden"> {title}</span>
      </Button>
    </Form>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
