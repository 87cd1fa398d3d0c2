// Due diligence before a prize is paid (issue 15, decision 059): which checks apply to an award,
// the formats of the registers' numbers, the subsidy-control threshold and where an award's checks
// stand. Pure: the services and the pages use it, and the unit tests cover it.

export const CHECK_KINDS = [
  "registration",
  "bank_details",
  "duplicate_funding",
  "conflicts",
  "safeguarding",
  "subsidy_control",
  "risk_rating",
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export const CHECK_LABELS: Record<CheckKind, string> = {
  registration: "Registration verified",
  bank_details: "Bank details verified by finance",
  duplicate_funding: "Duplicate funding",
  conflicts: "Conflicts of interest",
  safeguarding: "Safeguarding",
  subsidy_control: "Subsidy control",
  risk_rating: "Risk rating",
};

/** Proportionate checks: a smaller prize needs fewer (GovS 015, minimum requirement 7). */
export const LIGHT_CHECKS: readonly CheckKind[] = [
  "registration",
  "bank_details",
  "duplicate_funding",
  "conflicts",
  "risk_rating",
];
export const FULL_CHECKS: readonly CheckKind[] = CHECK_KINDS;

/**
 * A prize of this much cash or more gets every check unless the challenge says otherwise: the 2021
 * challenge's top 3 (£5,000 and up) against its top 20 (£500).
 */
export const FULL_CHECKS_FROM_PENCE = 500_000;

/** The checks a tier's awards need: the challenge's own list when it set one, else by the prize's size. */
export function checksForTier(tier: {
  cash_pence: number;
  due_diligence_checks: readonly string[] | null;
}): CheckKind[] {
  if (tier.due_diligence_checks) {
    return CHECK_KINDS.filter((k) => tier.due_diligence_checks!.includes(k));
  }
  return [...(tier.cash_pence >= FULL_CHECKS_FROM_PENCE ? FULL_CHECKS : LIGHT_CHECKS)];
}

/**
 * Minimal Financial Assistance: the most an enterprise may receive under that allowance over the
 * current and the previous two financial years, £315,000 (Subsidy Control Act 2022, section 36;
 * GOV.UK "Subsidy control regime: statutory guidance", the Minimal Financial Assistance chapter).
 * The one place the figure lives: a declaration over it is flagged for staff, who decide.
 */
export const MINIMAL_FINANCIAL_ASSISTANCE_PENCE = 31_500_000;

/** The UK financial year (April to March) a day falls in, by the calendar year it starts: 2026 for 5 December 2026. */
export function financialYearOf(day: Date): number {
  const year = day.getUTCFullYear();
  return day.getUTCMonth() >= 3 ? year : year - 1;
}

/** The three financial years a declaration covers, newest first: [2026, 2025, 2024]. */
export function declarationYears(day: Date): number[] {
  const current = financialYearOf(day);
  return [current, current - 1, current - 2];
}

/** "2026 to 2027". */
export function financialYearLabel(startYear: number): string {
  return `${startYear} to ${startYear + 1}`;
}

export const REGISTERS = ["charity_ew", "charity_scotland", "charity_ni", "company", "mutual"] as const;
export type Register = (typeof REGISTERS)[number];

export const REGISTER_LABELS: Record<Register, string> = {
  charity_ew: "Charity Commission for England and Wales",
  charity_scotland: "Scottish Charity Regulator (OSCR)",
  charity_ni: "Charity Commission for Northern Ireland",
  company: "Companies House (companies, CICs, LLPs)",
  mutual: "FCA Mutuals Public Register (co-operative and community benefit societies)",
};

// None of these registers publishes a check digit for its numbers (the Charity Commissions, OSCR,
// Companies House and the FCA's mutuals register all issue them in sequence), so the numbers are
// checked for their format only; staff then confirm them on the register itself. Nothing here
// invents a checksum the registers do not have.
const FORMATS: Record<Register, { pattern: RegExp; example: string }> = {
  // 6 or 7 digits (7 digits from 1,000,000 up); a linked charity adds "-1".
  charity_ew: { pattern: /^[2-9]\d{5}$|^1\d{6}$|^(?:[2-9]\d{5}|1\d{6})-\d{1,3}$/, example: "1123456" },
  charity_scotland: { pattern: /^SC0\d{5}$/, example: "SC012345" },
  charity_ni: { pattern: /^NIC1\d{5}$/, example: "NIC100123" },
  // 8 characters: 8 digits (leading zeros kept), or a 2-letter prefix and 6 digits (SC Scotland, NI
  // Northern Ireland, OC/SO/NC LLPs, LP/SL/NL partnerships, CE/CS CIOs, RC royal charter, ...),
  // or R and 7 digits (old Northern Ireland companies).
  company: {
    pattern: /^\d{8}$|^(?:SC|NI|OC|SO|NC|LP|SL|NL|CE|CS|RC|SR|NR|IP|SP|RS|FC|SF|NF|GE|ZC|SZ|NZ)\d{6}$|^R\d{7}$/,
    example: "09876543",
  },
  // The FCA's society numbers: digits and R (registered under the 2014 Act), or the older IP / RS
  // forms with a number, e.g. "31234R", "IP12345R", "RS007654".
  mutual: { pattern: /^\d{1,6}R$|^IP\d{1,6}R?$|^RS\d{6}$/, example: "31234R" },
};

/** A number as typed, made comparable: upper case, no spaces or full stops. */
export function normaliseRegistrationNumber(value: string): string {
  return value.toUpperCase().replace(/[\s.]/g, "");
}

export type RegistrationCheck = { ok: true; number: string } | { ok: false; message: string };

/** Whether a number has the register's format; its normalised form when it has. */
export function checkRegistrationNumber(register: Register, value: string): RegistrationCheck {
  const number = normaliseRegistrationNumber(value);
  if (!number) return { ok: false, message: "Enter the registration number" };
  const format = FORMATS[register];
  if (!format.pattern.test(number)) {
    return {
      ok: false,
      message: `“${value.trim().slice(0, 30)}” is not a number from the ${REGISTER_LABELS[register]}: it looks like ${format.example}`,
    };
  }
  return { ok: true, number };
}

/** The register an organisation's number most likely comes from, to preselect on the form. */
export function likelyRegister(type: string, number: string | null): Register {
  const n = normaliseRegistrationNumber(number ?? "");
  if (n.startsWith("SC") && /^SC0\d{5}$/.test(n) && type === "charity") return "charity_scotland";
  if (n.startsWith("NIC")) return "charity_ni";
  if (type === "charity" && /^\d{6,7}$/.test(n)) return "charity_ew";
  if (type === "cooperative" || type === "mutual") return "mutual";
  return "company";
}

export const RISK_RATINGS = ["low", "medium", "high"] as const;
export type RiskRating = (typeof RISK_RATINGS)[number];

export type ChecksStage = "not_started" | "in_progress" | "waiting_for_sign_off" | "signed_off";

export const CHECKS_STAGE_LABELS: Record<ChecksStage, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  waiting_for_sign_off: "Waiting for sign-off",
  signed_off: "Signed off",
};

export function checksStage(state: {
  checksDone: number;
  checksCompletedAt: Date | string | null;
  signedOffAt: Date | string | null;
}): ChecksStage {
  if (state.signedOffAt) return "signed_off";
  if (state.checksCompletedAt) return "waiting_for_sign_off";
  return state.checksDone > 0 ? "in_progress" : "not_started";
}

export type AgreementStage = "not_issued" | "waiting_for_signatory" | "accepted";

export const AGREEMENT_STAGE_LABELS: Record<AgreementStage, string> = {
  not_issued: "Not issued",
  waiting_for_signatory: "Waiting for the signatory",
  accepted: "Accepted",
};
