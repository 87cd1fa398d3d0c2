import type { OrganisationType } from "../../db/schema";
import { COUNCIL_ENTITY_TYPES, threeSixtyGivingProblems, type GeoCodeType } from "./three-sixty-giving-schema";
import { REGISTRATION_RULES } from "./organisation-schema";
import { isCharityNumber, isMutualsRegisterNumber, normaliseCompanyNumber } from "./uk-formats";

// The awards as open data in the 360Giving Data Standard, the UK format for publishing grants
// (standard.threesixtygiving.org): a JSON package {"grants": [...]} and the same grants as a
// spreadsheet with the standard's column titles. Pure: the service loads the awards and the
// configuration, these functions shape them, and `checkedPackage` refuses to hand out a package
// that breaks the standard's rules (three-sixty-giving-schema.ts).
//
// How an award is counted (decision 063): amountAwarded is what the award decision recorded, the
// award's cash prize plus its support cap (support, investment and coaching the programme has
// committed to the winner), copied onto the award when the list was proposed, so a later change
// to a prize tier never changes it; the description says how much of it is support. Each award is
// one grant, so a winner holding two awards (a top-20 cash prize and a top-3 support package)
// appears as two grants.

export interface ThreeSixtyGivingSettings {
  /** The publisher's prefix, registered with 360Giving: "360G-" and the publisher's code. */
  prefix: string;
  fundingOrganisation: { id: string; name: string };
}

export interface AwardForPublication {
  awardId: number;
  entryReference: string;
  entryTitle: string;
  entrySummary: string;
  prizeName: string;
  challengeTitle: string;
  cashPence: number;
  supportCapPence: number;
  /** YYYY-MM-DD: the day the results were published (the award was made public). */
  awardDate: string;
  lastModified: Date;
  organisation: { id: number; name: string; type: OrganisationType; registrationNumber: string | null };
  /** The council areas the idea works in (their ONS codes and names), where it names any. */
  areas: { code: string; name: string }[];
  /**
   * YYYY-MM-DD: when the support planned for the award ends (its last milestone), or null when
   * there is none: a cash prize is paid once, so its planned dates are the award date.
   */
  plannedEndDate: string | null;
}

export interface OrganisationRef {
  id: string;
  name: string;
  charityNumber?: string;
  companyNumber?: string;
}

export interface BeneficiaryLocation {
  name: string;
  countryCode: string;
  geoCode: string;
  geoCodeType: GeoCodeType;
}

export interface Grant {
  id: string;
  title: string;
  description: string;
  currency: string;
  amountAwarded: number;
  awardDate: string;
  plannedDates: { startDate: string; endDate: string }[];
  recipientOrganization: OrganisationRef[];
  beneficiaryLocation?: BeneficiaryLocation[];
  fundingOrganization: OrganisationRef[];
  lastModified: string;
  grantProgramme: { title: string }[];
}

type Register = "charity" | "company" | "mutuals";

/**
 * The organisation's identifier in the org-id.guide lists 360Giving uses: a registered charity
 * GB-CHC-, a company GB-COH-, a society on the FCA's Mutuals Public Register GB-MPR-, tried in the
 * order the organisation form tries registers for that kind of organisation. An organisation with
 * no registration number gets one under the publisher's prefix, as the standard allows.
 */
export function recipientOrganisation(
  organisation: AwardForPublication["organisation"],
  prefix: string,
): OrganisationRef {
  const number = (organisation.registrationNumber ?? "").replace(/\s+/g, "").toUpperCase();
  const base = { name: organisation.name };
  if (number) {
    for (const register of REGISTRATION_RULES[organisation.type].registers as readonly Register[]) {
      if (register === "charity" && isCharityNumber(number)) {
        // A linked charity ("1123456-1") is identified by its main charity's number.
        const main = number.replace(/-[0-9]{1,2}$/, "");
        return { ...base, id: `GB-CHC-${main}`, charityNumber: main };
      }
      if (register === "company") {
        const company = normaliseCompanyNumber(number);
        if (company) return { ...base, id: `GB-COH-${company}`, companyNumber: company };
      }
      if (register === "mutuals" && isMutualsRegisterNumber(number)) return { ...base, id: `GB-MPR-${number}` };
    }
  }
  return { ...base, id: `${prefix}-ORG-${organisation.id}` };
}

/** Pence to pounds as a JSON number: integer arithmetic, then one exact division by 100. */
export function penceToPounds(pence: number): number {
  if (!Number.isSafeInteger(pence) || pence < 0)
    throw new RangeError(`Not a whole, non-negative number of pence: ${pence}`);
  return Number(`${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, "0")}`);
}

/**
 * One grant per award. A winner's support (coaching, investment and in-kind help up to the cap) is
 * part of what was awarded, so it counts in the amount beside any cash, and the description says so.
 */
export function toGrant(award: AwardForPublication, settings: ThreeSixtyGivingSettings): Grant {
  const amountPence = award.cashPence + award.supportCapPence;
  const parts = [award.entrySummary.trim() || award.entryTitle];
  if (award.supportCapPence > 0) {
    parts.push(
      `Includes support, investment and coaching worth up to £${penceToPounds(award.supportCapPence).toFixed(2)}.`,
    );
  }
  return {
    id: `${settings.prefix}-${award.awardId}`,
    title: `${award.prizeName}: ${award.entryTitle}`,
    description: parts.join(" "),
    currency: "GBP",
    amountAwarded: penceToPounds(amountPence),
    awardDate: award.awardDate,
    plannedDates: [
      {
        startDate: award.awardDate,
        endDate:
          award.plannedEndDate && award.plannedEndDate > award.awardDate ? award.plannedEndDate : award.awardDate,
      },
    ],
    recipientOrganization: [recipientOrganisation(award.organisation, settings.prefix)],
    ...(award.areas.length ? { beneficiaryLocation: award.areas.map(beneficiaryLocation) } : {}),
    fundingOrganization: [{ id: settings.fundingOrganisation.id, name: settings.fundingOrganisation.name }],
    lastModified: award.lastModified.toISOString().replace(/\.\d{3}Z$/, "Z"),
    grantProgramme: [{ title: award.challengeTitle }],
  };
}

/**
 * A council area as a beneficiary location: its ONS code, with the geographic code type the
 * standard's codelist gives that kind of area (a metropolitan borough's E08 code is "MD").
 */
export function beneficiaryLocation(area: { code: string; name: string }): BeneficiaryLocation {
  const geoCodeType = COUNCIL_ENTITY_TYPES[area.code.slice(0, 3)];
  if (!geoCodeType) throw new RangeError(`Not the ONS code of a council area: ${area.code}`);
  return { name: area.name, countryCode: "GB", geoCode: area.code, geoCodeType };
}

export function toPackage(
  awards: readonly AwardForPublication[],
  settings: ThreeSixtyGivingSettings,
): { grants: Grant[] } {
  return { grants: awards.map((award) => toGrant(award, settings)) };
}

/**
 * The package, checked against the standard's rules: the grants, or every problem found (each
 * naming the grant and the field), so nothing that breaks the standard is ever handed out.
 */
export function checkedPackage(
  awards: readonly AwardForPublication[],
  settings: ThreeSixtyGivingSettings,
): { ok: true; package: { grants: Grant[] } } | { ok: false; problems: string[] } {
  let data: { grants: Grant[] };
  try {
    data = toPackage(awards, settings);
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, problems: [error.message] };
    throw error;
  }
  const problems = threeSixtyGivingProblems(data);
  return problems.length ? { ok: false, problems } : { ok: true, package: data };
}

/** The sentence shown when the export is refused: the first few problems, and how many more. */
export function exportRefusal(problems: readonly string[]): string {
  const shown = problems.slice(0, 5).join("; ");
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : "";
  return `The 360Giving export was not produced because it would break the standard's rules: ${shown}${more}. Correct the records, or the publisher settings, and try again`;
}

/** The standard's spreadsheet column titles, required fields first. */
export const GRANT_CSV_HEADER = [
  "Identifier",
  "Title",
  "Description",
  "Currency",
  "Amount Awarded",
  "Award Date",
  "Planned Dates:Start Date",
  "Planned Dates:End Date",
  "Recipient Org:Identifier",
  "Recipient Org:Name",
  "Recipient Org:Charity Number",
  "Recipient Org:Company Number",
  "Beneficiary Location:Name",
  "Beneficiary Location:Country Code",
  "Beneficiary Location:Geographic Code",
  "Beneficiary Location:Geographic Code Type",
  "Funding Org:Identifier",
  "Funding Org:Name",
  "Grant Programme:Title",
  "Last Modified",
] as const;

/**
 * One grant as a spreadsheet row. The spreadsheet form has one beneficiary location per row, so an
 * idea working in several council areas shows the first here; the JSON package lists them all.
 */
export function grantCsvRow(grant: Grant): (string | number)[] {
  const recipient = grant.recipientOrganization[0]!;
  const funder = grant.fundingOrganization[0]!;
  const dates = grant.plannedDates[0];
  const location = grant.beneficiaryLocation?.[0];
  return [
    grant.id,
    grant.title,
    grant.description,
    grant.currency,
    grant.amountAwarded.toFixed(2),
    grant.awardDate,
    dates?.startDate ?? "",
    dates?.endDate ?? "",
    recipient.id,
    recipient.name,
    recipient.charityNumber ?? "",
    recipient.companyNumber ?? "",
    location?.name ?? "",
    location?.countryCode ?? "",
    location?.geoCode ?? "",
    location?.geoCodeType ?? "",
    funder.id,
    funder.name,
    grant.grantProgramme[0]?.title ?? "",
    grant.lastModified,
  ];
}
