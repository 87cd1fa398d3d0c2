import { challengeQrSvg } from "../services/challenges/qr-code.server";

// GET /challenge/qr.svg: the QR code image shown on the challenge page, drawn on the server.

export async function loader() {
  return new Response(await challengeQrSvg(), {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
    },
  });
}

// No ErrorBoundary: a resource route that exports one is treated as a page by Remix.
