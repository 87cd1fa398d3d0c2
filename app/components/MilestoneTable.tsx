import { Link } from "@remix-run/react";
import {
  formatCalendarDate,
  MILESTONE_STATE_LABELS,
  MILESTONE_STATUS_LABELS,
  type MilestoneLike,
  type MilestoneState,
} from "../domain/milestones";
import { Tag } from "./StatusTag";
import { TableScroll } from "./TableScroll";

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
  return (
    <TableScroll label={caption}>
      <table className="govuk-table">
        <caption
          className={`govuk-table__caption govuk-table__caption--s${hideCaption ? " govuk-visually-hidden" : ""}`}
        >
          {caption}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Milestone
            </th>
            <th scope="col" className="govuk-table__header">
              Due
            </th>
            <th scope="col" className="govuk-table__header">
              Status
            </th>
            {changeHref ? (
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Action</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {milestones.map((m) => (
            <tr className="govuk-table__row" key={m.id}>
              <td className="govuk-table__cell">{m.title}</td>
              <td className="govuk-table__cell">{formatCalendarDate(m.dueOn)}</td>
              <td className="govuk-table__cell">
                {MILESTONE_STATUS_LABELS[m.status]}
                {staff && m.completedOn ? ` on ${formatCalendarDate(m.completedOn)}` : ""}
                {staff || m.state === "late" ? (
                  <>
                    {" "}
                    <Tag colour={STATE_COLOURS[m.state]}>{MILESTONE_STATE_LABELS[m.state]}</Tag>
                  </>
                ) : null}
              </td>
              {changeHref ? (
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={changeHref(m)}>
                    Change<span className="govuk-visually-hidden"> {m.title}</span>
                  </Link>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
