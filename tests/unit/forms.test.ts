import { z } from "zod";
import { describe, expect, it } from "vitest";
import { cleanText, emailAddress, formValues, parseForm, requiredText } from "../../app/domain/forms";

function form(entries: [string, string][]) {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

const schema = z.object({ name: requiredText("your full name", 100), email: emailAddress() });

describe("parseForm", () => {
  it("accepts good input and tidies it", () => {
    const result = parseForm(
      schema,
      form([
        ["name", "  Asha Patel "],
        ["email", "Asha@Example.org"],
      ]),
    );
    expect(result.ok && result.data).toEqual({ name: "Asha Patel", email: "asha@example.org" });
  });

  it("says what is missing in words a person understands", () => {
    const result = parseForm(schema, form([]));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual({ name: "Enter your full name", email: "Enter your email address" });
    }
  });

  it("refuses a 100 KB string with a message rather than failing", () => {
    const result = parseForm(
      schema,
      form([
        ["name", "x".repeat(100_000)],
        ["email", "a@b.co"],
      ]),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.name).toBe("Your full name must be 100 characters or fewer");
  });

  it("keeps the first value of a repeated single field and every value of a list field", () => {
    const values = formValues(
      form([
        ["name", "first"],
        ["name", "second"],
        ["area", "a"],
        ["area", "b"],
      ]),
      ["area", "none"],
    );
    expect(values).toEqual({ name: "first", area: ["a", "b"], none: [] });
  });

  it("never sends a password back to refill the form", () => {
    const result = parseForm(z.object({ password: z.string().min(20, "Too short") }), form([["password", "secret"]]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.values).not.toHaveProperty("password");
  });

  it("keeps what was typed when the form is refused", () => {
    const result = parseForm(
      schema,
      form([
        ["name", "Asha"],
        ["email", "not-an-email"],
      ]),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.values).toEqual({ name: "Asha", email: "not-an-email" });
  });
});

describe("cleanText", () => {
  it("removes control characters but keeps tabs and line breaks", () => {
    expect(cleanText("a\u0000b\u0007c\td\r\ne")).toBe("abc\td\ne");
  });
});
