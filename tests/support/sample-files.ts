import { demoPdf } from "../../db/seed/after-award/attachments";

// Small files for the attachment tests (unit, integration and end-to-end): real content of each
// kind, so the type is decided from what a file holds, as the service does.

/** A one-page PDF with the given text (made as the demo's documents are). */
export function samplePdf(text = "Supporting document"): Uint8Array {
  return demoPdf(text, []);
}

/** A 1 by 1 pixel PNG. */
export const samplePng = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  ),
);

/** A web page that runs a script: refused whatever it is called. */
export const htmlPage = new TextEncoder().encode(
  "<!doctype html><html><body><script>alert(document.cookie)</script></body></html>",
);

/** A picture made of markup, which can also run scripts: refused. */
export const svgImage = new TextEncoder().encode(
  '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="4"/></svg>',
);
