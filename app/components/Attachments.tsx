import { useEffect, useRef, useState, type ReactNode } from "react";
import { ACCEPT_ATTRIBUTE, ACCEPTED_TYPES_SENTENCE, formatBytes } from "../domain/attachments";
import { fieldId } from "./forms";

// The GOV.UK file upload pattern, and the list of a record's files (decision 058). A plain file
// input: it works without JavaScript. The form around it must send `encType="multipart/form-data"`.
// A failed upload comes back with the error on this field and the rest of the form as typed; a
// browser cannot be given the file back, so the message says to choose it again.
//
// With JavaScript, a form sent with files chosen shows how much has been uploaded (useUploadProgress).

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
  const input = useRef<HTMLInputElement>(null);
  const progress = useUploadProgress(input, maxBytes);
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
        ref={input}
      />
      {progress.enabled ? (
        <div className="app-upload-progress" aria-live="polite" data-testid="upload-progress">
          {progress.percent !== null ? (
            <>
              <progress className="app-upload-progress__bar" max={100} value={progress.percent} aria-hidden="true" />
              <p className="govuk-body-s govuk-!-margin-bottom-0">
                Uploading: {Math.floor(progress.percent / 10) * 10}% sent
              </p>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/**
 * Upload progress, once the page has JavaScript: when the form around `input` is sent with files
 * chosen, it is sent with XMLHttpRequest (fetch cannot report an upload's progress) and the share
 * sent is shown, in words read out at every tenth. What the server answers decides what happens
 * next: a success (after its redirect) is opened as the next page; a refusal is sent again the
 * ordinary way, so the page shows the refusal with everything else as typed (the file is sent
 * twice then, but a refused file saved nothing). Not used for a file above the field's limit (the
 * server refuses it at once) nor for a button marked `data-upload-progress="off"`. Without
 * JavaScript the form is sent as it is. Generic: every form with a FileUpload gets it.
 */
function useUploadProgress(inputRef: React.RefObject<HTMLInputElement | null>, maxBytes: number) {
  const [enabled, setEnabled] = useState(false);
  const [percent, setPercent] = useState<number | null>(null);
  useEffect(() => {
    const input = inputRef.current;
    const form = input?.form;
    if (!input || !form || typeof XMLHttpRequest === "undefined") return;
    setEnabled(true);
    let resending = false;
    const onSubmit = (event: SubmitEvent) => {
      if (resending || event.defaultPrevented) return;
      const submitter = event.submitter instanceof HTMLButtonElement ? event.submitter : null;
      if (submitter?.dataset.uploadProgress === "off") return;
      const files = Array.from(input.files ?? []);
      if (!files.length || files.some((f) => f.size > maxBytes)) return;
      event.preventDefault();
      const url = submitter?.hasAttribute("formaction") ? submitter.formAction : form.action;
      const body = new FormData(form, submitter);
      const request = new XMLHttpRequest();
      const sendOrdinarily = () => {
        setPercent(null);
        resending = true;
        try {
          form.requestSubmit(submitter);
        } finally {
          resending = false;
        }
      };
      request.upload.addEventListener("progress", (progress) => {
        if (progress.lengthComputable) setPercent(Math.round((progress.loaded / progress.total) * 100));
      });
      request.addEventListener("load", () => {
        if (request.status >= 200 && request.status < 300) window.location.assign(request.responseURL || url);
        else sendOrdinarily();
      });
      request.addEventListener("error", sendOrdinarily);
      request.open("POST", url);
      setPercent(0);
      request.send(body);
    };
    form.addEventListener("submit", onSubmit);
    return () => form.removeEventListener("submit", onSubmit);
  }, [inputRef, maxBytes]);
  return { enabled, percent };
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
