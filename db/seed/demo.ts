import { sql, type Kysely, type Transaction } from "kysely";
import { hashPassword } from "../../app/auth/password.server";
import { grantStaffDirectly } from "./staff-grants";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoAccountHasAuthenticator, demoTotpKey } from "../../app/domain/demo-accounts";
import { formatPence } from "../../app/domain/money";
import { REGION_LOCAL_AUTHORITIES } from "../migrations/2026112102_reference_data";
import type { Database, EntryStatus, OrganisationType, Role } from "../schema";
import {
  CRITERIA,
  CURRENT_CHALLENGE,
  PREVIOUS_CHALLENGE,
  PRINCIPLES,
  PRIORITY_AREAS,
  PRIZE_TIERS,
  type DemoChallenge,
} from "./challenges";
import { DAYS, IDEAS, INELIGIBLE_REASONS, PARTNERS, type Idea, type IdeaContext } from "./ideas";
import { londonTime } from "./london";
import {
  FIRST_NAMES,
  SURNAMES,
  fictionalPhone,
  organisationName,
  registrationNumber,
  slug,
  weightedType,
} from "./names";
import { ORGANISATIONS_PER_AREA, PLACES, postcode } from "./places";
import { seedPreviousOutcome } from "./outcome";
import { seedEntryAttachments } from "./after-award/attachments";
import { SeededRandom } from "./random";
import { buildEntrySnapshot, ENTRY_SECTIONS, type EntrySection } from "./snapshot";

// The demo data: two challenges (the open 2027 one and the archived 2021 one), about 110
// organisations across every council area with about 150 ideas in the open challenge, a dozen
// judges, and one demo account per role. Everything comes from a fixed seed and fixed dates, so
// every run produces the same rows with the same ids and references.

const SEED = 20_210_304; // the board meeting that launched the real challenge: 4 March 2021
/** The demo data describes the world as it stood on this morning. */
const AS_OF = londonTime(2026, 11, 21, 9, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const CURRENT_ENTRIES = 150;
const PREVIOUS_ENTRIES = 24;
const JUDGES = 12;
/** How the open challenge's entries other than the demo entrant's two are spread. */
const STATUS_COUNTS: Record<EntryStatus, number> = { draft: 18, withdrawn: 5, ineligible: 3, submitted: 0 };

export interface DemoDataSummary {
  challenges: number;
  currentChallengeSlug: string;
  organisations: number;
  users: number;
  judges: number;
  entries: number;
  /** Entries in the open challenge, by status. */
  currentEntries: Record<EntryStatus, number>;
  submissions: number;
}

export interface SeedOptions {
  /**
   * The argon2id hash of DEMO_PASSWORD to give every demo user. Hashing is deliberately slow,
   * so it is done once per seed, and tests that seed repeatedly can pass one in.
   */
  passwordHash?: string;
}

/** The tables the demo data lives in. Reference data (local authorities) is never touched. */
const DEMO_ROOT_TABLES = [
  "app_user",
  "organisation",
  "challenge",
  "entry",
  "invitation",
  "session",
  "one_time_token",
  "email_outbox",
  "mailbox_message",
  "rate_limit_bucket",
  "audit_event",
  // Sections posted after a session expired, addressed by path: they would land on a new entry.
  "pending_save",
] as const;

/**
 * Replaces everything but the reference data with the demo data, in one transaction: either
 * the whole demo is there afterwards or the database is as it was.
 */
export async function seedDemoData(db: Kysely<Database>, options: SeedOptions = {}): Promise<DemoDataSummary> {
  const passwordHash = options.passwordHash ?? (await hashDemoPassword());
  const plan = planDemoData();
  return db.transaction().execute(async (trx) => {
    await clearDemoData(trx);
    return insertPlan(trx, plan, passwordHash);
  });
}

/** Hashed the way the sign-in page checks it, with the app's own argon2id settings. */
export function hashDemoPassword(): Promise<string> {
  return hashPassword(DEMO_PASSWORD);
}

/**
 * Empties every table the demo data is in, and every table that refers to them (judging,
 * awards and the like added later go with CASCADE), and restarts their ids. TRUNCATE is used
 * because the append-only triggers rightly refuse row deletes from submissions and the audit
 * trail: rebuilding the demo is the one time those go.
 */
export async function clearDemoData(trx: Transaction<Database> | Kysely<Database>): Promise<void> {
  await sql.raw(`truncate ${DEMO_ROOT_TABLES.map((t) => `"${t}"`).join(", ")} restart identity cascade`).execute(trx);
}

// ---------------------------------------------------------------------------------------------
// The plan: every row, keyed by natural keys, before any id exists.

interface PlannedUser {
  email: string;
  name: string;
  createdAt: Date;
  roles: { role: Role; localAuthorityCode: string | null }[];
}

interface PlannedOrganisation {
  name: string;
  type: OrganisationType;
  registrationNumber: string | null;
  localAuthorityCode: string;
  place: string;
  postcode: string;
  website: string | null;
  contactName: string;
  contactEmail: string;
  contactPhone: string | null;
  createdAt: Date;
  members: string[];
}

interface PlannedEntry {
  challenge: "current" | "previous";
  organisation: string;
  /** Index into PRIORITY_AREAS; null for a draft whose priority section is not yet written. */
  area: number | null;
  title: string;
  summary: string;
  need: string;
  beneficiaries: string;
  delivery: string;
  costs: string;
  prizeUse: string;
  principles: string[];
  councils: string[];
  consentShare: boolean;
  consentContact: boolean;
  declaration: boolean;
  completedSections: EntrySection[];
  status: EntryStatus;
  eligibilityReason: string | null;
  version: number;
  submittedVersion: number | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  withdrawnAt: Date | null;
}

export interface DemoPlan {
  users: PlannedUser[];
  organisations: PlannedOrganisation[];
  entries: PlannedEntry[];
}

const DEMO_ORGANISATION = "Ladywood Lantern Kitchen CIC";

function demoAccount(role: Role) {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) throw new Error(`No demo account for ${role}`);
  return account;
}

/** The whole demo, worked out in memory. Pure: the same plan every time. */
export function planDemoData(): DemoPlan {
  const random = new SeededRandom(SEED);
  const users: PlannedUser[] = [];
  const usedEmails = new Set<string>();
  // Organisation members get their accounts once their first idea's date is known.
  const reservedEmails = new Set<string>();

  const person = () => ({ first: random.pick(FIRST_NAMES), last: random.pick(SURNAMES) });
  const addUser = (user: PlannedUser) => {
    if (usedEmails.has(user.email)) throw new Error(`Demo email used twice: ${user.email}`);
    usedEmails.add(user.email);
    users.push(user);
  };
  const uniqueEmail = (local: string, domain: string) => {
    let email = `${local}@${domain}`;
    for (let n = 2; usedEmails.has(email) || reservedEmails.has(email); n++) email = `${local}${n}@${domain}`;
    return email;
  };

  // Programme staff, judges and council officers joined before the challenge opened.
  const staffSince = CURRENT_CHALLENGE.created_at;
  addUser({
    email: demoAccount("staff").email,
    name: demoAccount("staff").name,
    createdAt: new Date(staffSince.getTime() - 400 * DAY),
    roles: [{ role: "staff", localAuthorityCode: null }],
  });
  {
    // The second member of staff is a listed demo account. A random person is still drawn, so
    // that everyone after them in the demo data stays the same.
    person();
    const second = DEMO_ACCOUNTS.filter((a) => a.role === "staff")[1]!;
    addUser({
      email: second.email,
      name: second.name,
      createdAt: new Date(staffSince.getTime() - 200 * DAY),
      roles: [{ role: "staff", localAuthorityCode: null }],
    });
  }
  addUser({
    email: demoAccount("judge").email,
    name: demoAccount("judge").name,
    createdAt: new Date(staffSince.getTime() + 2 * DAY),
    roles: [{ role: "judge", localAuthorityCode: null }],
  });
  for (let i = 1; i < JUDGES; i++) {
    const p = person();
    addUser({
      email: uniqueEmail(`${slug(p.first)}.${slug(p.last)}`, "judges.demo.test"),
      name: `${p.first} ${p.last}`,
      createdAt: new Date(staffSince.getTime() + (2 + i) * DAY),
      roles: [{ role: "judge", localAuthorityCode: null }],
    });
  }
  addUser({
    email: demoAccount("council_officer").email,
    name: demoAccount("council_officer").name,
    createdAt: new Date(staffSince.getTime() + DAY),
    roles: [{ role: "council_officer", localAuthorityCode: "E08000025" }],
  });
  for (const [code, domain] of [
    ["E08000026", "coventry.demo.test"],
    ["E10000031", "warwickshire.demo.test"],
  ] as const) {
    const p = person();
    addUser({
      email: uniqueEmail(`${slug(p.first)}.${slug(p.last)}`, domain),
      name: `${p.first} ${p.last}`,
      createdAt: new Date(staffSince.getTime() + 3 * DAY),
      roles: [{ role: "council_officer", localAuthorityCode: code }],
    });
  }

  // Organisations: the demo entrant's first, then each council area's share.
  const organisations: PlannedOrganisation[] = [];
  const usedNames = new Set<string>();
  const entrant = demoAccount("entrant");
  organisations.push({
    name: DEMO_ORGANISATION,
    type: "cic",
    registrationNumber: "13574682",
    localAuthorityCode: "E08000025",
    place: "Ladywood",
    postcode: "B16 8QE",
    website: "https://ladywood-lantern-kitchen.example.org",
    contactName: entrant.name,
    contactEmail: entrant.email,
    contactPhone: "07700 900417",
    createdAt: londonTime(2026, 11, 2, 19, 12),
    members: [entrant.email],
  });
  usedNames.add(DEMO_ORGANISATION);
  addUser({
    email: entrant.email,
    name: entrant.name,
    createdAt: londonTime(2026, 11, 2, 19, 5),
    roles: [{ role: "entrant", localAuthorityCode: null }],
  });

  for (const [code, count] of Object.entries(ORGANISATIONS_PER_AREA)) {
    const places = random.shuffle(PLACES[code] ?? []);
    if (places.length === 0) throw new Error(`No demo places for ${code}`);
    const share = code === "E08000025" ? count - 1 : count;
    for (let i = 0; i < share; i++) {
      const place = places[i % places.length]!;
      const type = weightedType(random);
      let name = organisationName(type, place.name, random);
      while (usedNames.has(name)) name = organisationName(type, place.name, random);
      usedNames.add(name);
      const domain = `${slug(name)}.demo.test`;
      const contact = person();
      const contactEmail = uniqueEmail(`${slug(contact.first)}.${slug(contact.last)}`, domain);
      const members = [contactEmail];
      organisations.push({
        name,
        type,
        registrationNumber: registrationNumber(type, random),
        localAuthorityCode: code,
        place: place.name,
        postcode: postcode(random.pick(place.districts), () => random.next()),
        website: random.chance(0.55) ? `https://${slug(name)}.example.org` : null,
        contactName: `${contact.first} ${contact.last}`,
        contactEmail,
        contactPhone: random.chance(0.8) ? fictionalPhone(random) : null,
        // Filled in below from the organisation's first entry.
        createdAt: AS_OF,
        members,
      });
      if (random.chance(0.15)) {
        const colleague = person();
        members.push(uniqueEmail(`${slug(colleague.first)}.${slug(colleague.last)}`, domain));
      }
      for (const email of members) reservedEmails.add(email);
    }
  }

  // The open challenge's entries: every organisation one idea, some two, and the priority areas
  // dealt out evenly so each has about 25.
  const entries: PlannedEntry[] = [];
  const others = organisations.slice(1);
  const secondEntry = new Set(random.sample(others, CURRENT_ENTRIES - 2 - others.length).map((o) => o.name));
  const entrantOrgs = others.flatMap((o) => (secondEntry.has(o.name) ? [o, o] : [o]));
  const areaDeck = random.shuffle(entrantOrgs.map((_, i) => i % PRIORITY_AREAS.length));
  const statusDeck = random.shuffle(
    entrantOrgs.map((_, i) => {
      let n = i;
      for (const status of ["draft", "withdrawn", "ineligible"] as const) {
        if (n < STATUS_COUNTS[status]) return status;
        n -= STATUS_COUNTS[status];
      }
      return "submitted" as const;
    }),
  );
  const ideasUsed = new Map<string, Set<Idea>>();
  const pickIdea = (organisation: string, area: number) => {
    const used = ideasUsed.get(organisation) ?? new Set<Idea>();
    ideasUsed.set(organisation, used);
    const candidates = IDEAS.filter((idea) => idea.area === area && !used.has(idea));
    const idea = random.pick(candidates);
    used.add(idea);
    return idea;
  };
  const councilCodes = Object.keys(ORGANISATIONS_PER_AREA);

  entrantOrgs.forEach((organisation, i) => {
    const area = areaDeck[i]!;
    const idea = pickIdea(organisation.name, area);
    const status = statusDeck[i]!;
    // Started on a day in the first three weeks, at a waking hour.
    const createdAt = londonTime(2026, 11, random.int(1, 19), random.int(9, 21), random.int(0, 59));
    entries.push(
      planEntry(random, {
        challenge: "current",
        organisation,
        area,
        idea,
        status,
        createdAt,
        latest: AS_OF,
        councilCodes,
      }),
    );
  });

  // The demo entrant: one idea submitted, one still a draft.
  const demoOrg = organisations[0]!;
  const demoSubmitted = planEntry(random, {
    challenge: "current",
    organisation: demoOrg,
    area: 1,
    idea: IDEAS.find((idea) => idea.area === 1 && idea.title(ideaContextFor(demoOrg)).startsWith("Cook well"))!,
    status: "submitted",
    createdAt: londonTime(2026, 11, 3, 20, 40),
    latest: londonTime(2026, 11, 12, 21, 15),
    councilCodes,
  });
  demoSubmitted.consentShare = true;
  const demoDraft = planEntry(random, {
    challenge: "current",
    organisation: demoOrg,
    area: 4,
    idea: IDEAS.find((idea) => idea.area === 4 && idea.title(ideaContextFor(demoOrg)).endsWith("training kitchen"))!,
    status: "draft",
    draftSections: 5,
    createdAt: londonTime(2026, 11, 18, 19, 30),
    latest: AS_OF,
    councilCodes,
  });
  entries.push(demoSubmitted, demoDraft);

  // The 2021 challenge: a smaller set of submitted ideas, four in each priority area.
  const previousOrgs = random.sample(others, PREVIOUS_ENTRIES);
  previousOrgs.forEach((organisation, i) => {
    const area = i % PRIORITY_AREAS.length;
    const createdAt = londonTime(2021, 2, random.int(8, 45), random.int(9, 21), random.int(0, 59));
    entries.push(
      planEntry(random, {
        challenge: "previous",
        organisation,
        area,
        idea: pickIdea(`2021 ${organisation.name}`, area),
        status: "submitted",
        createdAt,
        latest: PREVIOUS_CHALLENGE.closes_at,
        councilCodes,
      }),
    );
  });

  // References run in the order ideas were started, as they would in real life.
  entries.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

  // Each organisation and its people joined shortly before starting their first idea.
  for (const organisation of organisations) {
    const first = entries.find((e) => e.organisation === organisation.name);
    const firstEntryAt = first?.createdAt ?? AS_OF;
    organisation.createdAt = new Date(Math.min(organisation.createdAt.getTime(), firstEntryAt.getTime() - 2 * HOUR));
    organisation.members.forEach((email, i) => {
      if (users.some((u) => u.email === email)) return;
      const name = i === 0 ? organisation.contactName : nameFromEmail(email);
      addUser({
        email,
        name,
        // The contact signed up just before registering the organisation; a colleague joined later.
        createdAt: new Date(Math.min(organisation.createdAt.getTime() - 10 * 60_000 + i * DAY, AS_OF.getTime())),
        roles: [{ role: "entrant", localAuthorityCode: null }],
      });
    });
  }

  return { users, organisations, entries };
}

function nameFromEmail(email: string): string {
  const local = email.split("@")[0]!.replace(/\d+$/, "");
  const [first = "", last = ""] = local.split(".");
  const original = (value: string, names: readonly string[]) => names.find((n) => slug(n) === value) ?? value;
  return `${original(first, FIRST_NAMES)} ${original(last, SURNAMES)}`;
}

const COUNCIL_NAMES = new Map(REGION_LOCAL_AUTHORITIES.map((la) => [la.code, la.name]));

function ideaContextFor(organisation: PlannedOrganisation, random?: SeededRandom): IdeaContext {
  return {
    place: organisation.place,
    organisation: organisation.name,
    council: COUNCIL_NAMES.get(organisation.localAuthorityCode) ?? organisation.place,
    people: random ? random.int(6, 80) * 5 : 120,
    weeks: random ? random.pick([8, 10, 12, 16, 20, 26, 40]) : 12,
    volunteers: random ? random.int(4, 24) : 8,
    partner: random ? random.pick(PARTNERS) : PARTNERS[0],
    day: random ? random.pick(DAYS) : "Wednesday",
  };
}

function costsText(idea: Idea, random: SeededRandom): string {
  let total = 0;
  const lines = idea.costs.map(([item, low, high]) => {
    const pounds = Math.round(random.int(low, high) / 50) * 50;
    total += pounds;
    return `${item}: ${formatPence(pounds * 100)}`;
  });
  return [...lines, `Total: ${formatPence(total * 100)}`].join("\n");
}

interface EntryInput {
  challenge: "current" | "previous";
  /** For a draft: how many sections of the task list have been started (random if not given). */
  draftSections?: number;
  organisation: PlannedOrganisation;
  area: number;
  idea: Idea;
  status: EntryStatus;
  createdAt: Date;
  /** Nothing about this entry happened after this instant. */
  latest: Date;
  councilCodes: readonly string[];
}

function planEntry(random: SeededRandom, input: EntryInput): PlannedEntry {
  const { organisation, idea, status } = input;
  const c = ideaContextFor(organisation, random);
  const clamp = (at: number) => new Date(Math.min(at, input.latest.getTime()));
  const createdAt = clamp(input.createdAt.getTime());
  const extraCouncils = random.chance(0.25)
    ? random.sample(
        input.councilCodes.filter((code) => code !== organisation.localAuthorityCode),
        random.int(1, 2),
      )
    : [];
  const fields = {
    title: idea.title(c),
    summary: idea.summary(c),
    need: idea.need(c),
    beneficiaries: idea.beneficiaries(c),
    delivery: idea.delivery(c),
    costs: costsText(idea, random),
    prizeUse: `${idea.prizeUse(c)} ${random.pick(PRIZE_USE_ENDINGS)}`,
  };
  const principles = random.sample(
    PRINCIPLES.map((p) => p.name),
    random.int(1, 3),
  );
  const councils = [organisation.localAuthorityCode, ...extraCouncils];
  const creator = organisation.members[0]!;
  const wasSubmitted = status !== "draft";

  if (!wasSubmitted) {
    // A draft has the task list's first sections written and the later ones not yet; the last
    // one written is still in progress (answered, not marked as completed).
    const written = input.draftSections ?? random.int(1, ENTRY_SECTIONS.length - 1);
    const sections = ENTRY_SECTIONS.slice(0, written);
    const has = (section: EntrySection) => sections.includes(section);
    const version = random.int(1, 6);
    return {
      challenge: input.challenge,
      organisation: organisation.name,
      area: has("priority") ? input.area : null,
      title: fields.title,
      summary: fields.summary,
      need: has("need") ? fields.need : "",
      beneficiaries: has("need") ? fields.beneficiaries : "",
      delivery: has("delivery") ? fields.delivery : "",
      costs: has("delivery") ? fields.costs : "",
      prizeUse: has("delivery") ? fields.prizeUse : "",
      principles: has("priority") ? principles : [],
      councils: has("where") ? councils : [],
      consentShare: false,
      consentContact: false,
      declaration: false,
      // The section being written is not yet marked as completed.
      completedSections: sections.slice(0, -1),
      status,
      eligibilityReason: null,
      version,
      submittedVersion: null,
      createdBy: creator,
      createdAt,
      updatedAt: clamp(createdAt.getTime() + random.int(1, 72) * HOUR),
      submittedAt: null,
      withdrawnAt: null,
    };
  }

  const submittedVersion = random.int(2, 7);
  const submittedAt = clamp(createdAt.getTime() + random.int(3, 240) * HOUR);
  const withdrawnAt = status === "withdrawn" ? clamp(submittedAt.getTime() + random.int(12, 96) * HOUR) : null;
  return {
    challenge: input.challenge,
    organisation: organisation.name,
    area: input.area,
    ...fields,
    principles,
    councils,
    consentShare: random.chance(0.9),
    consentContact: random.chance(0.75),
    declaration: true,
    completedSections: [...ENTRY_SECTIONS],
    status,
    eligibilityReason: status === "ineligible" ? random.pick(INELIGIBLE_REASONS) : null,
    // Withdrawing, or being screened out, is one more change after the submitted version.
    version: status === "submitted" ? submittedVersion : submittedVersion + 1,
    submittedVersion,
    createdBy: creator,
    createdAt,
    updatedAt: withdrawnAt ?? submittedAt,
    submittedAt,
    withdrawnAt,
  };
}

function principleOrder(name: string): number {
  return PRINCIPLES.findIndex((p) => p.name === name);
}

const PRIZE_USE_ENDINGS = [
  "If we were in the top 3, the support would help us plan how to keep going for the long term.",
  "The masterclass would help us write a proper business plan.",
  "Coaching would help our volunteers take on more of the running of the project.",
  "We would report back to the council on what difference it made.",
  "Any support beyond the prize would go towards making the project last beyond its first year.",
] as const;

// ---------------------------------------------------------------------------------------------
// Writing the plan.

async function insertPlan(trx: Transaction<Database>, plan: DemoPlan, passwordHash: string): Promise<DemoDataSummary> {
  const codes = new Set((await trx.selectFrom("local_authority").select("code").execute()).map((r) => r.code));
  const missing = Object.keys(ORGANISATIONS_PER_AREA).filter((code) => !codes.has(code));
  if (missing.length) {
    throw new Error(`The reference data is missing councils ${missing.join(", ")}: run the migrations first`);
  }

  const challenges = new Map<"current" | "previous", Awaited<ReturnType<typeof insertChallenge>>>();
  challenges.set("previous", await insertChallenge(trx, PREVIOUS_CHALLENGE));
  challenges.set("current", await insertChallenge(trx, CURRENT_CHALLENGE));

  const userRows = await trx
    .insertInto("app_user")
    .values(
      plan.users.map((u) => ({
        email: u.email.toLowerCase(),
        name: u.name,
        password_hash: passwordHash,
        email_verified_at: new Date(u.createdAt.getTime() + 7 * 60_000),
        password_changed_at: u.createdAt,
        created_at: u.createdAt,
        updated_at: u.createdAt,
      })),
    )
    .returning(["id", "email"])
    .execute();
  const userId = new Map(userRows.map((r) => [r.email, r.id]));
  const idOf = (email: string) => {
    const id = userId.get(email.toLowerCase());
    if (id === undefined) throw new Error(`Demo user not planned: ${email}`);
    return id;
  };
  const granter = idOf(demoAccount("staff").email);
  // Staff other than the demo's staff account are added as the database requires (decision 049):
  // an invitation that the staff account proposed and, for the second, approved alone.
  const laterStaff = plan.users.filter((u) => u.roles.some((r) => r.role === "staff") && idOf(u.email) !== granter);
  await trx
    .insertInto("role_grant")
    .values(
      plan.users.flatMap((u) =>
        u.roles
          .filter((r) => !(r.role === "staff" && laterStaff.includes(u)))
          .map((r) => ({
            user_id: idOf(u.email),
            role: r.role,
            local_authority_code: r.localAuthorityCode,
            granted_by: r.role === "entrant" || idOf(u.email) === granter ? null : granter,
            granted_at: u.createdAt,
          })),
      ),
    )
    .execute();
  for (const u of laterStaff) await grantStaffDirectly(trx, idOf(u.email), u.createdAt);

  // The privileged demo accounts have an authenticator with a fixed key (the demo's sign-in pages
  // show its current code), so they pass the second step like real accounts.
  await trx
    .insertInto("totp_credential")
    .values(
      DEMO_ACCOUNTS.filter(demoAccountHasAuthenticator).map((account) => ({
        user_id: idOf(account.email),
        key: demoTotpKey(account.email),
        confirmed_at: AS_OF,
        created_at: AS_OF,
      })),
    )
    .execute();

  const organisationRows = await trx
    .insertInto("organisation")
    .values(
      plan.organisations.map((o) => ({
        name: o.name,
        type: o.type,
        registration_number: o.registrationNumber,
        local_authority_code: o.localAuthorityCode,
        postcode: o.postcode,
        website: o.website,
        contact_name: o.contactName,
        contact_email: o.contactEmail,
        contact_phone: o.contactPhone,
        created_at: o.createdAt,
        updated_at: o.createdAt,
      })),
    )
    .returning(["id", "name"])
    .execute();
  const organisationId = new Map(organisationRows.map((r) => [r.name, r.id]));
  await trx
    .insertInto("organisation_member")
    .values(
      plan.organisations.flatMap((o) =>
        o.members.map((email, i) => ({
          organisation_id: organisationId.get(o.name)!,
          user_id: idOf(email),
          joined_at: new Date(Math.min(o.createdAt.getTime() + i * DAY, AS_OF.getTime())),
        })),
      ),
    )
    .execute();

  const entryRows = await trx
    .insertInto("entry")
    .values(
      plan.entries.map((e) => {
        const challenge = challenges.get(e.challenge)!;
        return {
          challenge_id: challenge.id,
          organisation_id: organisationId.get(e.organisation)!,
          priority_area_id: e.area === null ? null : challenge.areas[e.area]!.id,
          title: e.title,
          summary: e.summary,
          need: e.need,
          beneficiaries: e.beneficiaries,
          delivery: e.delivery,
          costs: e.costs,
          prize_use: e.prizeUse,
          consent_share: e.consentShare,
          consent_contact: e.consentContact,
          declaration: e.declaration,
          completed_sections: e.completedSections,
          status: e.status,
          eligibility_reason: e.eligibilityReason,
          version: e.version,
          created_by: idOf(e.createdBy),
          created_at: e.createdAt,
          updated_at: e.updatedAt,
          submitted_at: e.submittedAt,
          withdrawn_at: e.withdrawnAt,
        };
      }),
    )
    .returning(["id", "reference", "organisation_id", "challenge_id", "title"])
    .execute();
  const entryKey = (challengeId: number, organisation: number, title: string) =>
    `${challengeId}|${organisation}|${title}`;
  const entryRow = new Map(entryRows.map((r) => [entryKey(r.challenge_id, r.organisation_id, r.title), r]));
  const rowFor = (e: PlannedEntry) => {
    const row = entryRow.get(entryKey(challenges.get(e.challenge)!.id, organisationId.get(e.organisation)!, e.title));
    if (!row) throw new Error(`Demo entry not inserted: ${e.title}`);
    return row;
  };

  const principleRows = plan.entries.flatMap((e) =>
    e.principles.map((name) => ({
      entry_id: rowFor(e).id,
      principle_id: challenges.get(e.challenge)!.principles.get(name)!,
    })),
  );
  if (principleRows.length) await trx.insertInto("entry_principle").values(principleRows).execute();
  const areaRows = plan.entries.flatMap((e) =>
    e.councils.map((code) => ({ entry_id: rowFor(e).id, local_authority_code: code })),
  );
  if (areaRows.length) await trx.insertInto("entry_area").values(areaRows).execute();

  const councilNames = new Map(
    (await trx.selectFrom("local_authority").select(["code", "name"]).execute()).map((r) => [r.code, r.name]),
  );
  const organisationByName = new Map(plan.organisations.map((o) => [o.name, o]));
  // Supporting documents come before the snapshots, which list the files an entry was submitted with.
  const entryFiles = await seedEntryAttachments(trx, {
    challengeIds: [...challenges.values()].map((c) => c.id),
    entries: plan.entries.map((e) => ({
      id: rowFor(e).id,
      challenge: e.challenge,
      title: e.title,
      organisation: e.organisation,
      submitted: e.submittedVersion !== null,
      uploadedBy: idOf(e.createdBy),
      uploadedAt: e.submittedAt ?? e.updatedAt,
    })),
  });
  const submissions = plan.entries
    .filter((e) => e.submittedVersion !== null)
    .map((e) => {
      const row = rowFor(e);
      const challenge = challenges.get(e.challenge)!;
      const organisation = organisationByName.get(e.organisation)!;
      const area = e.area === null ? null : challenge.areas[e.area]!;
      const snapshot = buildEntrySnapshot({
        reference: row.reference,
        version: e.submittedVersion!,
        organisation: {
          id: row.organisation_id,
          name: organisation.name,
          type: organisation.type,
          localAuthorityCode: organisation.localAuthorityCode,
          postcode: organisation.postcode,
        },
        priorityArea: area ? { id: area.id, name: area.name } : null,
        // In the order the entries service records them: principles as the challenge lists
        // them, council areas by name.
        principles: e.principles
          .map((name) => ({ id: challenge.principles.get(name)!, name }))
          .sort((a, b) => principleOrder(a.name) - principleOrder(b.name)),
        areas: e.councils
          .map((code) => ({ code, name: councilNames.get(code) ?? code }))
          .sort((a, b) => a.name.localeCompare(b.name)),
        title: e.title,
        summary: e.summary,
        need: e.need,
        beneficiaries: e.beneficiaries,
        delivery: e.delivery,
        costs: e.costs,
        prizeUse: e.prizeUse,
        consentShare: e.consentShare,
        consentContact: e.consentContact,
        declaration: e.declaration,
        attachments: entryFiles.get(row.id) ?? [],
      });
      return {
        entry_id: row.id,
        entry_version: e.submittedVersion!,
        snapshot: JSON.stringify(snapshot),
        submitted_by: idOf(e.createdBy),
        submitted_at: e.submittedAt!,
      };
    });
  if (submissions.length) await trx.insertInto("entry_submission").values(submissions).execute();

  const withRole = (role: Role) => plan.users.filter((u) => u.roles.some((r) => r.role === role));
  await seedPreviousOutcome(trx, {
    challengeId: challenges.get("previous")!.id,
    // The demo staff account first: it proposed the awards, and a colleague approved them.
    staff: withRole("staff")
      .map((u) => ({ id: idOf(u.email), email: u.email }))
      .sort((a, b) => Number(b.email === demoAccount("staff").email) - Number(a.email === demoAccount("staff").email)),
    judges: withRole("judge").map((u) => ({ id: idOf(u.email), email: u.email })),
    officers: withRole("council_officer").map((u) => ({
      id: idOf(u.email),
      code: u.roles.find((r) => r.role === "council_officer")!.localAuthorityCode!,
    })),
  });

  const current = plan.entries.filter((e) => e.challenge === "current");
  const byStatus = (status: EntryStatus) => current.filter((e) => e.status === status).length;
  return {
    challenges: challenges.size,
    currentChallengeSlug: CURRENT_CHALLENGE.slug,
    organisations: plan.organisations.length,
    users: plan.users.length,
    judges: plan.users.filter((u) => u.roles.some((r) => r.role === "judge")).length,
    entries: plan.entries.length,
    currentEntries: {
      draft: byStatus("draft"),
      submitted: byStatus("submitted"),
      withdrawn: byStatus("withdrawn"),
      ineligible: byStatus("ineligible"),
    },
    submissions: submissions.length,
  };
}

/** Inserts a challenge with the demo priority areas, principles, rubric and prize tiers (the test scenarios reuse it). */
export async function insertChallenge(trx: Transaction<Database>, challenge: DemoChallenge) {
  const row = await trx
    .insertInto("challenge")
    .values({
      slug: challenge.slug,
      title: challenge.title,
      summary: challenge.summary,
      description: challenge.description,
      who_can_enter: challenge.who_can_enter,
      opens_at: challenge.opens_at,
      closes_at: challenge.closes_at,
      status: challenge.status,
      results_published_at: challenge.results_published_at,
      how_judging_works: challenge.how_judging_works,
      share_text: challenge.share_text,
      created_at: challenge.created_at,
      updated_at: challenge.created_at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (challenge.keyDates.length) {
    await trx
      .insertInto("challenge_key_date")
      .values(challenge.keyDates.map((d) => ({ challenge_id: row.id, label: d.label, happens_on: d.on })))
      .execute();
  }
  if (challenge.faqs.length) {
    await trx
      .insertInto("challenge_faq")
      .values(
        challenge.faqs.map((f, position) => ({
          challenge_id: row.id,
          question: f.question,
          answer: f.answer,
          position,
        })),
      )
      .execute();
  }
  const areas = await trx
    .insertInto("priority_area")
    .values(
      PRIORITY_AREAS.map((area, position) => ({
        challenge_id: row.id,
        name: area.name,
        description: area.description,
        sponsor_code: challenge.sponsors[position]!,
        position,
      })),
    )
    .returning(["id", "name", "position"])
    .execute();
  const principles = await trx
    .insertInto("principle")
    .values(
      PRINCIPLES.map((p, position) => ({ challenge_id: row.id, name: p.name, description: p.description, position })),
    )
    .returning(["id", "name"])
    .execute();
  await trx
    .insertInto("criterion")
    .values(
      CRITERIA.map((criterion, position) => ({
        challenge_id: row.id,
        name: criterion.name,
        guidance: criterion.guidance,
        weight: criterion.weight,
        scale_min: 0,
        scale_max: 5,
        levels: JSON.stringify(criterion.levels),
        position,
      })),
    )
    .execute();
  await trx
    .insertInto("prize_tier")
    .values(PRIZE_TIERS.map((tier, position) => ({ challenge_id: row.id, ...tier, position })))
    .execute();
  return {
    id: row.id,
    areas: [...areas].sort((a, b) => a.position - b.position),
    principles: new Map(principles.map((p) => [p.name, p.id])),
  };
}
