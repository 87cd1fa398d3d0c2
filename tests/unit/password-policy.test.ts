import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS } from "../../app/domain/common-passwords";
import {
  isCommonPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  PASSWORD_MESSAGES,
  passwordError,
  passwordProblem,
} from "../../app/domain/password-policy";

describe("password length", () => {
  it("is at least 12 and at most 256 characters", () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(MAX_PASSWORD_LENGTH).toBe(256);
  });

  it("refuses 11 characters and accepts 12", () => {
    expect(passwordProblem("kettle-plum")).toBe("too_short"); // 11
    expect(passwordProblem("kettle-plums")).toBeNull(); // 12
  });

  it("accepts 256 characters and refuses 257", () => {
    const words = "violet harbour quietly jumps over seven amber kites ";
    const long = words.repeat(6).slice(0, 256);
    expect(long).toHaveLength(256);
    expect(passwordProblem(long)).toBeNull();
    expect(passwordProblem(`${long}x`)).toBe("too_long");
  });

  it("refuses a 100 KB password as too long without looking further", () => {
    const huge = "a".repeat(100_000);
    expect(passwordProblem(huge)).toBe("too_long");
    expect(passwordError(huge)).toBe("Password must be 256 characters or fewer");
  });

  it("counts characters, not bytes: twelve accented letters are long enough", () => {
    expect(passwordProblem("éàüöñçøåßœæí")).toBeNull();
  });

  it("says to enter a password when there is none", () => {
    expect(passwordError("")).toBe("Enter a password");
  });

  it("has no composition rules: all lower case, no digits or symbols is fine", () => {
    expect(passwordProblem("correct pony battery nail")).toBeNull();
    expect(passwordProblem("marmalade umbrella tuesday")).toBeNull();
  });

  it("accepts a long passphrase", () => {
    expect(passwordProblem("the ferry to the island leaves at dawn on thursdays")).toBeNull();
  });
});

describe("common passwords", () => {
  it("lists well over a thousand of them, in lower case", () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(2000);
    for (const p of ["123456", "password", "qwerty", "iloveyou", "liverpool", "arsenal", "trustno1"]) {
      expect(COMMON_PASSWORDS.has(p)).toBe(true);
    }
    expect([...COMMON_PASSWORDS].every((p) => p === p.toLowerCase())).toBe(true);
  });

  it("refuses a common password long enough to pass the length rule", () => {
    expect(passwordProblem("qwertyuiopasdfghjkl")).toBe("common");
    expect(passwordProblem("manchesterunited")).toBe("common");
    expect(passwordError("iloveyouforever")).toBe(PASSWORD_MESSAGES.common);
  });

  it("refuses a common password whatever its case", () => {
    expect(passwordProblem("ManchesterUnited")).toBe("common");
  });

  it("refuses a common word with digits or symbols added at either end", () => {
    expect(passwordProblem("Password1234")).toBe("common");
    expect(passwordProblem("liverpool2024!")).toBe("common");
    expect(passwordProblem("!!!sunshine!!!")).toBe("common");
  });

  it("refuses look-alike swaps of a common password", () => {
    expect(isCommonPassword("p@55w0rd")).toBe(true);
    expect(passwordProblem("P@55w0rd2024")).toBe("common");
  });

  it("does not refuse a passphrase just because it contains a common word", () => {
    expect(passwordProblem("monkey wrench biscuit tin")).toBeNull();
    expect(passwordProblem("dragon fruit smoothie bar")).toBeNull();
  });
});

describe("predictable passwords", () => {
  it("refuses repeated characters and repeated chunks", () => {
    expect(passwordProblem("aaaaaaaaaaaa")).toBe("predictable");
    expect(passwordProblem("abcabcabcabc")).toBe("predictable");
    expect(passwordProblem("zq9!zq9!zq9!")).toBe("predictable");
    expect(passwordProblem("            ")).toBe("predictable");
  });

  it("refuses runs along the alphabet, the digits or the keyboard", () => {
    expect(passwordProblem("abcdefghijklmn")).toBe("predictable");
    expect(passwordProblem("9876543210987")).toBe("predictable");
    expect(passwordProblem("mnbvcxzlkjhgf")).toBe("predictable");
  });
});

describe("passwords about their owner or this service", () => {
  it("refuses a password containing the local part of the email address", () => {
    expect(passwordProblem("Priya.Chauhan-rocks", { email: "priya.chauhan@example.com" })).toBe("contains_email");
    expect(passwordError("my jo.bloggs password", { email: "jo.bloggs+challenge@example.org" })).toBe(
      "Password must not include your email address",
    );
  });

  it("ignores a local part too short to matter", () => {
    expect(passwordProblem("reliable kettle drum", { email: "al@example.com" })).toBeNull();
  });

  it("the same password is fine for someone else", () => {
    expect(passwordProblem("Priya.Chauhan-rocks", { email: "helen@example.com" })).toBeNull();
  });

  it("refuses a password containing the person's full name", () => {
    expect(passwordProblem("helenmarsh is great", { name: "Helen Marsh" })).toBe("contains_name");
  });

  it("refuses a password containing the name of the service", () => {
    expect(passwordProblem("Community Recovery 2026")).toBe("contains_service_name");
    expect(passwordProblem("my-innovation-challenge")).toBe("contains_service_name");
  });
});

describe("properties", () => {
  it("every string of 12 to 256 characters gets an answer, and anything longer is too long", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 400 }), (password) => {
        const problem = passwordProblem(password, { email: "someone@example.com", name: "Some One" });
        if (password.length > MAX_PASSWORD_LENGTH) expect(problem).toBe("too_long");
        if (problem === null) expect([...password].length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
      }),
    );
  });

  it("adding digits to the end of a common password never makes it acceptable", () => {
    const words = [...COMMON_PASSWORDS].filter((p) => /^[a-z]{4,}$/.test(p));
    fc.assert(
      fc.property(fc.constantFrom(...words), fc.stringMatching(/^[0-9]{0,12}$/), (word, digits) => {
        expect(passwordProblem(word + digits)).not.toBeNull();
      }),
    );
  });
});
