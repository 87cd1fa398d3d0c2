import type { ReactNode } from "react";
import type { SupportRequestStatus } from "../../db/schema-parts/support-requests";
import { formatPence } from "../domain/money";
import { formatDate } from "../domain/time";
import { Tag } from "./StatusTag";
import { Table } from "./Table";

// A winner's requests for support and their outcomes: on the winner's support plan page and the
// staff plan (where a waiting request links to its decision page).

const STATUS_COLOURS: Record<SupportRequestStatus, string> = {
  waiting: "govuk-tag--blue",
  approved: "govuk-tag--green",
  refused: "govuk-tag--red",
};

export interface SupportRequestRow {
  id: number;
  kindLabel: string;
  description: string;
  supplier: string;
  costPence: number;
  reason: string;
  status: SupportRequestStatus;
  statusLabel: string;
  requestedByName: string | null;
  requestedAt: string | Date;
  decidedByName: string | null;
  refusalReason: string | null;
  attachments?: readonly { id: number; fileName: string; size: string; href: string }[];
}

export function SupportRequestTable({
  requests,
  caption,
  action,
}: {
  requests: readonly SupportRequestRow[];
  caption: ReactNode;
  /** What the last column shows for a request (a link to decide it); none for the winner. */
  action?: (request: SupportRequestRow) => ReactNode;
}) {
  return (
    <Table
      caption={caption}
      captionSize="s"
      scroll
      rows={requests}
      rowKey={(r) => r.id}
      columns={[
        { header: "Asked", cell: (r) => formatDate(new Date(r.requestedAt)) },
        {
          header: "Support",
          cell: (r) => (
            <>
              <strong>{r.kindLabel}</strong> from {r.supplier}
              <br />
              {r.description}
              {r.attachments?.map((a) => (
                <span key={a.id}>
                  <br />
                  <a className="govuk-link" href={a.href} download>
                    {a.fileName}
                  </a>{" "}
                  <span className="govuk-body-s">({a.size})</span>
                </span>
              ))}
              {r.refusalReason ? (
                <>
                  <br />
                  <span className="govuk-body-s">Why it was refused: {r.refusalReason}</span>
                </>
              ) : null}
            </>
          ),
        },
        { header: "Cost", numeric: true, cell: (r) => formatPence(r.costPence) },
        { header: "Status", cell: (r) => <Tag colour={STATUS_COLOURS[r.status]}>{r.statusLabel}</Tag> },
        ...(action ? [{ header: <span className="govuk-visually-hidden">Action</span>, cell: action }] : []),
      ]}
    />
  );
}
