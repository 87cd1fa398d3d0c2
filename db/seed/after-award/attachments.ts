import { createHash } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import type { Transaction } from "kysely";
import type { SnapshotFile } from "../../../app/domain/entry-snapshot";
import type { Database } from "../../schema";

// Demo supporting documents (issue 15, decision 058): both demo challenges take up to 3 files of
// 10 MB with an entry; a third of the 2021 entries, and a few of this year's, came with a costed
// quote (a real one-page PDF) and some with a site photo (a real PNG), so the entrant's section,
// the judges' scoring page, the councils' idea page and the staff entry page all have files to
// show. Files are made here, small and deterministic, not read from disk.

export interface EntryForFiles {
  id: number;
  challenge: "current" | "previous";
  title: string;
  organisation: string;
  /** Submitted (then the files are in its snapshot). */
  submitted: boolean;
  uploadedBy: number;
  uploadedAt: Date;
}

const MAX_FILES = 3;
const MAX_FILE_MB = 10;

/** A one-page PDF with a heading and a few lines of text. */
export function demoPdf(heading: string, lines: readonly string[]): Uint8Array {
  const clean = (text: string) => text.replace(/[^\x20-\x7e]/g, "-").replace(/[()\\]/g, "");
  const text = [`BT /F1 16 Tf 72 740 Td (${clean(heading)}) Tj ET`]
    .concat(lines.map((line, i) => `BT /F1 11 Tf 72 ${710 - i * 16} Td (${clean(line)}) Tj ET`))
    .join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/** A small picture: a sky over green grass, as a PNG. */
export function demoPng(width = 48, height = 32): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // truecolour
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    const [r, g, b] = y < height * 0.6 ? [120, 180, 230] : [60, 150, 70];
    for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
    rows.push(row);
  }
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", deflateSync(Buffer.concat(rows))),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
}

/**
 * Sets both challenges to take supporting documents and gives some entries files. Returns each
 * submitted entry's files, for the snapshots built after this (a snapshot cannot change later).
 */
export async function seedEntryAttachments(
  trx: Transaction<Database>,
  input: { challengeIds: number[]; entries: readonly EntryForFiles[] },
): Promise<Map<number, SnapshotFile[]>> {
  if (input.challengeIds.length) {
    await trx
      .updateTable("challenge")
      .set({ entry_max_files: MAX_FILES, entry_max_file_mb: MAX_FILE_MB })
      .where("id", "in", input.challengeIds)
      .execute();
  }
  const files = new Map<number, SnapshotFile[]>();
  const counter = { previous: 0, current: 0 };
  for (const entry of input.entries) {
    const n = counter[entry.challenge]++;
    // A third of the 2021 entries; every fifth of this year's.
    const withQuote = entry.challenge === "previous" ? n % 3 === 0 : n % 5 === 1;
    if (!withQuote) continue;
    const upload: { name: string; bytes: Uint8Array; mediaType: string }[] = [
      {
        name: `Costings - ${entry.title.slice(0, 80)}.pdf`,
        mediaType: "application/pdf",
        bytes: demoPdf(`Costings: ${entry.title}`, [
          entry.organisation,
          "Coordinator (part time, 6 months): 3,000",
          "Equipment and materials: 1,200",
          "Room hire: 800",
          "Quote obtained from a local supplier; valid for 90 days.",
        ]),
      },
    ];
    if (entry.challenge === "previous" && n % 6 === 0) {
      upload.push({ name: "Site photo.png", mediaType: "image/png", bytes: demoPng() });
    }
    const rows = await trx
      .insertInto("attachment")
      .values(
        upload.map((file, i) => ({
          owner_kind: "entry" as const,
          owner_id: entry.id,
          file_name: file.name,
          media_type: file.mediaType,
          size_bytes: file.bytes.byteLength,
          sha256: createHash("sha256").update(file.bytes).digest("hex"),
          content: file.bytes,
          uploaded_by: entry.uploadedBy,
          uploaded_at: new Date(entry.uploadedAt.getTime() - (upload.length - i) * 60 * 60 * 1000),
        })),
      )
      .returning(["id", "file_name", "media_type", "size_bytes"])
      .execute();
    if (entry.submitted) {
      files.set(
        entry.id,
        rows.map((r) => ({ id: r.id, fileName: r.file_name, mediaType: r.media_type, sizeBytes: r.size_bytes })),
      );
    }
  }
  return files;
}
