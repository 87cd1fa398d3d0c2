import { describeKeep, type RetentionRule } from "../domain/retention";
import { Table } from "./Table";

// The retention schedule as the public reads it on the privacy notice: one row per rule of the
// schedule the retention job applies (app/domain/retention.ts), so the two cannot drift apart.

const THEN: Record<RetentionRule["then"], string> = {
  deleted: "then deleted",
  pseudonymised: "then your name and email address are replaced with a made-up one",
};

/** "30 days after the email was sent, then deleted." */
export function keepSentence(rule: RetentionRule): string {
  const keep = describeKeep(rule);
  return `${keep.charAt(0).toUpperCase()}${keep.slice(1)}, ${THEN[rule.then]}.`;
}

export function RetentionSchedule({ rules }: { rules: readonly RetentionRule[] }) {
  return (
    <Table
      caption="How long we keep each kind of record"
      captionSize="s"
      rows={rules}
      rowKey={(rule) => rule.key}
      columns={[
        { header: "Record", rowHeader: true, width: "one-third", cell: (rule) => rule.what },
        { header: "How long we keep it", width: "one-third", cell: (rule) => keepSentence(rule) },
        { header: "Why", cell: (rule) => rule.why },
      ]}
    />
  );
}
