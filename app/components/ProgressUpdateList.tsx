import { formatDateTime } from "../domain/time";
import { Tag } from "./StatusTag";

// The progress updates (and, for staff, coaches' notes) on a winner's support plan, newest first
// as the service returns them. The winner's page and the staff plan show the same list; staff
// also see which entries are the winner's updates and which are notes.

export interface ProgressUpdateItem {
  id: number;
  kind: "update" | "note";
  body: string;
  authorName: string | null;
  /** A Date on the server, its JSON string in loader data. */
  createdAt: Date | string;
}

export function ProgressUpdateList({
  updates,
  empty,
  showKind = false,
}: {
  updates: ProgressUpdateItem[];
  empty: string;
  showKind?: boolean;
}) {
  if (updates.length === 0) return <p className="govuk-body">{empty}</p>;
  return (
    <ul className="govuk-list">
      {updates.map((u) => (
        <li key={u.id} className="govuk-!-margin-bottom-4">
          <p className="govuk-body-s govuk-!-margin-bottom-1">
            {showKind ? (
              <>
                <Tag colour={u.kind === "update" ? "govuk-tag--purple" : "govuk-tag--grey"}>
                  {u.kind === "update" ? "Update from the winner" : "Note"}
                </Tag>{" "}
              </>
            ) : null}
            {u.authorName ?? "Someone no longer registered"}, {formatDateTime(new Date(u.createdAt))}
          </p>
          <p className="govuk-body app-preserve-lines">{u.body}</p>
        </li>
      ))}
    </ul>
  );
}
