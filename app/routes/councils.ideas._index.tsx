import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { PriorityAreaFilter } from "../components/FilterSelects";
import { Button, Select, TextInput } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { pageHref, Pagination } from "../components/Pagination";
import {
  ALL_COUNCILS,
  AWARD_FILTERS,
  AWARD_LABELS,
  councilIdeasSearch,
  parseCouncilIdeaQuery,
  SORT_LABELS,
  SORTS,
  splitHighlight,
  STAGE_FILTERS,
  STAGE_LABELS,
} from "../domain/council-search";
import { ORGANISATION_TYPES } from "../domain/organisation-types";
import { formatDate } from "../domain/time";
import { listSharedIdeas, type IdeaRow } from "../services/councils/ideas.server";
import { Tag } from "../components/StatusTag";

// /councils/ideas: the ideas organisations agreed to share with councils, once a challenge's
// results are published. Search (PostgreSQL full-text, ranked, matches highlighted), filters and
// sort are a GET form, so every view has an address that can be bookmarked and shared, and the
// page works without JavaScript. The officer's own council is the default council filter.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => {
  const page = loaderData && "page" in loaderData && loaderData.page > 1 ? ` (page ${loaderData.page})` : "";
  return [{ title: pageTitle(`Shared ideas${page}`, error, matches) }];
};

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "council_officer");
  const query = parseCouncilIdeaQuery(new URL(args.request.url).searchParams);
  const list = await listSharedIdeas(actorFrom(user, args), query);
  // The page sends the browser what it shows of each idea, no more: the list is the app's
  // busiest page for officers, and every field is serialised into it a second time for React.
  return list.published ? { ...list, rows: list.rows.map(listItem) } : list;
}

/** What the list shows of an idea: its link, title, summary, one line of details and interest. */
function listItem(row: IdeaRow) {
  const details = [
    row.reference,
    `${row.organisationName} (${row.organisationTypeLabel})`,
    row.priorityArea,
    row.councils.join(", "),
    row.submittedAt ? `submitted ${formatDate(row.submittedAt)}` : null,
  ];
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    summary: row.summary,
    details: details.filter(Boolean).join(" · "),
    award: row.award,
    awardLabel: row.awardLabel,
    interest: row.interests.map((i) => `${i.council} (${i.statusLabel.toLowerCase()})`).join("; "),
  };
}

/** Text with the search's matching words in <mark>; React escapes every part. */
function Highlighted({ text }: { text: string }) {
  return (
    <>
      {splitHighlight(text).map((part, i) =>
        part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
      )}
    </>
  );
}

export default function SharedIdeas() {
  const list = useLoaderData<typeof loader>();
  const location = useLocation();
  if (!list.published) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{list.officer.localAuthorityName}</span>
          <h1 className="govuk-heading-l">Shared ideas</h1>
          <p className="govuk-body">There are no ideas to see yet.</p>
          <p className="govuk-body">
            The ideas entered to the challenge will be shared with councils once the winners are announced, if the
            organisations that entered them agreed. We will email you when they are ready.
          </p>
        </div>
      </div>
    );
  }
  const { officer, filters, council, sort, options, rows, total, page, pageCount } = list;
  const searching = filters.q !== "";
  const filtered = !!(filters.q || filters.area || filters.type || filters.award || filters.stage || filters.council);
  const search = councilIdeasSearch(filters);
  const sortOptions = SORTS.filter((s) => s !== "relevance" || searching);

  return (
    <>
      <span className="govuk-caption-l">{officer.localAuthorityName}</span>
      <h1 className="govuk-heading-l">Shared ideas</h1>
      <p className="govuk-body">
        Ideas entered to the challenge whose organisations agreed to share them with councils. Record your
        council&apos;s interest in an idea to link it to a local initiative; other councils see who is interested.
      </p>

      <Form method="get" className="govuk-!-margin-bottom-6" aria-label="Search and filter ideas">
        <TextInput
          name="q"
          type="search"
          label="Search ideas"
          hint="Words from the title, summary or description, for example repair cafe. Use quotes for a phrase."
          spellCheck={false}
          defaultValue={filters.q}
          width="two-thirds"
        />
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="council"
              label="Council area"
              hint="Ideas from organisations in the council, or working there"
              defaultValue={filters.council ?? officer.localAuthorityCode}
              options={[
                { value: ALL_COUNCILS, text: "All councils" },
                ...options.councils.map((c) => ({
                  value: c.code,
                  text: c.name,
                })),
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <PriorityAreaFilter areas={options.priorityAreas} value={filters.area} />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="type"
              label="Organisation type"
              placeholder="Any type"
              defaultValue={filters.type ?? ""}
              options={ORGANISATION_TYPES.map((t) => ({
                value: t.value,
                text: t.label,
              }))}
            />
          </div>
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="award"
              label="Award"
              placeholder="Any award or none"
              defaultValue={filters.award ?? ""}
              options={AWARD_FILTERS.map((a) => ({
                value: a,
                text: AWARD_LABELS[a],
              }))}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="stage"
              label="Stage"
              hint="How far councils have taken the idea"
              placeholder="Any stage"
              defaultValue={filters.stage ?? ""}
              options={STAGE_FILTERS.map((s) => ({
                value: s,
                text: STAGE_LABELS[s],
              }))}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="sort"
              label="Sort by"
              hint={searching ? undefined : "Best match applies when you search"}
              defaultValue={sort}
              options={sortOptions.map((s) => ({
                value: s,
                text: SORT_LABELS[s],
              }))}
            />
          </div>
        </div>
        <div className="govuk-button-group">
          <Button variant="secondary" preventDoubleClick={false}>
            Show ideas
          </Button>
          {filtered ? (
            <Link className="govuk-link" to="/councils/ideas">
              Clear search and filters
            </Link>
          ) : null}
        </div>
      </Form>

      <p className="govuk-body" role="status">
        {total === 1 ? "1 idea" : `${total} ideas`}
        {council ? ` from or for ${council.name}` : " across all councils"}
        {searching ? ` matching ‘${filters.q}’` : ""}.{" "}
        {total > 0 ? (
          <a className="govuk-link" href={`/councils/ideas.csv${search}`} download>
            Download these ideas as a spreadsheet (CSV)
          </a>
        ) : null}
      </p>

      {rows.length === 0 ? (
        <p className="govuk-body">
          {total === 0
            ? council
              ? "No ideas match. Try another search, or choose All councils."
              : "No ideas match. Try other words or fewer filters."
            : "There are no ideas on this page."}
        </p>
      ) : (
        <ul className="govuk-list" aria-label={pageCount > 1 ? `Ideas, page ${page} of ${pageCount}` : "Ideas"}>
          {rows.map((row) => (
            <li key={row.id} className="govuk-!-margin-bottom-6">
              <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
                <Link className="govuk-link" to={`/councils/ideas/${row.reference}`}>
                  <Highlighted text={row.title} />
                </Link>
              </h2>
              <p className="govuk-body-s govuk-!-margin-bottom-1">{row.details}</p>
              {row.award !== "other" ? (
                <Tag colour={row.award === "winner" ? "govuk-tag--green" : "govuk-tag--blue"}>{row.awardLabel}</Tag>
              ) : null}
              <p className="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-1">
                <Highlighted text={row.summary} />
              </p>
              {row.interest ? <p className="govuk-body-s">Councils interested: {row.interest}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination
        page={page}
        count={pageCount}
        hrefFor={(p) => pageHref(location.pathname, location.search, p)}
        label="Pages of ideas"
      />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
