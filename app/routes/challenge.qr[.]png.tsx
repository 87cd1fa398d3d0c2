import { challengeQrPng } from "../services/challenges/qr-code.server";

// GET /challenge/qr.png: the challenge page's QR code as a large PNG, for posters and leaflets.

export async function loader() {
  return new Response(new Uint8Array(await challengeQrPng()), {
    headers: {
      "Content-Type": "image/png",
      "Content-Disposition": 'inline; filename="challenge-qr-code.png"',
      "Cache-Control": "public, max-age=3600",
    },
  });
}

// No ErrorBoundary: a resource route that exports one is treated as a page by Remix.
