import { Tag } from "./StatusTag";

// The flag staff pages show against an entry the person has a conflict of interest with (decision
// 050): a red tag, then the sentence saying why, so the row reads on its own in a table.

export function ConflictFlag({ warning }: { warning: string }) {
  return (
    <span className="govuk-!-display-block govuk-!-margin-top-1">
      <Tag colour="govuk-tag--red">Conflict of interest</Tag> <span className="govuk-body-s">{warning}</span>
    </span>
  );
}
