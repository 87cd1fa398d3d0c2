import { Link } from "@remix-run/react";
import {
  formatCalendarDate,
  MILESTONE_STATE_LABELS,
  MILESTONE_STATUS_LABELS,
  type MilestoneLike,
  type MilestoneState,
} from "../domain/milestones";
import { Tag } from "./StatusTag";
import { Table, type TableColumn } from "./Table";

// A winner's milestones: on the staff support plan (every state tagged, the completion date, a
// Change link) and on the winner's own progress page (read only, and only a late one tagged: a
// winner needs to hear what is late, not to be told they are on track).

/** A milestone as the support-plan service reads it (its MilestoneView). */
export type MilestoneRow = MilestoneLike & {
  id: number;
  title: string;
  completedOn: string | null;
  state: MilestoneState;
};

const STATE_COLOURS: Record<MilestoneState, string> = {
  done: "govuk-tag--green",
  late: "govuk-tag--red",
  on_track: "govuk-tag--blue",
};

export function MilestoneTable({
  milestones,
  caption,
  hideCaption = false,
  changeHref,
}: {
  milestones: readonly MilestoneRow[];
  caption: string;
  hideCaption?: boolean;
  /** The staff view: a Change link per milestone, its completion date and every state tagged. */
  changeHref?: (milestone: MilestoneRow) => string;
}) {
  const staff = Boolean(changeHref);
  const columns: TableColumn<MilestoneRow>[] = [
    { header: "Milestone", cell: (m) => m.title },
    { header: "Due", cell: (m) => formatCalendarDate(m.dueOn) },
    {
      header: "Status",
      cell: (m) => (
        <>
          {MILESTONE_STATUS_LABELS[m.status]}
          {staff && m.completedOn ? ` on ${formatCalendarDate(m.completedOn)}` : ""}
          {staff || m.state === "late" ? (
            <>
              {" "}
              <Tag colour={STATE_COLOURS[m.state]}>{MILESTONE_STATE_LABELS[m.state]}</Tag>
            </>
          ) : null}
        </>
      ),
    },
  ];
  if (changeHref)
    columns.push({
      header: <span className="govuk-visually-hidden">Action</span>,
      cell: (m) => (
        <Link className="govuk-link" to={changeHref(m)}>
          Change<span className="govuk-visually-hidden"> {m.title}</span>
        </Link>
      ),
    });
  return (
    <Table
      caption={caption}
      captionSize="s"
      hideCaption={hideCaption}
      scroll={caption}
      rows={milestones}
      rowKey={(m) => m.id}
      columns={columns}
    />
  );
}
