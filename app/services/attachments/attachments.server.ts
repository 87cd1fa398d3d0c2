import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import type { Transaction } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { AttachmentOwnerKind, Database } from "../../../db/schema";
import {
  ACCEPTED_TYPES_SENTENCE,
  acceptedType,
  attachmentPath,
  cleanFileName,
  DEFAULT_MAX_FILE_BYTES,
  formatBytes,
  MAX_FILE_BYTES,
} from "../../domain/attachments";
import type { Actor } from "../actor.server";
import { invalid, notFound } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";
import { maySeeAttachment } from "./who-may-see.server";

// Attachments, a capability the entries, checks, reports and requests share (decision 058): a file
// is stored with the record it belongs to (`owner`), its type decided from its content with
// `file-type` against the accepted list, its name cleaned, its bytes kept in the database (so the
// embedded database and PostgreSQL work alike and every backup holds them). A file is served only
// to someone who may see its record (who-may-see.server.ts), always as a download.
//
// The functions that write take the change's transaction: the caller has already checked that the
// person may change the record (the same check as for the record's other fields), so a file and the
// rest of a form are saved together or not at all.

export interface AttachmentOwner {
  kind: AttachmentOwnerKind;
  id: number;
}

/** A file as a form sent it: its name as the person's computer gave it, and its bytes. */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export interface AttachmentView {
  id: number;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  /** "2.4 MB". */
  size: string;
  uploadedAt: Date;
  uploadedBy: number | null;
  removed: boolean;
  /** Where it is downloaded from. */
  href: string;
}

export function attachmentHref(id: number): string {
  return attachmentPath(id);
}

/**
 * The files of a form field, leaving out the empty part a browser sends when no file was chosen.
 * Anything that is not a file (a script posting text under the field's name) is ignored.
 */
export async function uploadsFrom(form: FormData, field: string): Promise<UploadedFile[]> {
  const files: UploadedFile[] = [];
  for (const value of form.getAll(field)) {
    if (typeof value === "string" || value.size === 0) continue;
    files.push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return files;
}

export interface CheckedUpload {
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
}

/**
 * Checks one file: its size against the limit, and its type from its content, whatever its name
 * or the browser says. Throws invalid (for `field`) with a message naming the file.
 */
export async function checkUpload(
  file: UploadedFile,
  { maxBytes = DEFAULT_MAX_FILE_BYTES, field = "files" }: { maxBytes?: number; field?: string } = {},
): Promise<CheckedUpload> {
  const shownName = file.name.split(/[\\/]/).pop()?.slice(0, 100) || "The file";
  const limit = Math.min(maxBytes, MAX_FILE_BYTES);
  if (file.bytes.byteLength > limit) {
    throw invalid(
      `“${shownName}” is ${formatBytes(file.bytes.byteLength)}: the largest file you can add is ${formatBytes(limit)}`,
      field,
    );
  }
  const sniffed = await fileTypeFromBuffer(file.bytes);
  const type = acceptedType(sniffed?.mime);
  if (!type) {
    throw invalid(`“${shownName}” is not a type of file you can add: it must be a ${ACCEPTED_TYPES_SENTENCE}`, field);
  }
  return { fileName: cleanFileName(file.name, type), mediaType: type.mediaType, bytes: file.bytes };
}

/**
 * Stores checked files on a record, in the caller's transaction, and records it in the audit trail
 * (the names are not: a file's name can hold a person's name).
 */
export async function storeAttachments(
  trx: Transaction<Database>,
  actor: Actor,
  owner: AttachmentOwner,
  files: readonly CheckedUpload[],
): Promise<AttachmentView[]> {
  if (!files.length) return [];
  const rows = await trx
    .insertInto("attachment")
    .values(
      files.map((file) => ({
        owner_kind: owner.kind,
        owner_id: owner.id,
        file_name: file.fileName,
        media_type: file.mediaType,
        size_bytes: file.bytes.byteLength,
        sha256: createHash("sha256").update(file.bytes).digest("hex"),
        content: file.bytes,
        uploaded_by: actor.id,
      })),
    )
    .returning(VIEW_COLUMNS)
    .execute();
  for (const row of rows) {
    await recordAudit(trx, {
      action: "attachment.added",
      actorUserId: actor.id,
      subjectType: "attachment",
      subjectId: row.id,
      ip: actor.ip ?? null,
      details: { owner: owner.kind, ownerId: owner.id, mediaType: row.media_type, sizeBytes: row.size_bytes },
    });
  }
  return rows.map(toView);
}

/**
 * Takes a file off its record: it stops being listed, but is kept (a submitted version of an entry,
 * or a report already sent, may still list it). Not found when it is not this record's.
 */
export async function removeAttachment(
  trx: Transaction<Database>,
  actor: Actor,
  owner: AttachmentOwner,
  attachmentId: number,
): Promise<void> {
  const removed = await trx
    .updateTable("attachment")
    .set({ removed_at: new Date(), removed_by: actor.id })
    .where("id", "=", attachmentId)
    .where("owner_kind", "=", owner.kind)
    .where("owner_id", "=", owner.id)
    .where("removed_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  if (!removed) throw notFound();
  await recordAudit(trx, {
    action: "attachment.removed",
    actorUserId: actor.id,
    subjectType: "attachment",
    subjectId: attachmentId,
    ip: actor.ip ?? null,
    details: { owner: owner.kind, ownerId: owner.id },
  });
}

const VIEW_COLUMNS = [
  "id",
  "owner_kind",
  "owner_id",
  "file_name",
  "media_type",
  "size_bytes",
  "uploaded_at",
  "uploaded_by",
  "removed_at",
] as const;

function toView(row: {
  id: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  uploaded_at: Date;
  uploaded_by: number | null;
  removed_at: Date | null;
}): AttachmentView {
  return {
    id: row.id,
    fileName: row.file_name,
    mediaType: row.media_type,
    sizeBytes: row.size_bytes,
    size: formatBytes(row.size_bytes),
    uploadedAt: row.uploaded_at,
    uploadedBy: row.uploaded_by,
    removed: row.removed_at !== null,
    href: attachmentHref(row.id),
  };
}

/**
 * The files of records, oldest first, without their bytes; removed ones only when asked (or named
 * in `ids`, as a submitted version lists them). The caller has checked the person may see the records.
 */
export async function attachmentsOf(
  executor: Executor,
  owner: AttachmentOwner,
  { includeRemoved = false, ids }: { includeRemoved?: boolean; ids?: readonly number[] } = {},
): Promise<AttachmentView[]> {
  if (ids && !ids.length) return [];
  let query = executor
    .selectFrom("attachment")
    .select(VIEW_COLUMNS)
    .where("owner_kind", "=", owner.kind)
    .where("owner_id", "=", owner.id);
  if (ids) query = query.where("id", "in", [...ids]);
  else if (!includeRemoved) query = query.where("removed_at", "is", null);
  const rows = await query.orderBy("uploaded_at").orderBy("id").execute();
  return rows.map(toView);
}

export interface AttachmentDownload {
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
}

/**
 * GET /attachments/:id: the file, for someone who may see the record it belongs to; not found for
 * anyone else (and for a file that does not exist), so nobody learns which files exist.
 */
export async function downloadAttachment(actor: Actor | null, attachmentId: number): Promise<AttachmentDownload> {
  const row = await db()
    .selectFrom("attachment")
    .select(["id", "owner_kind", "owner_id", "file_name", "media_type", "content"])
    .where("id", "=", attachmentId)
    .executeTakeFirst();
  if (!row || !actor) throw notFound();
  if (!(await maySeeAttachment(db(), actor, { id: row.id, kind: row.owner_kind, ownerId: row.owner_id })))
    throw notFound();
  return { fileName: row.file_name, mediaType: row.media_type, bytes: row.content };
}
