import { z } from "zod";
import type { OrganisationType } from "../../db/schema";
import { optionalText, requiredText } from "./forms";
import { ORGANISATION_TYPE_VALUES } from "./organisation-types";
import { isCharityNumber, isMutualsRegisterNumber, normaliseCompanyNumber, normalisePostcode } from "./uk-formats";

// What an organisation form accepts. Pure: whether the local authority exists, and whether the
// person may change this organisation, is for the service.

type Register = "charity" | "company" | "mutuals";

interface RegistrationRule {
  /** The registers a number may come from, in the order they are tried. */
  registers: readonly Register[];
  /** The message when the number is left out; absent when it may be left out. */
  missing?: string;
  invalid: string;
}

// Only a CIC always has a number: every CIC is a company. Everyone else may have none: an
// unregistered community group, an exempt or excepted charity (a church, a scout group), a sole
// trader, an unincorporated co-operative. So their number is optional, but checked against the
// registers their kind of organisation can be on whenever it is given.
export const REGISTRATION_RULES: Record<OrganisationType, RegistrationRule> = {
  community_group: {
    registers: ["charity", "company", "mutuals"],
    invalid:
      "Enter a charity number, company number or Mutuals Register number in the correct format, or leave it blank if your group is not registered",
  },
  charity: {
    registers: ["charity"],
    invalid:
      "Enter a charity number in the correct format: 6 or 7 digits, like 1234567. Leave it blank if your charity is exempt or excepted",
  },
  cic: {
    registers: ["company"],
    missing: "Enter your company number, like 01234567",
    invalid:
      "Enter a company number in the correct format: 8 digits, or 2 letters and 6 digits, like 01234567 or SC123456",
  },
  social_enterprise: {
    registers: ["company", "charity", "mutuals"],
    invalid:
      "Enter a company number, charity number or Mutuals Register number in the correct format, or leave it blank if your social enterprise is not registered",
  },
  cooperative: {
    registers: ["mutuals", "company"],
    invalid:
      "Enter a Mutuals Register number (like 12345R) or a company number (like 01234567), or leave it blank if your co-operative is not registered",
  },
  mutual: {
    registers: ["mutuals", "company"],
    invalid:
      "Enter a Mutuals Register number (like 12345R) or a company number (like 01234567), or leave it blank if your mutual is not registered",
  },
  sme: {
    registers: ["company"],
    invalid:
      "Enter a company number in the correct format: 8 digits, or 2 letters and 6 digits, like 01234567 or SC123456. Leave it blank if your business is not a company",
  },
};

export type RegistrationCheck = { ok: true; value: string | null } | { ok: false; message: string };

const MAX_REGISTRATION_LENGTH = 20;

/**
 * Checks a registration number for the kind of organisation and gives it in its usual written
 * form (no spaces, capitals; company numbers padded to 8 characters). Blank means none.
 */
export function checkRegistrationNumber(type: OrganisationType, input: string): RegistrationCheck {
  const rule = REGISTRATION_RULES[type];
  const compact = input.replace(/\s+/g, "").toUpperCase();
  if (compact === "") return rule.missing ? { ok: false, message: rule.missing } : { ok: true, value: null };
  if (compact.length > MAX_REGISTRATION_LENGTH) return { ok: false, message: rule.invalid };
  // With several possible registers the number is kept as typed (bar spaces and case): "1234567"
  // for a community group may be a charity or a company, and padding it would change a charity's.
  const onlyOne = rule.registers.length === 1;
  for (const register of rule.registers) {
    switch (register) {
      case "charity":
        if (isCharityNumber(compact)) return { ok: true, value: compact };
        break;
      case "company": {
        const company = normaliseCompanyNumber(compact);
        if (company) return { ok: true, value: onlyOne ? company : compact };
        break;
      }
      case "mutuals":
        if (isMutualsRegisterNumber(compact)) return { ok: true, value: compact };
        break;
    }
  }
  return { ok: false, message: rule.invalid };
}

export const WEBSITE_EXAMPLE = "https://www.example.org";

/**
 * A website address people can follow: http or https, a host name with a dot, no password in
 * it. "www.example.org" is taken to mean https://www.example.org. Null when it isn't one.
 */
export function normaliseWebsite(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed === "" || trimmed.length > 500 || /\s/.test(trimmed)) return null;
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed);
  if (hasScheme && !/^https?:\/\//i.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(hasScheme ? trimmed : `https://${trimmed}`);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(url.hostname)) return null;
  if (!/[a-z]/i.test(url.hostname.split(".").pop() ?? "")) return null;
  return url.toString();
}

/** A UK (or international, written with +) telephone number, tidied; null when it isn't one. */
export function normalisePhone(input: string): string | null {
  const trimmed = input.trim().replace(/\s+/g, " ");
  if (!/^\+?[0-9 ()-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, "");
  if (trimmed.startsWith("+")) return digits.length >= 8 && digits.length <= 15 ? trimmed : null;
  return /^0[0-9]{9,10}$/.test(digits) ? trimmed : null;
}

const POSTCODE_FORMAT = "Enter a full UK postcode, like B1 1BB";
const WEBSITE_FORMAT = `Enter a website address in the correct format, like ${WEBSITE_EXAMPLE}`;
const PHONE_FORMAT = "Enter a telephone number, like 0121 496 0000 or 07700 900 982";
const EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com";
const TYPE_MISSING = "Select the type of organisation";
const AREA_MISSING = "Select the local authority area where your organisation is based";

export const organisationSchema = z
  .object({
    name: requiredText("the name of your organisation", 200),
    type: z.enum(ORGANISATION_TYPE_VALUES, { error: TYPE_MISSING }),
    registrationNumber: optionalText("the registration number", 100),
    // ONS codes are 9 characters; the service checks the code is one of ours.
    localAuthorityCode: z
      .string({ error: AREA_MISSING })
      .trim()
      .regex(/^[EWSN][0-9]{8}$/, AREA_MISSING),
    postcode: z
      .string({ error: "Enter the postcode" })
      .transform((s) => s.trim())
      .pipe(
        z
          .string()
          .min(1, "Enter the postcode")
          .max(20, POSTCODE_FORMAT)
          .refine((s) => normalisePostcode(s) !== null, POSTCODE_FORMAT),
      )
      .transform((s) => normalisePostcode(s)!),
    // Refinements, not failing transforms: a failed transform stops zod before the check of the
    // registration number below, and every problem should show at once.
    website: optionalText("the website address", 500)
      .refine((s) => s === "" || normaliseWebsite(s) !== null, WEBSITE_FORMAT)
      .transform((s) => (s === "" ? null : normaliseWebsite(s))),
    contactName: requiredText("the name of the main contact", 200),
    contactEmail: z
      .string({ error: "Enter the main contact's email address" })
      .transform((s) => s.trim().toLowerCase())
      .pipe(
        z
          .string()
          .min(1, "Enter the main contact's email address")
          .max(254, "The email address must be 254 characters or fewer")
          .pipe(z.email(EMAIL_FORMAT)),
      ),
    contactPhone: optionalText("the telephone number", 30)
      .refine((s) => s === "" || normalisePhone(s) !== null, PHONE_FORMAT)
      .transform((s) => (s === "" ? null : normalisePhone(s))),
  })
  .superRefine((value, ctx) => {
    // Runs even when other fields failed, so that every problem shows at once; the raw values
    // may then be anything, hence the type checks.
    const { type, registrationNumber } = value as Record<string, unknown>;
    if (typeof type !== "string" || !(ORGANISATION_TYPE_VALUES as readonly string[]).includes(type)) return;
    if (typeof registrationNumber !== "string") return;
    const check = checkRegistrationNumber(type as OrganisationType, registrationNumber);
    if (!check.ok) ctx.addIssue({ code: "custom", path: ["registrationNumber"], message: check.message });
  })
  .transform((value) => {
    const check = checkRegistrationNumber(value.type, value.registrationNumber);
    return { ...value, registrationNumber: check.ok ? check.value : null };
  });

export type OrganisationInput = z.output<typeof organisationSchema>;

export const inviteColleagueSchema = z.object({
  email: z
    .string({ error: "Enter your colleague's email address" })
    .transform((s) => s.trim().toLowerCase())
    .pipe(
      z
        .string()
        .min(1, "Enter your colleague's email address")
        .max(254, "The email address must be 254 characters or fewer")
        .pipe(z.email(EMAIL_FORMAT)),
    ),
});

/** The id of an invitation in a form (withdrawing it), as posted. */
export const invitationIdSchema = z.object({
  invitationId: z.coerce
    .number({ error: "Choose an invitation" })
    .int("Choose an invitation")
    .positive("Choose an invitation")
    .max(2_147_483_647, "Choose an invitation"),
});
