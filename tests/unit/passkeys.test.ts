import { describe, expect, it } from "vitest";
import {
  authenticationResponseSchema,
  defaultPasskeyName,
  parsePasskeyResponse,
  PASSKEY_RESPONSE_MAX,
} from "../../app/domain/passkeys";

describe("the name a passkey gets when the person gives none", () => {
  it("says which kind of device keeps it", () => {
    const windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0";
    const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
    const android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile";
    expect(defaultPasskeyName(windows, "platform")).toBe("Passkey on Windows");
    expect(defaultPasskeyName(iphone, "platform")).toBe("Passkey on iPhone");
    expect(defaultPasskeyName(android, undefined)).toBe("Passkey on Android");
  });

  it("calls one kept elsewhere a security key or phone, and falls back to plain Passkey", () => {
    expect(defaultPasskeyName("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6)", "cross-platform")).toBe(
      "Security key or phone",
    );
    expect(defaultPasskeyName(null, "platform")).toBe("Passkey");
  });
});

describe("reading what the browser posted", () => {
  const answer = {
    id: "abc_-1",
    rawId: "abc_-1",
    type: "public-key",
    clientExtensionResults: {},
    response: { clientDataJSON: "eyJ0", authenticatorData: "AAAA", signature: "MEUC" },
  };

  it("accepts an answer of the shape browsers send", () => {
    expect(parsePasskeyResponse(authenticationResponseSchema, JSON.stringify(answer))).toEqual(answer);
  });

  it("gives null for anything else: not JSON, the wrong shape, not base64url, too long", () => {
    expect(parsePasskeyResponse(authenticationResponseSchema, "{not json")).toBeNull();
    expect(
      parsePasskeyResponse(authenticationResponseSchema, JSON.stringify({ ...answer, type: "password" })),
    ).toBeNull();
    const notBase64 = { ...answer, response: { ...answer.response, signature: "a+b/c=" } };
    expect(parsePasskeyResponse(authenticationResponseSchema, JSON.stringify(notBase64))).toBeNull();
    expect(parsePasskeyResponse(authenticationResponseSchema, " ".repeat(PASSKEY_RESPONSE_MAX + 1))).toBeNull();
    expect(parsePasskeyResponse(authenticationResponseSchema, undefined)).toBeNull();
  });
});
