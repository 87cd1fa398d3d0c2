import type { InvitableRole, Role } from "../../db/schema";

// How roles are named to people. Pure, so pages, emails and services name them the same way.

export const ROLE_LABELS: Record<Role, string> = {
  entrant: "Entrant",
  judge: "Judge",
  staff: "Programme staff",
  council_officer: "Council officer",
};

/** The roles staff can give by invitation. Entrants register themselves. */
export const INVITABLE_ROLES: readonly InvitableRole[] = ["judge", "council_officer", "staff"];

export function isInvitableRole(value: unknown): value is InvitableRole {
  return typeof value === "string" && (INVITABLE_ROLES as readonly string[]).includes(value);
}

/** "Judge", or "Council officer for Coventry". */
export function roleLabel(role: Role, localAuthorityName?: string | null): string {
  const label = ROLE_LABELS[role];
  return role === "council_officer" && localAuthorityName ? `${label} for ${localAuthorityName}` : label;
}

/** The role as it reads inside a sentence: "a judge", "a council officer for Coventry". */
export function roleInSentence(role: Role, localAuthorityName?: string | null): string {
  switch (role) {
    case "entrant":
      return "an entrant";
    case "judge":
      return "a judge";
    case "staff":
      return "a member of the programme staff";
    case "council_officer":
      return localAuthorityName ? `a council officer for ${localAuthorityName}` : "a council officer";
  }
}
