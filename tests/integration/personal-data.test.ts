import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/services/actor.server";
import { recordInterest } from "../../app/services/councils/interest.server";
import { addAffiliation } from "../../app/services/judging/affiliations.server";
import {
  closeDataRequest,
  createDataRequest,
  getDataRequest,
  listDataRequests,
  NO_ACCOUNT,
  NOT_OPEN,
  produceRequestedData,
  RECEIVED_IN_FUTURE,
} from "../../app/services/records/data-requests.server";
import {
  EXPORTED_COLUMNS,
  LEFT_OUT,
  personalDataFor,
  type PersonalData,
} from "../../app/services/records/personal-data.server";
import type { InterestInput } from "../../app/domain/council-search";
import { isAppError } from "../../app/services/app-error.server";
import { useTestDatabase } from "../support/database";
import { buildRouteFixtures, type RouteFixtures } from "../support/route-access-fixtures";
import { refusalOf } from "../support/refusals";

// The right of access (decision 052): what a person downloads holds each kind of their data, for
// an entrant, a judge and a council officer; nobody but the person and the programme staff can
// have it; every table with a column about a person is either exported or left out with a reason;
// and the staff register of requests tracks each to its due date, with every step audited.

const t = useTestDatabase({ keepBetweenTests: true });
let f: RouteFixtures;
const as = (id: number): Actor => ({ id, ip: "192.0.2.50" });
const WINNER_HASH = "$argon2id$v=19$m=19456,t=2,p=1$not-a-real-hash-but-a-secret-one";
const SECRET_LINK = "https://example.org/verify-email/secret-token-that-must-not-leak";

async function exportFor(userId: number): Promise<PersonalData> {
  return personalDataFor(t.db, as(userId), userId);
}

beforeAll(async () => {
  f = await buildRouteFixtures(t.db);
  const winnerEmail = await emailOf(f.users.winner.id);
  await t.db.updateTable("app_user").set({ password_hash: WINNER_HASH }).where("id", "=", f.users.winner.id).execute();
  // An email waiting to go, whose link is still live, and one already sent.
  await t.db
    .insertInto("email_outbox")
    .values([
      {
        idempotency_key: "personal-data-test-verify",
        to_address: winnerEmail.toUpperCase(),
        template: "verify-email",
        props: JSON.stringify({ name: "Winner", verifyUrl: SECRET_LINK, expiresIn: "24 hours" }),
      },
      {
        idempotency_key: "personal-data-test-changed",
        to_address: winnerEmail,
        template: "password-changed",
        props: JSON.stringify({ name: "Winner" }),
        status: "sent",
        sent_at: new Date(),
      },
    ])
    .execute();
  // The judge's review of entrant A's entry, with a score and comment on one criterion.
  const review = await t.db
    .insertInto("review")
    .values({ assignment_id: f.judging.judgeAssignmentId, overall_comment: "A strong, well costed idea." })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("score")
    .values({ review_id: review.id, criterion_id: f.judging.criterionId, score: 4, comment: "Clear need shown." })
    .execute();
  await addAffiliation(as(f.users.judge.id), {
    kind: "organisation",
    organisationName: "Walsall Walkers",
    roleDescription: "Treasurer",
  });
  await recordInterest(as(f.users.councilOfficer.id), f.previous.sharedHereRef, {
    status: "interested",
    initiativeName: "Birmingham repair network",
    initiativeDescription: "",
    initiativeUrl: "",
    note: "Ask about their volunteers.",
    version: 0,
  } as unknown as InterestInput);
}, 120_000);

async function emailOf(userId: number): Promise<string> {
  const row = await t.db.selectFrom("app_user").select("email").where("id", "=", userId).executeTakeFirstOrThrow();
  return row.email;
}

describe("a person's own data", () => {
  it("holds an entrant's account, organisation, entry with every submitted version, emails, awards and audit events", async () => {
    const data = await exportFor(f.users.winner.id);
    expect(data.account.email).toBe(await emailOf(f.users.winner.id));
    expect(data.account.roles.map((r) => r.role)).toEqual(["Entrant"]);
    expect(data.account.hasPassword).toBe(true);

    expect(data.organisations).toHaveLength(1);
    expect(data.organisations[0]!.memberSince).not.toBeNull();

    const entry = data.entries.find((e) => e.reference === f.previous.winnerEntryRef)!;
    expect(entry.status).toBe("Submitted");
    expect(entry.submittedVersions.length).toBeGreaterThan(0);
    expect(entry.submittedVersions[0]!.snapshot).toMatchObject({ reference: f.previous.winnerEntryRef });
    expect(entry.submittedVersions[0]!.snapshot.title).toBe(entry.answers.title);

    // The emails to their address, matched whatever its case, with the live link removed.
    const subjects = data.messages.map((m) => m.subject);
    expect(subjects).toEqual(expect.arrayContaining(["Confirm your email address", "Your password has been changed"]));
    const verify = data.messages.find((m) => m.subject === "Confirm your email address")!;
    expect(verify.status).toBe("Waiting to be sent");
    expect(verify.content).toMatchObject({ name: "Winner", verifyUrl: expect.not.stringContaining("secret-token") });
    expect(data.messages.find((m) => m.subject === "Your password has been changed")!.sentAt).not.toBeNull();

    // The top 20 prize (with its payment and the masterclass they booked) and the top 3 support.
    expect(data.awards).toHaveLength(2);
    const cash = data.awards.find((a) => a.payment)!;
    expect(cash.payment!.amountPence).toBeGreaterThan(0);
    expect(cash.masterclasses).toEqual([expect.objectContaining({ place: "Accepted" })]);
    const support = data.awards.find((a) => a.milestones.length)!;
    expect(support.milestones[0]!.title).toBe("First community session");

    expect(data.auditEvents.some((e) => e.byYou)).toBe(true);
  });

  it("never holds a secret: no password hash, live link, session token or authenticator key", async () => {
    const text = JSON.stringify(await exportFor(f.users.winner.id));
    expect(text).not.toContain(WINNER_HASH);
    expect(text).not.toContain(SECRET_LINK);
    const sessions = await t.db.selectFrom("session").select("id").where("user_id", "=", f.users.winner.id).execute();
    for (const session of sessions) expect(text).not.toContain(session.id);
  });

  it("holds a judge's rounds, assignments with their scores and comments, affiliations and conflicts", async () => {
    const judge = await exportFor(f.users.judge.id);
    expect(judge.account.roles.map((r) => r.role)).toEqual(["Judge"]);
    expect(judge.judging.rounds).toEqual([expect.objectContaining({ round: 1 })]);
    const review = judge.judging.assignments.find((a) => a.entry === f.judging.entryARef)!.review!;
    expect(review.overallComment).toBe("A strong, well costed idea.");
    expect(review.scores).toEqual([expect.objectContaining({ score: 4, comment: "Clear need shown." })]);
    expect(judge.judging.affiliations).toEqual([
      expect.objectContaining({ with: "Walsall Walkers", role: "Treasurer" }),
    ]);
    expect(judge.judging.declarationsCompleted).toHaveLength(1);

    const conflicted = await exportFor(f.users.conflictedJudge.id);
    expect(conflicted.judging.conflictsDeclared).toEqual([
      expect.objectContaining({ reason: "My sister chairs this group.", source: "Declared by you" }),
    ]);
    // The assignment the conflict ended is there, saying it ended.
    expect(conflicted.judging.assignments.find((a) => a.entry === f.judging.entryARef)!.endedAt).not.toBeNull();
  });

  it("holds a council officer's role and the interest they recorded", async () => {
    const data = await exportFor(f.users.councilOfficer.id);
    expect(data.account.roles.map((r) => r.role)).toEqual(["Council officer for Birmingham"]);
    expect(data.councils.interestRecorded).toEqual([
      expect.objectContaining({
        entry: f.previous.sharedHereRef,
        status: "Interested",
        initiativeName: "Birmingham repair network",
        note: "Ask about their volunteers.",
      }),
    ]);
  });
});

describe("who may have it", () => {
  it("is not found for anyone else: another entrant, a judge, a council officer", async () => {
    for (const other of [f.users.entrantA, f.users.judge, f.users.councilOfficer]) {
      const response = await refusalOf(personalDataFor(t.db, as(other.id), f.users.winner.id));
      expect(response.status).toBe(404);
    }
  });

  it("is not found for an account that does not exist, even for staff", async () => {
    const response = await refusalOf(personalDataFor(t.db, as(f.users.staff.id), 2_000_000_000));
    expect(response.status).toBe(404);
  });

  it("is the same for programme staff as for the person", async () => {
    const own = await exportFor(f.users.winner.id);
    const staff = await personalDataFor(t.db, as(f.users.staff.id), f.users.winner.id);
    expect({ ...staff, producedAt: "" }).toEqual({ ...own, producedAt: "" });
  });
});

describe("the schema's personal columns", () => {
  // A column is about a person when it points at an account or holds an address or network
  // address: a foreign key to app_user, or a name like user_id, *_user_id, *_by, email, *_email,
  // to_address or ip.
  const PERSONAL_NAME = /^(user_id|.+_user_id|.+_by|email|.+_email|to_address|ip)$/;
  /** Columns whose names look personal but are not. */
  const NOT_PERSONAL = new Set(["judging_round.rank_by"]);

  it("are each exported, or in a table left out on purpose with a reason", async () => {
    const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' order by table_name, ordinal_position`.execute(t.db);
    const { rows: userKeys } = await sql<{ table_name: string; column_name: string }>`
      select c.conrelid::regclass::text as table_name, a.attname as column_name
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
      where c.contype = 'f' and c.confrelid = 'app_user'::regclass`.execute(t.db);
    const personal = new Set([
      ...columns.filter((c) => PERSONAL_NAME.test(c.column_name)).map((c) => `${c.table_name}.${c.column_name}`),
      ...userKeys.map((c) => `${c.table_name.replace(/^public\./, "").replace(/"/g, "")}.${c.column_name}`),
    ]);
    // The walk found the columns: an empty schema would pass every check below.
    expect(personal.size).toBeGreaterThan(40);

    const uncovered = [...personal].filter((column) => {
      if (NOT_PERSONAL.has(column)) return false;
      const [table, name] = column.split(".") as [string, string];
      return !(table in LEFT_OUT) && !EXPORTED_COLUMNS[table]?.includes(name);
    });
    expect(
      uncovered,
      "These columns hold or point at a person but app/services/records/personal-data.server.ts neither exports " +
        "them (EXPORTED_COLUMNS) nor leaves their table out with a reason (LEFT_OUT)",
    ).toEqual([]);

    // And nothing listed has gone from the schema.
    const existing = new Set(columns.map((c) => `${c.table_name}.${c.column_name}`));
    const stale = [
      ...Object.entries(EXPORTED_COLUMNS).flatMap(([table, names]) =>
        names.map((name) => `${table}.${name}`).filter((column) => !existing.has(column)),
      ),
      ...Object.keys(LEFT_OUT).filter((table) => !columns.some((c) => c.table_name === table)),
    ];
    expect(stale).toEqual([]);
    for (const reason of Object.values(LEFT_OUT)) expect(reason.length).toBeGreaterThan(20);
  });
});

describe("the register of data-rights requests", () => {
  const staff = () => as(f.users.staff.id);

  it("records a request against the account with that address, due one calendar month after it arrived", async () => {
    const email = (await emailOf(f.users.winner.id)).toUpperCase();
    const { id } = await createDataRequest(
      staff(),
      { email, kind: "access", receivedOn: "2027-01-31", howReceived: "Letter to the programme", notes: "Signed." },
      "2027-02-10",
    );
    const request = await getDataRequest(staff(), id, "2027-02-10");
    expect(request).toMatchObject({
      userId: f.users.winner.id,
      kind: "access",
      receivedOn: "2027-01-31",
      dueOn: "2027-02-28",
      status: "open",
      overdue: false,
      createdByName: "Staff Member",
    });
    expect((await getDataRequest(staff(), id, "2027-03-01")).overdue).toBe(true);
    const created = await t.db
      .selectFrom("audit_event")
      .select(["actor_user_id", "subject_type", "subject_id", "details"])
      .where("action", "=", "data_request.created")
      .execute();
    expect(created).toContainEqual(
      expect.objectContaining({
        actor_user_id: f.users.staff.id,
        subject_type: "user",
        subject_id: String(f.users.winner.id),
        details: expect.objectContaining({ dataRequest: id, kind: "access", dueOn: "2027-02-28" }),
      }),
    );
  });

  it("refuses an address with no account, and a date still to come", async () => {
    const input = { kind: "erasure" as const, receivedOn: "2027-02-01", howReceived: "Phone", notes: "" };
    const noAccount = await createDataRequest(staff(), { ...input, email: "nobody@example.org" }, "2027-02-10").catch(
      (e: unknown) => e,
    );
    expect(isAppError(noAccount, "invalid") && noAccount.field === "email" && noAccount.message).toBe(NO_ACCOUNT);
    const email = await emailOf(f.users.entrantA.id);
    const future = await createDataRequest(staff(), { ...input, email, receivedOn: "2027-02-11" }, "2027-02-10").catch(
      (e: unknown) => e,
    );
    expect(isAppError(future, "invalid") && future.message).toBe(RECEIVED_IN_FUTURE);
  });

  it("lists open requests first, soonest due first, then the answered ones", async () => {
    const email = await emailOf(f.users.entrantB.id);
    const base = { email, howReceived: "Email", notes: "" };
    const later = await createDataRequest(
      staff(),
      { ...base, kind: "objection", receivedOn: "2027-02-05" },
      "2027-02-10",
    );
    const sooner = await createDataRequest(
      staff(),
      { ...base, kind: "rectification", receivedOn: "2027-01-02" },
      "2027-02-10",
    );
    const answered = await createDataRequest(
      staff(),
      { ...base, kind: "erasure", receivedOn: "2027-01-01" },
      "2027-02-10",
    );
    await closeDataRequest(staff(), answered.id, { status: "completed" });
    const ids = (await listDataRequests(staff(), "2027-02-10")).map((r) => r.id);
    expect(ids.indexOf(sooner.id)).toBeLessThan(ids.indexOf(later.id));
    expect(ids.indexOf(later.id)).toBeLessThan(ids.indexOf(answered.id));
  });

  it("produces the person's data for an access request, audited each time, and nothing for another kind", async () => {
    const winnerEmail = await emailOf(f.users.winner.id);
    const access = await createDataRequest(
      staff(),
      { email: winnerEmail, kind: "access", receivedOn: "2027-02-01", howReceived: "Email", notes: "" },
      "2027-02-10",
    );
    const produced = await produceRequestedData(staff(), access.id, "json");
    expect(produced.data.account.email).toBe(winnerEmail);
    const events = await t.db
      .selectFrom("audit_event")
      .select(["subject_id", "details"])
      .where("action", "=", "data_request.data_produced")
      .execute();
    expect(events).toContainEqual({
      subject_id: String(f.users.winner.id),
      details: { dataRequest: access.id, format: "json" },
    });
    // The person sees in their own copy that it was recorded and produced.
    const own = await exportFor(f.users.winner.id);
    expect(own.dataRequests.length).toBeGreaterThan(0);
    expect(own.auditEvents.filter((e) => e.aboutYou && !e.byYou).map((e) => e.what)).toEqual(
      expect.arrayContaining([expect.stringMatching(/data request created/i)]),
    );

    const erasure = await createDataRequest(
      staff(),
      { email: winnerEmail, kind: "erasure", receivedOn: "2027-02-01", howReceived: "Email", notes: "" },
      "2027-02-10",
    );
    expect((await refusalOf(produceRequestedData(staff(), erasure.id, "page"))).status).toBe(404);
  });

  it("closes a request once, completed or refused with a reason, and audits it", async () => {
    const email = await emailOf(f.users.entrantA.id);
    const base = { email, howReceived: "Letter", notes: "", receivedOn: "2027-02-01" };
    const one = await createDataRequest(staff(), { ...base, kind: "access" }, "2027-02-10");
    const two = await createDataRequest(staff(), { ...base, kind: "objection" }, "2027-02-10");
    await closeDataRequest(staff(), one.id, { status: "completed" });
    await closeDataRequest(staff(), two.id, {
      status: "refused",
      reason: "Manifestly unfounded: the fifth this week.",
    });
    expect(await getDataRequest(staff(), one.id, "2027-02-10")).toMatchObject({
      status: "completed",
      completedByName: "Staff Member",
      overdue: false,
    });
    expect(await getDataRequest(staff(), two.id, "2027-02-10")).toMatchObject({
      status: "refused",
      refusalReason: "Manifestly unfounded: the fifth this week.",
    });
    const again = await closeDataRequest(staff(), one.id, { status: "completed" }).catch((e: unknown) => e);
    expect(isAppError(again, "conflict") && again.message).toBe(NOT_OPEN);
    const actions = await t.db
      .selectFrom("audit_event")
      .select("action")
      .where("action", "in", ["data_request.completed", "data_request.refused"])
      .execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(["data_request.completed", "data_request.refused"]),
    );
  });

  it("is staff only: anyone else is refused and nothing is recorded", async () => {
    const before = await t.db
      .selectFrom("data_request")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const email = await emailOf(f.users.entrantA.id);
    for (const who of [f.users.entrantA, f.users.judge, f.users.councilOfficer]) {
      const response = await refusalOf(
        createDataRequest(
          as(who.id),
          { email, kind: "access", receivedOn: "2027-02-01", howReceived: "Letter", notes: "" },
          "2027-02-10",
        ),
      );
      expect(response.status).toBe(403);
      expect((await refusalOf(listDataRequests(as(who.id), "2027-02-10"))).status).toBe(403);
    }
    const after = await t.db
      .selectFrom("data_request")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
