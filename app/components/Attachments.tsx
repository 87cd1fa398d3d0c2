import type { ReactNode } from "react";
import { ACCEPT_ATTRIBUTE, ACCEPTED_TYPES_SENTENCE, formatBytes } from "../domain/attachments";
import { fieldId } from "./forms";

// The GOV.UK file upload pattern, and the list of a record's files (decision 058). A plain file
// input: it works without JavaScript. The form around it must send `encType="multipart/form-data"`.
// A failed upload comes back with the error on this field and the rest of the form as typed; a
// browser cannot be given the file back, so the message says to choose it again.

export function FileUpload({
  name,
  label,
  hint,
  error,
  multiple = false,
  maxBytes,
  labelSize,
}: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  multiple?: boolean;
  /** The largest file this field takes, said in the hint. */
  maxBytes: number;
  labelSize?: "s" | "m" | "l";
}) {
  const id = fieldId(name);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className={`govuk-label${labelSize ? ` govuk-label--${labelSize}` : ""}`} htmlFor={id}>
        {label}
      </label>
      <div id={`${id}-hint`} className="govuk-hint">
        {hint ? <>{hint} </> : null}
        {multiple ? "Each file" : "The file"} must be a {ACCEPTED_TYPES_SENTENCE}, and no larger than{" "}
        {formatBytes(maxBytes)}.
      </div>
      {error ? (
        <p id={`${id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <input
        className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`}
        id={id}
        name={name}
        type="file"
        multiple={multiple}
        accept={ACCEPT_ATTRIBUTE}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ")}
      />
    </div>
  );
}

export interface AttachmentItem {
  id: number;
  fileName: string;
  size: string;
  href: string;
}

/** A record's files as links to download them, with their sizes; `actions` adds e.g. a remove button per file. */
export function AttachmentList({
  attachments,
  empty = "No files.",
  actions,
}: {
  attachments: readonly AttachmentItem[];
  empty?: string;
  actions?: (attachment: AttachmentItem) => ReactNode;
}) {
  if (!attachments.length) return <p className="govuk-body">{empty}</p>;
  return (
    <ul className="govuk-list" data-testid="attachments">
      {attachments.map((a) => (
        <li key={a.id}>
          <a className="govuk-link" href={a.href} download>
            {a.fileName}
          </a>{" "}
          <span className="govuk-body-s">({a.size})</span>
          {actions ? <> {actions(a)}</> : null}
        </li>
      ))}
    </ul>
  );
}
