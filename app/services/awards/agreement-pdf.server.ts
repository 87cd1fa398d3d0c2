import PDFDocument from "pdfkit";
import { parseRichText, type Inline } from "../../domain/rich-text";

// A grant agreement as a PDF (decision 060), for the organisation and for staff: the figures, the
// terms exactly as issued (their formatting drawn as the page draws it), and for an accepted
// version who signed, in what role, when, and the SHA-256 of the text, which is also written into
// the file's properties so it can be checked without reading the page.

export interface AgreementDocument {
  title: string;
  organisationName: string;
  reference: string;
  ideaTitle: string;
  challengeTitle: string;
  tierName: string;
  cash: string;
  supportCap: string;
  version: number;
  body: string;
  sha256: string;
  /** Already written in Europe/London time. */
  issuedAt: string;
  variationReason: string | null;
  acceptance: { name: string; role: string; at: string } | null;
}

const FONT = "Helvetica";
const BOLD = "Helvetica-Bold";

/** The PDF's bytes. `compress: false` leaves its text readable in the file, for the tests. */
export async function renderAgreementPdf(
  agreement: AgreementDocument,
  { compress = true }: { compress?: boolean } = {},
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    compress,
    info: {
      Title: agreement.title,
      Subject: `SHA-256 of the agreement's text: ${agreement.sha256}`,
      Keywords: agreement.acceptance ? "accepted" : "not accepted",
      Creator: "Innovation challenge service",
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  doc.font(BOLD).fontSize(18).text(`Grant agreement, version ${agreement.version}`);
  doc.moveDown(0.5);
  doc.font(FONT).fontSize(11);
  const facts: [string, string][] = [
    ["Organisation", agreement.organisationName],
    ["Idea", `${agreement.ideaTitle} (${agreement.reference})`],
    ["Challenge", agreement.challengeTitle],
    ["Prize", agreement.tierName],
    ["Cash prize", agreement.cash],
    ["Support plan, up to", agreement.supportCap],
    ["Issued", agreement.issuedAt],
    ...(agreement.variationReason ? ([["Why this version", agreement.variationReason]] as [string, string][]) : []),
  ];
  for (const [key, value] of facts) {
    doc.font(BOLD).text(`${key}: `, { continued: true }).font(FONT).text(value);
  }
  doc.moveDown();
  doc
    .moveTo(doc.page.margins.left, doc.y)
    .lineTo(doc.page.width - doc.page.margins.right, doc.y)
    .stroke();
  doc.moveDown();

  for (const block of parseRichText(agreement.body)) {
    if (block.type === "paragraph") {
      for (const line of block.lines) writeLine(doc, line);
    } else {
      block.items.forEach((item, i) => {
        writeLine(doc, [{ type: "text", text: block.type === "bullets" ? "•  " : `${i + 1}.  ` }, ...item], 14);
      });
    }
    doc.moveDown(0.6);
  }

  doc.moveDown();
  doc
    .moveTo(doc.page.margins.left, doc.y)
    .lineTo(doc.page.width - doc.page.margins.right, doc.y)
    .stroke();
  doc.moveDown();
  if (agreement.acceptance) {
    doc.font(BOLD).fontSize(13).text("Accepted");
    doc.font(FONT).fontSize(11);
    doc.text(
      `Accepted for ${agreement.organisationName} by ${agreement.acceptance.name}, ${agreement.acceptance.role},`,
    );
    doc.text(
      `at ${agreement.acceptance.at} (UK time), who confirmed they are authorised to sign for the organisation.`,
    );
  } else {
    doc.font(BOLD).fontSize(13).text("Not accepted yet");
    doc.font(FONT).fontSize(11).text("The organisation's authorised signatory accepts this agreement in the service.");
  }
  doc.moveDown(0.5);
  doc.text("SHA-256 of the agreement's text, as accepted or to be accepted:");
  doc.font("Courier").fontSize(9).text(agreement.sha256);
  doc.end();
  return done;
}

/** One line of the terms, bold where the text is bold; a link keeps its address in brackets. */
function writeLine(doc: PDFKit.PDFDocument, inline: Inline[], indent = 0) {
  const runs: { text: string; bold: boolean }[] = [];
  const walk = (items: Inline[], bold: boolean) => {
    for (const item of items) {
      if (item.type === "text") runs.push({ text: item.text, bold });
      else if (item.type === "strong") walk(item.children, true);
      else runs.push({ text: item.href === item.text ? item.text : `${item.text} (${item.href})`, bold });
    }
  };
  walk(inline, false);
  if (!runs.length) runs.push({ text: "", bold: false });
  runs.forEach((run, i) => {
    const last = i === runs.length - 1;
    doc
      .font(run.bold ? BOLD : FONT)
      .fontSize(11)
      .text(run.text, { continued: !last, indent: i === 0 ? indent : 0 });
  });
}

/**
 * The download: always saved, never shown in the browser as a page of ours. Every response already
 * carries X-Content-Type-Options: nosniff (app/security/headers.server.ts), so it is not repeated.
 */
export function pdfResponse({ bytes, fileName }: { bytes: Buffer; fileName: string }): Response {
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
