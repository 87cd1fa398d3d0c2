import { Fragment } from "react";
import { AttachmentList } from "./Attachments";
import { SummaryList, type SummaryRow as ListRow } from "./content";
import { NOT_ANSWERED, type SummaryRow, type SummarySection } from "../domain/entry-snapshot";

// An entry's answers as GOV.UK summary lists: on check your answers (with Change links), in a
// conflict (the colleague's version), and wherever an entry is read back. Line breaks the person
// typed are kept as <br> (inline styles are not allowed by the Content-Security-Policy).

function Lines({ text }: { text: string }) {
  const lines = text.split("\n");
  return (
    <>
      {lines.map((line, i) => (
        <Fragment key={i}>
          {i > 0 ? <br /> : null}
          {line}
        </Fragment>
      ))}
    </>
  );
}

export function AnswerValue({ row }: { row: SummaryRow }) {
  if (row.text.length === 0) return <>{NOT_ANSWERED}</>;
  if (row.files) return <AttachmentList attachments={row.files} />;
  if (row.list) {
    return (
      <ul className="govuk-list">
        {row.text.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    );
  }
  if (row.text.length === 1) return <Lines text={row.text[0]!} />;
  return (
    <>
      {row.text.map((paragraph, i) => (
        <p key={i} className="govuk-body">
          <Lines text={paragraph} />
        </p>
      ))}
    </>
  );
}

export function SectionAnswers({ section, changeHref }: { section: SummarySection; changeHref?: string }) {
  const rows: ListRow[] = section.rows.map((row) => ({
    key: row.label,
    value: <AnswerValue row={row} />,
    action: changeHref
      ? { href: `${changeHref}#${row.field}`, text: "Change", visuallyHidden: row.label.toLowerCase() }
      : undefined,
  }));
  return <SummaryList rows={rows} />;
}
