// A JSON file the browser saves rather than shows: the personal-data downloads (decision 052).
// Indented, so a person opening it in a text editor can read it; never kept by any cache.

export function jsonDownload(body: unknown, filename: string): Response {
  return new Response(`${JSON.stringify(body, null, 2)}\n`, {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "-")}"`,
      "Cache-Control": "no-store",
    },
  });
}
