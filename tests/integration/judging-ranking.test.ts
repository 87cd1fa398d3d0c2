import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  loadEntryExplanation,
  loadLeaderboard,
  loadSubmittedReviews,
  loadSubmittedScores,
  reviewsFromScores,
} from "../../app/services/judging/ranking.server";
import { makeStaff } from "../support/awards-fixtures";
import { useTestDatabase } from "../support/database";
import { expectStaffOnly } from "../support/refused-callers";

const t = useTestDatabase();

async function one<T>(query: ReturnType<typeof sql<T>>): Promise<T> {
  const { rows } = await query.execute(t.db);
  return rows[0]!;
}

/**
 * A round with two criteria (weights 60/40 on 0–5, so percent = 12·s1 + 8·s2), three submitted
 * entries and two judges, plus the things that must NOT count: an in-progress review, a
 * submitted review on an ended assignment, and a withdrawn entry.
 */
async function seedRound() {
  const { code } = await one(sql<{ code: string }>`select code from local_authority order by code limit 1`);
  const challenge = await one(sql<{ id: number }>`
    insert into challenge (slug, title, summary, opens_at, closes_at, status)
    values ('ranking-test', 'Ranking test', 'For the ranking service', now() - interval '30 days', now() - interval '1 day', 'closed')
    returning id`);
  const area = await one(sql<{ id: number }>`
    insert into priority_area (challenge_id, name, sponsor_code) values (${challenge.id}, 'Area', ${code}) returning id`);
  const impact = await one(sql<{ id: number }>`
    insert into criterion (challenge_id, name, weight, scale_min, scale_max, position) values (${challenge.id}, 'Impact', 60, 0, 5, 1) returning id`);
  const feasibility = await one(sql<{ id: number }>`
    insert into criterion (challenge_id, name, weight, scale_min, scale_max, position) values (${challenge.id}, 'Feasibility', 40, 0, 5, 2) returning id`);
  const organisation = await one(sql<{ id: number }>`
    insert into organisation (name, type, local_authority_code, postcode, contact_name, contact_email)
    values ('Org', 'charity', ${code}, 'B1 1AA', 'Contact', 'org@example.org') returning id`);
  const entry = async (title: string, status = "submitted") =>
    one(sql<{ id: number; reference: string }>`
      insert into entry (challenge_id, organisation_id, priority_area_id, title, status, submitted_at)
      values (${challenge.id}, ${organisation.id}, ${area.id}, ${title}, ${status}, now()) returning id, reference`);
  const e1 = await entry("Community fridge");
  const e2 = await entry("Repair cafe");
  const e3 = await entry("Youth club");
  const withdrawn = await entry("Withdrawn idea", "withdrawn");
  const judge = async (n: number) =>
    one(
      sql<{
        id: number;
      }>`insert into app_user (email, name) values (${`judge${n}@example.org`}, ${`Judge ${n}`}) returning id`,
    );
  const j1 = await judge(1);
  const j2 = await judge(2);
  const j3 = await judge(3);
  const round = await one(sql<{ id: number }>`
    insert into judging_round (challenge_id, number, status, judges_per_entry, advance_count)
    values (${challenge.id}, 1, 'open', 2, 2) returning id`);
  for (const j of [j1, j2, j3])
    await sql`insert into round_judge (round_id, judge_user_id) values (${round.id}, ${j.id})`.execute(t.db);

  const review = async (
    judgeId: number,
    entryId: number,
    scores: [number | null, number | null],
    options: { status?: "submitted" | "in_progress"; removed?: boolean; comment?: string } = {},
  ) => {
    const a = await one(sql<{ id: number }>`
      insert into assignment (round_id, entry_id, judge_user_id, source, removed_at)
      values (${round.id}, ${entryId}, ${judgeId}, 'automatic', ${options.removed ? new Date() : null}) returning id`);
    const status = options.status ?? "submitted";
    const r = await one(sql<{ id: number }>`
      insert into review (assignment_id, status, submitted_at, overall_comment)
      values (${a.id}, ${status}, ${status === "submitted" ? new Date() : null}, ${options.comment ?? ""}) returning id`);
    await sql`insert into score (review_id, criterion_id, score, comment) values
      (${r.id}, ${impact.id}, ${scores[0]}, ${options.comment ? `On impact: ${options.comment}` : ""}),
      (${r.id}, ${feasibility.id}, ${scores[1]}, '')`.execute(t.db);
  };
  // Judge 1: e1 (4,3) = 72, e2 (3,2) = 52, e3 (2,1) = 32.  Judge 2: e1 (5,5) = 100, e2 (4,4) = 80.
  await review(j1.id, e1.id, [4, 3], { comment: "Strong local support" });
  await review(j1.id, e2.id, [3, 2]);
  await review(j1.id, e3.id, [2, 1]);
  await review(j2.id, e1.id, [5, 5]);
  await review(j2.id, e2.id, [4, 4]);
  // None of these count: in progress, ended assignment, an entry no longer in the round.
  await review(j2.id, e3.id, [0, 0], { status: "in_progress" });
  await review(j3.id, e3.id, [5, 5], { removed: true });
  await review(j3.id, withdrawn.id, [5, 5]);
  const staff = await makeStaff(t.db, "sam");
  return { round, e1, e2, e3, withdrawn, j1, j2, impact, staff };
}

describe("the round leaderboard", () => {
  it("ranks the round's entries from the submitted scores on live assignments only", async () => {
    const { round, e1, e2, e3, j1, j2, staff } = await seedRound();
    const board = await loadLeaderboard(staff, round.id);
    // Judge 1: mean (72 + 52 + 32) ÷ 3 = 52, SD √(800 ÷ 3) = 16.33. Judge 2: mean 90, SD 10.
    // μ = (72 + 52 + 32 + 100 + 80) ÷ 5 = 67.2.
    // σ = √((4.8² + 15.2² + 35.2² + 32.8² + 12.8²) ÷ 5) = √(2732.8 ÷ 5) = √546.56 = 23.379.
    // e1: z = 1.2247 and 1 → p' = 67.2 + 23.379 × 1.2247 = 95.833 and 67.2 + 23.379 = 90.579 → 93.206
    // e2: z = 0 and −1 → 67.2 and 43.821 → 55.511. e3: judge 1 only, z = −1.2247 → 38.567.
    expect(board.entries.map((e) => e.entryId)).toEqual([e1.id, e2.id, e3.id]);
    expect(board.entries.map((e) => e.title)).toEqual(["Community fridge", "Repair cafe", "Youth club"]);
    expect(board.entries[0]).toMatchObject({ reference: e1.reference, rank: 1, judgeCount: 2, raw: 86, spread: 28 });
    expect(board.entries[0]!.normalised).toBeCloseTo(93.206, 3);
    expect(board.entries[1]!.normalised).toBeCloseTo(55.511, 3);
    expect(board.entries[2]).toMatchObject({ judgeCount: 1, raw: 32, flagged: false });
    expect(board.entries[2]!.normalised).toBeCloseTo(38.567, 3);
    expect(board.reviewCount).toBe(5);
    expect(board.overallMean).toBeCloseTo(67.2, 10);
    expect(board.options).toEqual({ rankBy: "normalised", disagreementThreshold: 25 });
    // Spreads: e1 100 − 72 = 28, e2 80 − 52 = 28, both above the default 25.
    expect(board.entries.filter((e) => e.flagged).map((e) => e.entryId)).toEqual([e1.id, e2.id]);
    expect(board.judges.map((j) => [j.judgeId, j.count])).toEqual([
      [j1.id, 3],
      [j2.id, 2],
    ]);
    expect(board.judgeNames[j1.id]).toBe("Judge 1");
    expect(board.tieBreakRule).toMatch(/reference/);
  });

  it("uses the round's ranking settings unless the page overrides them", async () => {
    const { round, e1, e2, e3, staff } = await seedRound();
    await sql`update judging_round set rank_by = 'raw', disagreement_threshold = 30 where id = ${round.id}`.execute(
      t.db,
    );
    const board = await loadLeaderboard(staff, round.id);
    expect(board.options).toEqual({ rankBy: "raw", disagreementThreshold: 30 });
    expect(board.entries.filter((e) => e.flagged)).toEqual([]);
    // Raw: e1 86, e2 66, e3 32 — the same order here, by the raw figures.
    expect(board.entries.map((e) => e.entryId)).toEqual([e1.id, e2.id, e3.id]);
    const overridden = await loadLeaderboard(staff, round.id, { disagreementThreshold: 27 });
    expect(overridden.options).toEqual({ rankBy: "raw", disagreementThreshold: 27 });
    expect(overridden.entries.filter((e) => e.flagged).map((e) => e.entryId)).toEqual([e1.id, e2.id]);
  });

  it("is a 404 for a round that does not exist", async () => {
    const staff = await makeStaff(t.db, "sam");
    await expect(loadLeaderboard(staff, 999_999)).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("the explanation of one entry", () => {
  it("shows each judge's arithmetic and their comments", async () => {
    const { round, e1, j1, j2, impact, staff } = await seedRound();
    const why = await loadEntryExplanation(staff, round.id, e1.id);
    expect(why.entry).toEqual({ id: e1.id, reference: e1.reference, title: "Community fridge" });
    expect(why.explanation.rank).toBe(1);
    expect(why.explanation.judges.map((j) => j.judgeId)).toEqual([j1.id, j2.id]);
    expect(why.explanation.judges[0]!.percentText).toBe("(48.0 + 24.0) ÷ 100 × 100 = 72.0");
    expect(why.explanation.rawText).toBe("(72.0 + 100.0) ÷ 2 = 86.0");
    expect(why.comments).toEqual([
      {
        judgeId: j1.id,
        overall: "Strong local support",
        byCriterion: { [impact.id]: "On impact: Strong local support" },
      },
      { judgeId: j2.id, overall: "", byCriterion: {} },
    ]);
  });

  it("is a 404 for an entry that is not in the round", async () => {
    const { round, withdrawn, staff } = await seedRound();
    await expect(loadEntryExplanation(staff, round.id, withdrawn.id)).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("who may see the figures", () => {
  // Checked by the service itself, not only by the /staff routes: a judge never sees the ranking.
  it("refuses the leaderboard and the explanation to an entrant, a judge, a council officer and former staff", async () => {
    const { round, e1 } = await seedRound();
    await expectStaffOnly(t.db, (actor) => ({
      loadLeaderboard: () => loadLeaderboard(actor, round.id),
      loadEntryExplanation: () => loadEntryExplanation(actor, round.id, e1.id),
    }));
  });
});

describe("loading the submitted scores", () => {
  it("gives the same reviews flat or grouped by the database", async () => {
    const { round } = await seedRound();
    const grouped = await loadSubmittedReviews(t.db, round.id);
    const flat = reviewsFromScores(await loadSubmittedScores(t.db, round.id));
    const order = (a: { judgeId: number; entryId: number }, b: { judgeId: number; entryId: number }) =>
      a.judgeId - b.judgeId || a.entryId - b.entryId;
    // Five submitted reviews on live assignments of entries in the round, plus judge 3's review of
    // the withdrawn entry (the entry filter is the ranking's job, not the loader's).
    expect(grouped).toHaveLength(6);
    expect([...grouped].sort(order)).toEqual([...flat].sort(order));
  });
});
