import { describe, expect, it } from "vitest";
import { parseValues, type FormValues } from "../../app/domain/forms";
import {
  checkRegistrationNumber,
  inviteColleagueSchema,
  invitationIdSchema,
  normalisePhone,
  normaliseWebsite,
  organisationSchema,
} from "../../app/domain/organisation-schema";

const GOOD: FormValues = {
  name: "Sparkbrook Community Pantry",
  type: "community_group",
  registrationNumber: "",
  localAuthorityCode: "E08000025",
  postcode: "b11 1aa",
  website: "",
  contactName: "Amina Hussain",
  contactEmail: "Amina@Example.org",
  contactPhone: "",
};

function parse(overrides: FormValues) {
  return parseValues(organisationSchema, { ...GOOD, ...overrides });
}

function errorsOf(overrides: FormValues) {
  const result = parse(overrides);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.data)}`);
  return result.errors;
}

describe("the organisation form", () => {
  it("accepts an unregistered community group and tidies what was typed", () => {
    const result = parse({ name: "  Sparkbrook Community Pantry  " });
    expect(result.ok && result.data).toEqual({
      name: "Sparkbrook Community Pantry",
      type: "community_group",
      registrationNumber: null,
      localAuthorityCode: "E08000025",
      postcode: "B11 1AA",
      website: null,
      contactName: "Amina Hussain",
      contactEmail: "amina@example.org",
      contactPhone: null,
    });
  });

  it("lists every missing answer at once, in words a person understands", () => {
    const result = parseValues(organisationSchema, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      name: "Enter the name of your organisation",
      type: "Select the type of organisation",
      localAuthorityCode: "Select the local authority area where your organisation is based",
      postcode: "Enter the postcode",
      contactName: "Enter the name of the main contact",
      contactEmail: "Enter the main contact's email address",
    });
  });

  it("still checks the registration number when another answer is wrong", () => {
    const errors = errorsOf({ type: "cic", registrationNumber: "", postcode: "nowhere" });
    expect(errors.registrationNumber).toBe("Enter your company number, like 01234567");
    expect(errors.postcode).toBe("Enter a full UK postcode, like B1 1BB");
  });

  it("refuses a type that is not on the list", () => {
    expect(errorsOf({ type: "plc" }).type).toBe("Select the type of organisation");
  });

  it("refuses a local authority code that is not shaped like one", () => {
    expect(errorsOf({ localAuthorityCode: "'; drop table organisation; --" }).localAuthorityCode).toBe(
      "Select the local authority area where your organisation is based",
    );
  });

  it("answers hostile input with messages, not exceptions", () => {
    const huge = "x".repeat(100_000);
    const errors = errorsOf({
      name: huge,
      registrationNumber: huge,
      postcode: huge,
      website: huge,
      contactName: huge,
      contactEmail: huge,
      contactPhone: huge,
    });
    expect(errors).toMatchObject({
      name: "The name of your organisation must be 200 characters or fewer",
      registrationNumber: "The registration number must be 100 characters or fewer",
      postcode: "Enter a full UK postcode, like B1 1BB",
      website: "The website address must be 500 characters or fewer",
      contactName: "The name of the main contact must be 200 characters or fewer",
      contactEmail: "The email address must be 254 characters or fewer",
      contactPhone: "The telephone number must be 30 characters or fewer",
    });
    // Repeated fields arrive as arrays when a script sends them; they are refused, not thrown.
    expect(parseValues(organisationSchema, { ...GOOD, name: ["a", "b"] }).ok).toBe(false);
  });

  it("keeps a registration number only in its written form", () => {
    const result = parse({ type: "cic", registrationNumber: " 1234 567 " });
    expect(result.ok && result.data.registrationNumber).toBe("01234567");
  });
});

describe("registration numbers by type of organisation", () => {
  it("a charity number is 6 or 7 digits, optionally with a subsidiary number", () => {
    expect(checkRegistrationNumber("charity", "1234567")).toEqual({ ok: true, value: "1234567" });
    expect(checkRegistrationNumber("charity", "504 321")).toEqual({ ok: true, value: "504321" });
    expect(checkRegistrationNumber("charity", "1234567-1")).toEqual({ ok: true, value: "1234567-1" });
    expect(checkRegistrationNumber("charity", "12345")).toEqual({
      ok: false,
      message:
        "Enter a charity number in the correct format: 6 or 7 digits, like 1234567. Leave it blank if your charity is exempt or excepted",
    });
    // A company number is not a charity number.
    expect(checkRegistrationNumber("charity", "SC123456").ok).toBe(false);
  });

  it("an exempt or excepted charity may leave it blank", () => {
    expect(checkRegistrationNumber("charity", "  ")).toEqual({ ok: true, value: null });
  });

  it("a CIC must give a company number, padded to 8 characters", () => {
    expect(checkRegistrationNumber("cic", "")).toEqual({
      ok: false,
      message: "Enter your company number, like 01234567",
    });
    expect(checkRegistrationNumber("cic", "9876543")).toEqual({ ok: true, value: "09876543" });
    expect(checkRegistrationNumber("cic", "sc123456")).toEqual({ ok: true, value: "SC123456" });
    expect(checkRegistrationNumber("cic", "ABC12345").ok).toBe(false);
    expect(checkRegistrationNumber("cic", "123456789").ok).toBe(false);
  });

  it("an SME that is not a company may leave it blank, but a company number given is checked", () => {
    expect(checkRegistrationNumber("sme", "")).toEqual({ ok: true, value: null });
    expect(checkRegistrationNumber("sme", "NI012345")).toEqual({ ok: true, value: "NI012345" });
    const refused = checkRegistrationNumber("sme", "12-34");
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(/^Enter a company number in the correct format/);
  });

  it("co-operatives and mutuals give a Mutuals Register number, or a company number", () => {
    expect(checkRegistrationNumber("cooperative", "12345R")).toEqual({ ok: true, value: "12345R" });
    expect(checkRegistrationNumber("mutual", "ip 3060")).toEqual({ ok: true, value: "IP3060" });
    expect(checkRegistrationNumber("cooperative", "SC123456")).toEqual({ ok: true, value: "SC123456" });
    expect(checkRegistrationNumber("mutual", "")).toEqual({ ok: true, value: null });
    expect(checkRegistrationNumber("cooperative", "R12345").ok).toBe(false);
  });

  it("community groups and social enterprises may give a number from any of the registers, kept as typed", () => {
    // 7 digits could be a charity's or a company's: padding it would spoil a charity number.
    expect(checkRegistrationNumber("community_group", "1234567")).toEqual({ ok: true, value: "1234567" });
    expect(checkRegistrationNumber("social_enterprise", "oc123456")).toEqual({ ok: true, value: "OC123456" });
    expect(checkRegistrationNumber("community_group", "")).toEqual({ ok: true, value: null });
    expect(checkRegistrationNumber("social_enterprise", "not a number").ok).toBe(false);
  });

  it("refuses anything longer than any register's numbers", () => {
    expect(checkRegistrationNumber("community_group", "1".repeat(21)).ok).toBe(false);
  });
});

describe("postcodes", () => {
  it("accepts a UK postcode however it is spaced and writes it the usual way", () => {
    const result = parse({ postcode: " cv1  2aa " });
    expect(result.ok && result.data.postcode).toBe("CV1 2AA");
  });

  it("refuses part of a postcode", () => {
    expect(errorsOf({ postcode: "B11" }).postcode).toBe("Enter a full UK postcode, like B1 1BB");
  });
});

describe("websites", () => {
  it("accepts http and https addresses", () => {
    expect(normaliseWebsite("https://www.sparkbrookpantry.org.uk/about")).toBe(
      "https://www.sparkbrookpantry.org.uk/about",
    );
    expect(normaliseWebsite("http://example.org")).toBe("http://example.org/");
  });

  it("takes an address typed without https:// to mean https", () => {
    expect(normaliseWebsite("www.example.org")).toBe("https://www.example.org/");
  });

  it("refuses other schemes, passwords in the address, and things that are not addresses", () => {
    expect(normaliseWebsite("javascript:alert(1)")).toBeNull();
    expect(normaliseWebsite("ftp://example.org")).toBeNull();
    expect(normaliseWebsite("https://user:secret@example.org")).toBeNull();
    expect(normaliseWebsite("https://localhost")).toBeNull();
    expect(normaliseWebsite("our website")).toBeNull();
    expect(normaliseWebsite("https://10.0.0.1")).toBeNull();
  });

  it("leaves the website out when none is given, and says how to write one when it is wrong", () => {
    const blank = parse({ website: "   " });
    expect(blank.ok && blank.data.website).toBeNull();
    expect(errorsOf({ website: "javascript:alert(1)" }).website).toBe(
      "Enter a website address in the correct format, like https://www.example.org",
    );
  });
});

describe("telephone numbers", () => {
  it("accepts UK numbers as people write them, and international ones with +", () => {
    expect(normalisePhone("0121 496 0000")).toBe("0121 496 0000");
    expect(normalisePhone("07700  900982")).toBe("07700 900982");
    expect(normalisePhone("+44 121 496 0000")).toBe("+44 121 496 0000");
  });

  it("refuses too few digits and letters", () => {
    expect(normalisePhone("0121 496")).toBeNull();
    expect(normalisePhone("call me")).toBeNull();
    expect(errorsOf({ contactPhone: "12345" }).contactPhone).toBe(
      "Enter a telephone number, like 0121 496 0000 or 07700 900 982",
    );
  });
});

describe("inviting a colleague", () => {
  it("needs an email address, lower-cased", () => {
    const good = parseValues(inviteColleagueSchema, { email: " Sam@Example.ORG " });
    expect(good.ok && good.data.email).toBe("sam@example.org");
    const missing = parseValues(inviteColleagueSchema, {});
    expect(!missing.ok && missing.errors.email).toBe("Enter your colleague's email address");
    const wrong = parseValues(inviteColleagueSchema, { email: "sam at example" });
    expect(!wrong.ok && wrong.errors.email).toBe("Enter an email address in the correct format, like name@example.com");
  });

  it("withdrawing takes a whole positive invitation number and nothing else", () => {
    expect(parseValues(invitationIdSchema, { invitationId: "42" })).toMatchObject({
      ok: true,
      data: { invitationId: 42 },
    });
    for (const bad of ["", "0", "-1", "1.5", "abc", "99999999999"]) {
      expect(parseValues(invitationIdSchema, { invitationId: bad }).ok, bad).toBe(false);
    }
  });
});
