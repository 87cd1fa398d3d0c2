// Files people attach to records (decision 058): which kinds are accepted, how a file's name is
// cleaned, and how sizes are written. Pure rules; the type itself is decided from the file's content
// by app/services/attachments/attachments.server.ts, never from its name or what the browser says.

/** What the service accepts: documents and pictures a programme team can open. */
export interface AcceptedType {
  mediaType: string;
  /** The extension the served file is given; the first of `extensions`. */
  extensions: readonly string[];
  label: string;
}

// Word and Excel files before 2007 (.doc, .xls) are left out: their container is the same as
// installer packages', so their content cannot say which they are. Plain text, HTML and SVG are
// left out because a browser could run what they contain.
export const ACCEPTED_TYPES: readonly AcceptedType[] = [
  { mediaType: "application/pdf", extensions: ["pdf"], label: "PDF" },
  {
    mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extensions: ["docx"],
    label: "Word",
  },
  {
    mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    extensions: ["xlsx"],
    label: "Excel",
  },
  { mediaType: "application/vnd.oasis.opendocument.text", extensions: ["odt"], label: "OpenDocument text" },
  {
    mediaType: "application/vnd.oasis.opendocument.spreadsheet",
    extensions: ["ods"],
    label: "OpenDocument spreadsheet",
  },
  {
    mediaType: "application/vnd.oasis.opendocument.presentation",
    extensions: ["odp"],
    label: "OpenDocument presentation",
  },
  { mediaType: "image/jpeg", extensions: ["jpg", "jpeg"], label: "JPEG image" },
  { mediaType: "image/png", extensions: ["png"], label: "PNG image" },
  { mediaType: "image/gif", extensions: ["gif"], label: "GIF image" },
  { mediaType: "image/webp", extensions: ["webp"], label: "WebP image" },
  { mediaType: "image/heic", extensions: ["heic"], label: "HEIC photo" },
];

/** For the page: "PDF, Word, Excel, OpenDocument or an image (JPEG, PNG, GIF, WebP, HEIC)". */
export const ACCEPTED_TYPES_SENTENCE =
  "PDF, Word (.docx), Excel (.xlsx), OpenDocument or an image (JPEG, PNG, GIF, WebP, HEIC)";

/** The `accept` attribute of a file input: a hint for the browser's file picker only. */
export const ACCEPT_ATTRIBUTE = [
  ...new Set(ACCEPTED_TYPES.flatMap((t) => [t.mediaType, ...t.extensions.map((e) => `.${e}`)])),
].join(",");

export function acceptedType(mediaType: string | undefined): AcceptedType | null {
  return ACCEPTED_TYPES.find((t) => t.mediaType === mediaType) ?? null;
}

/** The most a single file may be anywhere in the service, whatever a challenge allows. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;
/** The usual limit for evidence and reports. */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILE_NAME = 150;

/**
 * A file name safe to store, show and send in a header: the last part of any path, without
 * control or direction characters or the characters Windows refuses, spaces collapsed, at most
 * MAX_FILE_NAME characters, ending in the extension of the type its content showed (added when the
 * name says something else: "report.exe" holding a PDF is kept as "report.exe.pdf").
 */
export function cleanFileName(name: string, type: AcceptedType): string {
  const lastPart = name.split(/[\\/]/).pop() ?? "";
  let cleaned = lastPart
    .normalize("NFC")
    // Control characters, and the invisible ones that reorder text (a name could otherwise show
    // "cod.exe" as "exe.doc").
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "")
    .replace(/[<>:"|?*]/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 ? cleaned.slice(dot + 1).toLowerCase() : "";
  let stem = cleaned;
  if (type.extensions.includes(extension)) stem = cleaned.slice(0, dot);
  stem = stem.replace(/[. ]+$/, "");
  if (!stem) stem = "file";
  const suffix = `.${type.extensions.includes(extension) ? extension : type.extensions[0]}`;
  cleaned = `${[...stem].slice(0, MAX_FILE_NAME - suffix.length).join("")}${suffix}`;
  return cleaned;
}

/** "850 KB", "2.4 MB": sizes as a person reads them (1 MB = 1,048,576 bytes, as file pickers count). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1).replace(/\.0$/, "") : Math.round(mb)} MB`;
}

/** The form field an entry's supporting documents are sent in (on the delivery section). */
export const ENTRY_DOCUMENTS_FIELD = "documents";

/** Where a file is downloaded from. */
export function attachmentPath(id: number): string {
  return `/attachments/${id}`;
}

/** The Content-Disposition header for a download: always saved, never shown in the page. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
