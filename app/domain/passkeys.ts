import { z } from "zod";

// What the browser sends back from a passkey (WebAuthn) ceremony, checked for shape before the
// WebAuthn library checks what it means (signatures, challenge, origin). The browser posts it as
// JSON text in one form field, because every post to this service is a form. Limits are far above
// what authenticators send and far below harm.

/** The longest name a person can give a passkey (the database allows the same). */
export const PASSKEY_NAME_MAX = 100;

/** The longest answer (JSON text) a browser may post for one ceremony. */
export const PASSKEY_RESPONSE_MAX = 64_000;

const base64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/);

const transports = z.array(z.enum(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"])).max(10);

// Client extension results are the browser's own report; the server asks for none and reads none.
const common = {
  id: base64url(1400).min(1),
  rawId: base64url(1400).min(1),
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
};

export const registrationResponseSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: base64url(10_000).min(1),
    attestationObject: base64url(40_000).min(1),
    authenticatorData: base64url(10_000).optional(),
    transports: transports.optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(10_000).optional(),
  }),
});

export const authenticationResponseSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: base64url(10_000).min(1),
    authenticatorData: base64url(10_000).min(1),
    signature: base64url(2_000).min(1),
    userHandle: base64url(1_000).optional(),
  }),
});

export type RegistrationResponse = z.infer<typeof registrationResponseSchema>;
export type AuthenticationResponse = z.infer<typeof authenticationResponseSchema>;

/**
 * Reads the JSON text a browser posted for a ceremony: the parsed answer, or null when it is not
 * one (too long, not JSON, or not the shape a browser sends).
 */
export function parsePasskeyResponse<S extends z.ZodType>(schema: S, text: unknown): z.infer<S> | null {
  if (typeof text !== "string" || text.length === 0 || text.length > PASSKEY_RESPONSE_MAX) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

const SYSTEMS: [RegExp, string][] = [
  [/iPhone/, "iPhone"],
  [/iPad/, "iPad"],
  [/Android/, "Android"],
  [/CrOS/, "Chromebook"],
  [/Mac OS X|Macintosh/, "Mac"],
  [/Windows/, "Windows"],
  [/Linux/, "Linux"],
];

/**
 * The name a passkey gets when the person gives none: what it is and, for one kept on the device
 * itself, which kind of device, so that a list of two or three can be told apart.
 */
export function defaultPasskeyName(userAgent: string | null | undefined, attachment: string | undefined): string {
  if (attachment === "cross-platform") return "Security key or phone";
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent ?? ""))?.[1];
  return system ? `Passkey on ${system}` : "Passkey";
}
