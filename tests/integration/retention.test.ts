import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RETENTION_RULE_KEYS, retentionCutoff, type RetentionRuleKey } from "../../app/domain/retention";
import {
  applyRetention,
  currentRetentionSchedule,
  previewRetention,
  type RetentionCounts,
} from "../../app/services/records/retention.server";
import { grantStaffDirectly } from "../../db/seed/staff-grants";
import { BIRMINGHAM } from "../support/entry-fixtures";
import { useTestDatabase } from "../support/database";
import { refusalOf } from "../support/refusals";

// The retention schedule as the job applies it: for every rule, a record one day inside its
// period stays and one a day outside goes; the job can run again (or in two places) without harm;
// people linked to an award are kept for 7 years; staff see beforehand exactly what a run removes.

const t = useTestDatabase();

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date();
const SCHEDULE = new Map(currentRetentionSchedule().map((rule) => [rule.key, rule]));
/** The instant a record of this rule must have started before to be due at NOW. */
const cutoff = (key: RetentionRuleKey, now = NOW) => retentionCutoff(SCHEDULE.get(key)!.keep, now);
const inside = (key: RetentionRuleKey) => new Date(cutoff(key).getTime() + DAY);
const outside = (key: RetentionRuleKey) => new Date(cutoff(key).getTime() - DAY);
const unique = () => randomBytes(6).toString("hex");

async function person(createdAt: Date = NOW, role: "entrant" | "judge" = "entrant") {
  const row = await t.db
    .insertInto("app_user")
    .values({ email: `p-${unique()}@example.org`, name: `Pat ${unique()}`, created_at: createdAt })
    .returning(["id", "email", "name"])
    .executeTakeFirstOrThrow();
  await t.db.insertInto("role_grant").values({ user_id: row.id, role }).execute();
  return row;
}

/** Whether the person still has their own name and email (not pseudonymised). */
async function stillNamed(user: { id: number; email: string; name: string }) {
  const row = await t.db.selectFrom("app_user").select(["email", "name"]).where("id", "=", user.id).executeTakeFirst();
  return row?.email === user.email && row.name === user.name;
}

async function liveSession(userId: number) {
  const id = unique();
  await t.db
    .insertInto("session")
    .values({
      id,
      user_id: userId,
      created_at: NOW,
      last_used_at: NOW,
      expires_at: new Date(NOW.getTime() + DAY),
      absolute_expires_at: new Date(NOW.getTime() + DAY),
    })
    .execute();
  return id;
}

async function organisation() {
  const row = await t.db
    .insertInto("organisation")
    .values({
      name: `Org ${unique()}`,
      type: "community_group",
      local_authority_code: BIRMINGHAM,
      postcode: "B11 1AA",
      contact_name: "Contact",
      contact_email: "contact@example.org",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function challengeClosedAt(closesAt: Date) {
  const row = await t.db
    .insertInto("challenge")
    .values({
      slug: `c-${unique()}`,
      title: "Challenge",
      summary: "Ideas.",
      opens_at: new Date(closesAt.getTime() - 30 * DAY),
      closes_at: closesAt,
      status: "closed",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function entry(challengeId: number, organisationId: number, status: "draft" | "submitted") {
  const row = await t.db
    .insertInto("entry")
    .values({ challenge_id: challengeId, organisation_id: organisationId, status, title: "An idea" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A member of an organisation whose entry was in a challenge that closed at `closedAt`, with an award or not. */
async function entrantOf(closedAt: Date, { award }: { award: boolean }) {
  const user = await person(new Date(closedAt.getTime() - 100 * DAY));
  const organisationId = await organisation();
  await t.db.insertInto("organisation_member").values({ organisation_id: organisationId, user_id: user.id }).execute();
  const challengeId = await challengeClosedAt(closedAt);
  const entryId = await entry(challengeId, organisationId, "submitted");
  if (award) {
    const tier = await t.db
      .insertInto("prize_tier")
      .values({ challenge_id: challengeId, name: "Top 20", places: 20, cash_pence: 50_000 })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("award")
      .values({ challenge_id: challengeId, entry_id: entryId, prize_tier_id: tier.id, cash_pence: 50_000 })
      .execute();
  }
  return { user, organisationId };
}

async function outboxRow(status: "sent" | "failed", at: Date) {
  const row = await t.db
    .insertInto("email_outbox")
    .values({
      idempotency_key: unique(),
      to_address: "someone@example.org",
      template: "password-changed",
      props: JSON.stringify({ name: "Someone" }),
      status,
      created_at: at,
      sent_at: status === "sent" ? at : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const exists = async (table: "webauthn_challenge" | "invitation" | "organisation_invitation", id: number) =>
  (await t.db.selectFrom(table).select("id").where("id", "=", id).executeTakeFirst()) !== undefined;

/**
 * For each rule: makes one record whose period started at `start`, and says how to tell whether
 * it is still there as it was. A Record, so a rule added to the schedule without a case here does
 * not compile (and the test below checks the keys too).
 */
const CASES: Record<RetentionRuleKey, (start: Date) => Promise<() => Promise<boolean>>> = {
  passkey_challenges: async (start) => {
    const user = await person();
    const row = await t.db
      .insertInto("webauthn_challenge")
      .values({
        session_id: await liveSession(user.id),
        user_id: user.id,
        purpose: "authentication",
        challenge: unique() + unique(),
        expires_at: start,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return () => exists("webauthn_challenge", row.id);
  },
  sessions: async (start) => {
    const user = await person();
    const id = unique();
    const recent = new Date(NOW.getTime() - 60 * 60 * 1000);
    await t.db
      .insertInto("session")
      .values({
        id,
        user_id: user.id,
        created_at: recent,
        last_used_at: recent,
        expires_at: start,
        absolute_expires_at: start,
      })
      .execute();
    return async () =>
      (await t.db.selectFrom("session").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
  },
  sign_in_links: async (start) => {
    const user = await person();
    const id = unique();
    await t.db
      .insertInto("one_time_token")
      .values({ id, purpose: "reset_password", user_id: user.id, expires_at: start, created_at: start })
      .execute();
    return async () =>
      (await t.db.selectFrom("one_time_token").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
  },
  first_staff_link: async (start) => {
    // There is only ever one such link.
    await t.db.deleteFrom("first_staff_setup").execute();
    await t.db.insertInto("first_staff_setup").values({ token_hash: unique(), expires_at: start }).execute();
    return async () =>
      (await t.db.selectFrom("first_staff_setup").select("expires_at").executeTakeFirst())?.expires_at.getTime() ===
      start.getTime();
  },
  role_invitations: async (start) => {
    const row = await t.db
      .insertInto("invitation")
      .values({ token_hash: unique(), email: `judge-${unique()}@example.org`, role: "judge", expires_at: start })
      .returning("id")
      .executeTakeFirstOrThrow();
    return () => exists("invitation", row.id);
  },
  organisation_invitations: async (start) => {
    const row = await t.db
      .insertInto("organisation_invitation")
      .values({
        organisation_id: await organisation(),
        email: `colleague-${unique()}@example.org`,
        token_hash: unique(),
        expires_at: start,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return () => exists("organisation_invitation", row.id);
  },
  local_mailbox: async (start) => {
    // Its email was sent just now: only the mailbox copy is old.
    const outboxId = await outboxRow("sent", NOW);
    const row = await t.db
      .insertInto("mailbox_message")
      .values({
        outbox_id: outboxId,
        to_address: "someone@example.org",
        subject: "S",
        html: "<p>H</p>",
        text: "H",
        delivered_at: start,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return async () =>
      (await t.db.selectFrom("mailbox_message").select("id").where("id", "=", row.id).executeTakeFirst()) !== undefined;
  },
  sent_emails: async (start) => {
    const id = await outboxRow("sent", start);
    return async () =>
      (await t.db.selectFrom("email_outbox").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
  },
  failed_emails: async (start) => {
    const id = await outboxRow("failed", start);
    return async () =>
      (await t.db.selectFrom("email_outbox").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
  },
  kept_saves: async (start) => {
    const id = unique();
    await t.db
      .insertInto("pending_save")
      .values({ id, path: "/entries/CR-1/sections/idea", form: JSON.stringify({ title: "Mine" }), expires_at: start })
      .execute();
    return async () =>
      (await t.db.selectFrom("pending_save").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
  },
  rate_limits: async (start) => {
    const key = `sign-in:${unique()}`;
    await t.db.insertInto("rate_limit_bucket").values({ key, window_start: start, hits: 3 }).execute();
    return async () =>
      (await t.db.selectFrom("rate_limit_bucket").select("key").where("key", "=", key).executeTakeFirst()) !==
      undefined;
  },
  unsubmitted_drafts: async (start) => {
    const id = await entry(await challengeClosedAt(start), await organisation(), "draft");
    return async () =>
      (await t.db.selectFrom("entry").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
  },
  entrant_accounts: async (start) => {
    const { user } = await entrantOf(start, { award: false });
    return () => stillNamed(user);
  },
  award_people: async (start) => {
    const { user } = await entrantOf(start, { award: true });
    return () => stillNamed(user);
  },
};

const only = (key: RetentionRuleKey): RetentionCounts =>
  Object.fromEntries(RETENTION_RULE_KEYS.map((k) => [k, k === key ? 1 : 0])) as RetentionCounts;

describe("the retention schedule, as the job applies it", () => {
  it("has a case below for every rule", () => {
    expect(Object.keys(CASES).sort()).toEqual([...RETENTION_RULE_KEYS].sort());
    expect([...SCHEDULE.keys()]).toEqual(RETENTION_RULE_KEYS);
  });

  it.each(RETENTION_RULE_KEYS)("%s: a record a day inside its period stays; one a day past it goes", async (key) => {
    const keptOne = await CASES[key](inside(key));
    await applyRetention(NOW);
    expect(await keptOne()).toBe(true);

    const dueOne = await CASES[key](outside(key));
    expect(await dueOne()).toBe(true);
    const run = await applyRetention(NOW);
    expect(await dueOne()).toBe(false);
    // Nothing else was touched: the rule removed that one record, and no other rule anything.
    expect(run.counts).toEqual(only(key));
  });

  it("shows staff beforehand exactly what a run removes, and a second run finds nothing", async () => {
    const staff = await person();
    await grantStaffDirectly(t.db, staff.id);
    const checks: (() => Promise<boolean>)[] = [];
    for (const key of RETENTION_RULE_KEYS) {
      if (key !== "first_staff_link") checks.push(await CASES[key](inside(key)));
      await CASES[key](outside(key));
    }
    const every = Object.fromEntries(RETENTION_RULE_KEYS.map((k) => [k, 1]));

    const preview = await previewRetention({ id: staff.id }, NOW);
    expect(Object.fromEntries(preview.rules.map((r) => [r.key, r.due]))).toEqual(every);
    expect(preview.total).toBe(RETENTION_RULE_KEYS.length);
    expect(preview.lastRunAt).toBeNull();

    const first = await applyRetention(NOW);
    expect(first.counts).toEqual(every);
    // Run again (the next hour, or another instance): nothing more goes, and what stays stays.
    const second = await applyRetention(NOW);
    expect(second.total).toBe(0);
    for (const check of checks) expect(await check()).toBe(true);

    const after = await previewRetention({ id: staff.id }, NOW);
    expect(after.total).toBe(0);
    expect(after.lastRunAt).not.toBeNull();
    // One audit event per run, with the figures and nothing about any record.
    const events = await t.db
      .selectFrom("audit_event")
      .select(["details", "actor_user_id", "subject_id"])
      .where("action", "=", "retention.applied")
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      { details: { total: RETENTION_RULE_KEYS.length, ...every }, actor_user_id: null, subject_id: null },
      { details: { total: 0 }, actor_user_id: null, subject_id: null },
    ]);
  });

  it("runs safely in two places at once: each record is removed once", async () => {
    for (const key of RETENTION_RULE_KEYS) await CASES[key](outside(key));
    const [a, b] = await Promise.all([applyRetention(NOW), applyRetention(NOW)]);
    for (const key of RETENTION_RULE_KEYS) expect(a.counts[key] + b.counts[key]).toBe(1);
  });

  it("keeps the people of an award for 7 years after its challenge closed, long after others have gone", async () => {
    const threeYearsAgo = new Date(NOW.getTime() - 3 * 365 * DAY);
    const winner = await entrantOf(threeYearsAgo, { award: true });
    const runnerUp = await entrantOf(threeYearsAgo, { award: false });
    // A winner from 8 years ago who entered again last year is kept for that entry's sake.
    const returning = await entrantOf(new Date(NOW.getTime() - 8 * 365 * DAY), { award: true });
    await t.db
      .insertInto("entry")
      .values({
        challenge_id: await challengeClosedAt(new Date(NOW.getTime() - 365 * DAY)),
        organisation_id: returning.organisationId,
        status: "submitted",
      })
      .execute();

    await applyRetention(NOW);
    expect(await stillNamed(winner.user)).toBe(true);
    expect(await stillNamed(returning.user)).toBe(true);
    expect(await stillNamed(runnerUp.user)).toBe(false);

    // Seven years and a day after the award's challenge closed, the winner's name goes too; the award stays.
    const later = new Date(threeYearsAgo.getTime());
    later.setUTCFullYear(later.getUTCFullYear() + 7);
    await applyRetention(new Date(later.getTime() + DAY));
    const erased = await t.db
      .selectFrom("app_user")
      .select(["name", "email", "password_hash"])
      .where("id", "=", winner.user.id)
      .executeTakeFirstOrThrow();
    expect(erased.name).not.toContain("Pat");
    expect(erased.email).toMatch(/^erased-[0-9a-f]+@erased\.invalid$/);
    expect(await t.db.selectFrom("award").select("id").execute()).toHaveLength(2);
  });

  it("leaves judges, council officers and staff to their own arrangements", async () => {
    const judge = await person(new Date(NOW.getTime() - 10 * 365 * DAY), "judge");
    await applyRetention(NOW);
    expect(await stillNamed(judge)).toBe(true);
  });

  it("is shown to staff only", async () => {
    const entrant = await person();
    expect((await refusalOf(previewRetention({ id: entrant.id }, NOW))).status).toBe(403);
  });
});
