import { Link } from "@remix-run/react";
import { Fragment, type ReactNode } from "react";

export function NotificationBanner({
  title = "Important",
  success,
  children,
}: {
  title?: string;
  success?: boolean;
  children: ReactNode;
}) {
  return (
    <div
      className={`govuk-notification-banner${success ? " govuk-notification-banner--success" : ""}`}
      role={success ? "alert" : "region"}
      aria-labelledby="govuk-notification-banner-title"
      data-module="govuk-notification-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="govuk-notification-banner-title">
          {success ? "Success" : title}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

export function Panel({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="govuk-panel govuk-panel--confirmation">
      <h1 className="govuk-panel__title">{title}</h1>
      {children ? <div className="govuk-panel__body">{children}</div> : null}
    </div>
  );
}

export interface SummaryRow {
  key: ReactNode;
  value: ReactNode;
  /** A Change link (the usual action), or anything else that acts on the row (a Remove button). */
  action?: { href: string; text: string; visuallyHidden: string } | { content: ReactNode };
}

/**
 * The GOV.UK summary list. Rows left out (`null`, `false`) are skipped, so a page can show a row
 * only when it applies. Where some rows have an action and others do not, the others are marked
 * as GOV.UK asks (govuk-summary-list__row--no-actions) so the columns still line up.
 */
export function SummaryList({
  rows,
  noBorder = false,
}: {
  rows: readonly (SummaryRow | null | false)[];
  noBorder?: boolean;
}) {
  const shown = rows.filter((row): row is SummaryRow => Boolean(row));
  const anyAction = shown.some((row) => row.action);
  return (
    <dl className={noBorder ? "govuk-summary-list govuk-summary-list--no-border" : "govuk-summary-list"}>
      {shown.map((row, i) => (
        <div
          className={`govuk-summary-list__row${anyAction && !row.action ? " govuk-summary-list__row--no-actions" : ""}`}
          key={i}
        >
          <dt className="govuk-summary-list__key">{row.key}</dt>
          <dd className="govuk-summary-list__value">{row.value}</dd>
          {!row.action ? null : "content" in row.action ? (
            <dd className="govuk-summary-list__actions">{row.action.content}</dd>
          ) : (
            <dd className="govuk-summary-list__actions">
              <Link className="govuk-link" to={row.action.href}>
                {row.action.text}
                <span className="govuk-visually-hidden"> {row.action.visuallyHidden}</span>
              </Link>
            </dd>
          )}
        </div>
      ))}
    </dl>
  );
}

/**
 * The GOV.UK summary card: a titled box with an optional "Change" link, around a summary list or
 * other content. Its title is a heading at the level the page needs (h2 unless it sits under one).
 */
export function SummaryCard({
  title,
  headingLevel = 2,
  change,
  children,
}: {
  title: string;
  headingLevel?: 2 | 3;
  change?: { href: string; text?: string };
  children: ReactNode;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="govuk-summary-card">
      <div className="govuk-summary-card__title-wrapper">
        <Heading className="govuk-summary-card__title">{title}</Heading>
        {change ? (
          <ul className="govuk-summary-card__actions">
            <li className="govuk-summary-card__action">
              <Link className="govuk-link" to={change.href}>
                {change.text ?? "Change"}
                <span className="govuk-visually-hidden"> {title.toLowerCase()}</span>
              </Link>
            </li>
          </ul>
        ) : null}
      </div>
      <div className="govuk-summary-card__content">{children}</div>
    </div>
  );
}

export function InsetText({ children }: { children: ReactNode }) {
  return <div className="govuk-inset-text">{children}</div>;
}

export function WarningText({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-warning-text">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        {children}
      </strong>
    </div>
  );
}

/**
 * Text a person typed, as GOV.UK paragraphs: a blank line starts a new paragraph and a single line
 * break stays a line break (as on check your answers). `notAnswered` stands in for empty text.
 */
export function Paragraphs({
  text,
  notAnswered = <span className="govuk-hint">Not answered</span>,
}: {
  text: string;
  notAnswered?: ReactNode;
}) {
  const paragraphs = text.split(/\n{2,}/).filter((p) => p.trim());
  if (!paragraphs.length) return <>{notAnswered}</>;
  return (
    <>
      {paragraphs.map((paragraph, i) => (
        <p className="govuk-body" key={i}>
          {paragraph.split("\n").map((line, j) => (
            <Fragment key={j}>
              {j > 0 ? <br /> : null}
              {line}
            </Fragment>
          ))}
        </p>
      ))}
    </>
  );
}

/**
 * The GOV.UK details component: a summary that opens to show more, for help most people do not
 * need. The browser's own <details>, so it opens with JavaScript off too.
 */
export function Details({ summary, children }: { summary: ReactNode; children: ReactNode }) {
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{summary}</span>
      </summary>
      <div className="govuk-details__text">{children}</div>
    </details>
  );
}
