import type { Role } from "../../db/schema";

export interface NavItem {
  href: string;
  text: string;
}

// What each kind of person finds in the service navigation. Later capabilities add their pages
// here, so there is one place that decides who sees which link.
const ROLE_ITEMS: Record<Role, NavItem[]> = {
  entrant: [
    { href: "/entries", text: "Your entries" },
    { href: "/organisation", text: "Your organisation" },
  ],
  judge: [{ href: "/judging", text: "Judging" }],
  staff: [{ href: "/staff", text: "Programme staff" }],
  council_officer: [{ href: "/councils/ideas", text: "Shared ideas" }],
};

/** The first page of a role's part of the service, or null while that part has no pages yet. */
export function roleHome(role: Role): NavItem | null {
  return ROLE_ITEMS[role][0] ?? null;
}

export function navigationFor(roles: Role[] | null): NavItem[] {
  const items: NavItem[] = [{ href: "/", text: "The challenge" }];
  if (!roles) return items;
  for (const role of ["entrant", "judge", "council_officer", "staff"] as Role[]) {
    if (roles.includes(role)) items.push(...ROLE_ITEMS[role]);
  }
  items.push({ href: "/account", text: "Your account" });
  return items;
}
