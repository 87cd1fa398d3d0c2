// Conflicts of interest found from a judge's affiliations. A judge who works for an entrant
// organisation, or for the council of the area the organisation is based in, must not judge its
// entries. The judge declares any other conflict themselves; these are the ones the service can
// see for them, so that a judge who forgets (or never opens the declaration) is still protected.

export interface JudgeAffiliationInput {
  kind: "organisation" | "council";
  organisationId: number | null;
  organisationName: string | null;
  localAuthorityCode: string | null;
  /** The council's area as local_authority names it ("Birmingham"), for the reason shown to the judge. */
  localAuthorityName: string | null;
}

export interface EntrantOrganisation {
  id: number;
  name: string;
  localAuthorityCode: string;
}

export interface AutomaticConflict {
  organisationId: number;
  reason: string;
}

/** Names compared the way people read them: case, surrounding and repeated spaces ignored. */
export function sameName(a: string, b: string): boolean {
  return normaliseName(a) === normaliseName(b);
}

export function normaliseName(name: string): string {
  return name.normalize("NFKC").trim().replace(/\s+/g, " ").toLocaleLowerCase("en-GB");
}

function matchReason(affiliation: JudgeAffiliationInput, organisation: EntrantOrganisation): string | null {
  if (affiliation.kind === "organisation") {
    const byId = affiliation.organisationId !== null && affiliation.organisationId === organisation.id;
    const byName = affiliation.organisationName !== null && sameName(affiliation.organisationName, organisation.name);
    return byId || byName ? `You work for ${organisation.name}` : null;
  }
  if (affiliation.localAuthorityCode !== null && affiliation.localAuthorityCode === organisation.localAuthorityCode) {
    const area = affiliation.localAuthorityName ?? affiliation.localAuthorityCode;
    return `You work for ${area} council, where this organisation is based`;
  }
  return null;
}

/**
 * The entrant organisations a judge's affiliations conflict them with, one reason each (the
 * first matching affiliation's), in the order the organisations were given.
 */
export function automaticConflicts(
  affiliations: readonly JudgeAffiliationInput[],
  organisations: readonly EntrantOrganisation[],
): AutomaticConflict[] {
  const conflicts: AutomaticConflict[] = [];
  for (const organisation of organisations) {
    for (const affiliation of affiliations) {
      const reason = matchReason(affiliation, organisation);
      if (reason) {
        conflicts.push({ organisationId: organisation.id, reason });
        break;
      }
    }
  }
  return conflicts;
}
