import { Link } from "@remix-run/react";
import { Tag } from "./StatusTag";

// The GOV.UK task list pattern: each task's name links to its page, and its status is read out
// with it (aria-describedby). "Completed" is plain text; anything still to do is a tag, so the
// eye goes to what is left.

export type TaskStatus = "not_started" | "in_progress" | "completed" | "cannot_start";

export interface Task {
  id: string;
  name: string;
  /** The page to do it; none when it cannot be opened (the status says why). */
  href?: string;
  hint?: string;
  status: TaskStatus;
  statusText: string;
}

const TAGS: Record<TaskStatus, string | null> = {
  not_started: "govuk-tag--blue",
  in_progress: "govuk-tag--light-blue",
  completed: null,
  cannot_start: null,
};

export function TaskList({ tasks, idPrefix = "task" }: { tasks: Task[]; idPrefix?: string }) {
  return (
    <ul className="govuk-task-list">
      {tasks.map((task) => {
        const statusId = `${idPrefix}-${task.id}-status`;
        const hintId = task.hint ? `${idPrefix}-${task.id}-hint` : null;
        const tag = TAGS[task.status];
        return (
          <li className={`govuk-task-list__item${task.href ? " govuk-task-list__item--with-link" : ""}`} key={task.id}>
            <div className="govuk-task-list__name-and-hint">
              {task.href ? (
                <Link
                  className="govuk-link govuk-task-list__link"
                  to={task.href}
                  aria-describedby={[hintId, statusId].filter(Boolean).join(" ")}
                >
                  {task.name}
                </Link>
              ) : (
                <div>{task.name}</div>
              )}
              {task.hint ? (
                <div id={hintId!} className="govuk-task-list__hint">
                  {task.hint}
                </div>
              ) : null}
            </div>
            <div
              className={`govuk-task-list__status${task.status === "cannot_start" ? " govuk-task-list__status--cannot-start-yet" : ""}`}
              id={statusId}
            >
              {tag ? <Tag colour={tag}>{task.statusText}</Tag> : task.statusText}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
