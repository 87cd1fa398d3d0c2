import type { OrganisationType } from "../../db/schema";
import { REGISTRATION_RULES } from "./organisation-schema";
import { isCharityNumber, isMutualsRegisterNumber, normaliseCompanyNumber } from "./uk-formats";

// The awards as open data in the 360Giving Data Standard, the UK format for publishing grants
// (standard.threesixtygiving.org): a JSON package {"grants": [...]} and the same grants as a
// spreadsheet with the standard's column titles. Pure: the service loads the awards and the
// configuration, these functions shape them.

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
}

export interface OrganisationRef {
  id: string;
  name: string;
  charityNumber?: string;
  companyNumber?: string;
}

export interface Grant {
  id: string;
  title: string;
  description: string;
  currency: "GBP";
  amountAwarded: number;
  awardDate: string;
  recipientOrganization: OrganisationRef[];
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
        return { ...base, id: `GB-CHC-${number}`, charityNumber: number };
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
    recipientOrganization: [recipientOrganisation(award.organisation, settings.prefix)],
    fundingOrganization: [{ id: settings.fundingOrganisation.id, name: settings.fundingOrganisation.name }],
    lastModified: award.lastModified.toISOString().replace(/\.\d{3}Z$/, "Z"),
    grantProgramme: [{ title: award.challengeTitle }],
  };
}

export function toPackage(
  awards: readonly AwardForPublication[],
  settings: ThreeSixtyGivingSettings,
): { grants: Grant[] } {
  return { grants: awards.map((award) => toGrant(award, settings)) };
}

/** The standard's spreadsheet column titles, required fields first. */
export const GRANT_CSV_HEADER = [
  "Identifier",
  "Title",
  "Description",
  "Currency",
  "Amount Awarded",
  "Award Date",
  "Recipient Org:Identifier",
  "Recipient Org:Name",
  "Recipient Org:Charity Number",
  "Recipient Org:Company Number",
  "Funding Org:Identifier",
  "Funding Org:Name",
  "Grant Programme:Title",
  "Last Modified",
] as const;

export function grantCsvRow(grant: Grant): (string | number)[] {
  const recipient = grant.recipientOrganization[0]!;
  const funder = grant.fundingOrganization[0]!;
  return [
    grant.id,
    grant.title,
    grant.description,
    grant.currency,
    grant.amountAwarded.toFixed(2),
    grant.awardDate,
    recipient.id,
    recipient.name,
    recipient.charityNumber ?? "",
    recipient.companyNumber ?? "",
    funder.id,
    funder.name,
    grant.grantProgramme[0]?.title ?? "",
    grant.lastModified,
  ];
}
