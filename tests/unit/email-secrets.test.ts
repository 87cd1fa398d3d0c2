import { describe, expect, it } from "vitest";
import { SECRET_REMOVED, withoutSecrets, type EmailTemplate } from "../../emails/registry";
import { templates } from "../../emails/templates";

// The outbox drops a template's secretProps once the email is sent. A template whose link carries
// a single-use token but does not declare it would leave the raw token in the database for good,
// so every template's preview props are checked for token-shaped links.

// A token is 32 characters of lower-case base32 (generateSessionToken), as a path segment.
const TOKEN_IN_LINK = /\/[a-z2-7]{32}(?:[/?#]|$)/;

function stringProps(props: object): [string, string][] {
  return Object.entries(props).filter((entry): entry is [string, string] => typeof entry[1] === "string");
}

describe("secret props of email templates", () => {
  const entries = Object.entries(templates) as [string, EmailTemplate<object>][];

  it.each(entries)("%s declares every prop whose link carries a token", (_name, template) => {
    const preview = template.Component.PreviewProps;
    expect(preview, "every template has preview props").toBeDefined();
    const withTokens = stringProps(preview!)
      .filter(([, value]) => TOKEN_IN_LINK.test(value))
      .map(([key]) => key);
    expect([...(template.secretProps ?? [])].sort()).toEqual(expect.arrayContaining(withTokens.sort()));
  });

  it("the four emails with single-use links declare them", () => {
    expect(templates["verify-email"].secretProps).toEqual(["verifyUrl"]);
    expect(templates["reset-password"].secretProps).toEqual(["resetUrl"]);
    expect(templates.invitation.secretProps).toEqual(["acceptUrl"]);
    expect(templates["organisation-invitation"].secretProps).toEqual(["joinUrl"]);
  });

  it("replaces only the secret props, leaving the rest as they were", () => {
    const props = {
      name: "Priya",
      verifyUrl: "https://example.org/verify-email/abcdefghijklmnopqrstuvwxyz234567",
      expiresIn: "24 hours",
    };
    expect(withoutSecrets(templates["verify-email"], props)).toEqual({
      name: "Priya",
      verifyUrl: SECRET_REMOVED,
      expiresIn: "24 hours",
    });
    // The original is not changed (the worker may still need it).
    expect(props.verifyUrl).toContain("/verify-email/");
    // A template with no secrets keeps everything; odd shapes pass through.
    expect(withoutSecrets(templates["password-changed"], { name: "Priya" })).toEqual({ name: "Priya" });
    expect(withoutSecrets(templates["verify-email"], null)).toBeNull();
    expect(withoutSecrets(undefined, { a: 1 })).toEqual({ a: 1 });
  });
});
