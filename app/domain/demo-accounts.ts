import { sha256 } from "@oslojs/crypto/sha2";
import type { Role } from "../../db/schema";

// The demo accounts loaded with the demo data (db/seed). Shown in the terminal on every start
// in demo mode and on the sign-in page in demo mode only; they exist only in a database that
// was seeded on purpose (`npm run db:seed`, or the first start on the embedded database).

/** One password for every demo user: long rather than complex, as the password rules ask. */
export const DEMO_PASSWORD = "canal-lantern-orchard-27";

export interface DemoAccount {
  role: Role;
  /** How the account is described to a person choosing one. */
  label: string;
  email: string;
  name: string;
  password: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    role: "entrant",
    label: "Entrant (Ladywood Lantern Kitchen CIC: one submitted idea and one draft)",
    email: "entrant@demo.test",
    name: "Priya Chauhan",
    password: DEMO_PASSWORD,
  },
  { role: "judge", label: "Judge", email: "judge@demo.test", name: "Daniel Okafor", password: DEMO_PASSWORD },
  { role: "staff", label: "Programme staff", email: "staff@demo.test", name: "Helen Marsh", password: DEMO_PASSWORD },
  {
    // Money and staff grants need two people (decision 049): a second member of staff lets a
    // visitor try the second half of a two-person step.
    role: "staff",
    label: "Programme staff (a second person, to approve what the first proposes)",
    email: "staff2@demo.test",
    name: "Oluwaseun Bright",
    password: DEMO_PASSWORD,
  },
  {
    role: "council_officer",
    label: "Council officer (Birmingham)",
    email: "council@demo.test",
    name: "Aaron Whitfield",
    password: DEMO_PASSWORD,
  },
];

/** The lines printed in the terminal: one account a line, then the shared password. */
export function demoAccountLines(): string[] {
  const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.email.length));
  return [
    "Demo accounts (demo data only; never use these on a real service):",
    ...DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(width)}  ${a.label}`),
    `  Password for every demo account: ${DEMO_PASSWORD}`,
  ];
}

/**
 * The demo accounts with a privileged role sign in with a second factor like real ones. Their
 * authenticator keys are fixed (derived from the address, so the same in every demo database),
 * and in demo mode only the sign-in pages show the current code beside each: the demo takes no
 * more effort, and still shows the second step.
 */
export function demoTotpKey(email: string): Uint8Array {
  return sha256(new TextEncoder().encode(`demo-authenticator:${email.toLowerCase()}`)).slice(0, 20);
}

/** Whether a demo account gets an authenticator: every role but entrant needs a second factor. */
export function demoAccountHasAuthenticator(account: { role: Role }): boolean {
  return account.role !== "entrant";
}
