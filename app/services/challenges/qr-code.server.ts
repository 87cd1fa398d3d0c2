import QRCode from "qrcode";
import { config } from "../../config.server";

// The QR code on the challenge page's "help us spread the word" panel: it encodes the address of
// the challenge page (APP_URL), so a printed poster keeps working whichever challenge is current.
// The address only changes with the configuration, so each image is drawn once per process.

export function challengePageUrl(): string {
  return `${config.appUrl}/`;
}

let svg: Promise<string> | undefined;
let png: Promise<Buffer> | undefined;

export function challengeQrSvg(): Promise<string> {
  svg ??= QRCode.toString(challengePageUrl(), { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return svg;
}

export function challengeQrPng(): Promise<Buffer> {
  // Big enough to print on an A4 poster without blurring.
  png ??= QRCode.toBuffer(challengePageUrl(), { type: "png", margin: 2, errorCorrectionLevel: "M", width: 600 });
  return png;
}
