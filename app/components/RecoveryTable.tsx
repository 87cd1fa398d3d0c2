import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { RecoveryStatus } from "../../db/schema-parts/recoveries";
import { formatPence } from "../domain/money";
import { formatDate } from "../domain/time";
import { SummaryList } from "./content";
import { Tag } from "./StatusTag";
import { Table } from "./Table";

// Money due back to the programme from an award (recoveries), with totals by status: on the staff
// payments page and support plan, and on the winner's award page.

const STATUS_COLOURS: Record<RecoveryStatus, string> = {
  due: "govuk-tag--orange",
  received: "govuk-tag--green",
  written_off: "govuk-tag--grey",
};

export interface RecoveryRow {
  id: number;
  entryReference: string;
  organisationName: string;
  reasonLabel: string;
  description: string;
  amountPence: number;
  status: RecoveryStatus;
  statusLabel: string;
  recordedAt: string | Date;
  resolutionNote: string | null;
}

export interface RecoveryTotalsData {
  duePence: number;
  receivedPence: number;
  writtenOffPence: number;
}

export function RecoveryTotalsList({ totals }: { totals: RecoveryTotalsData }) {
  return (
    <SummaryList
      rows={[
        { key: "Due back", value: formatPence(totals.duePence) },
        { key: "Received back", value: formatPence(totals.receivedPence) },
        { key: "Written off", value: formatPence(totals.writtenOffPence) },
      ]}
    />
  );
}

export function RecoveryTable({
  recoveries,
  caption,
  showAward = false,
  link,
  hideCaption = false,
}: {
  recoveries: readonly RecoveryRow[];
  caption: ReactNode;
  /** Name the entry and organisation (a list across awards). */
  showAward?: boolean;
  /** The recovery's page, for staff. */
  link?: (recovery: RecoveryRow) => string;
  hideCaption?: boolean;
}) {
  return (
    <Table
      caption={caption}
      captionSize="s"
      hideCaption={hideCaption}
      scroll
      rows={recoveries}
      rowKey={(r) => r.id}
      columns={[
        {
          header: "Recorded",
          cell: (r) =>
            link ? (
              <Link className="govuk-link" to={link(r)}>
                {formatDate(new Date(r.recordedAt))}
                <span className="govuk-visually-hidden"> recovery from {r.organisationName}</span>
              </Link>
            ) : (
              formatDate(new Date(r.recordedAt))
            ),
        },
        ...(showAward
          ? [{ header: "Entry", cell: (r: RecoveryRow) => `${r.entryReference} ${r.organisationName}` }]
          : []),
        {
          header: "Why",
          cell: (r) => (
            <>
              <strong>{r.reasonLabel}</strong>
              <br />
              {r.description}
              {r.resolutionNote ? (
                <>
                  <br />
                  <span className="govuk-body-s">{r.resolutionNote}</span>
                </>
              ) : null}
            </>
          ),
        },
        { header: "Status", cell: (r) => <Tag colour={STATUS_COLOURS[r.status]}>{r.statusLabel}</Tag> },
        { header: "Amount", numeric: true, cell: (r) => formatPence(r.amountPence) },
      ]}
    />
  );
}
