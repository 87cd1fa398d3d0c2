// Ranking and assignment benchmark (issue 4): 5,000 submitted entries, 60 judges, 3 judges per
// entry, 6 criteria, every review submitted, on real PostgreSQL. It measures
//   1. the full normalised leaderboard: loadLeaderboard(staff, roundId) from
//      app/services/judging/ranking.server.ts, i.e. the queries (one for all the scores) plus
//      rankEntries — exactly what the staff leaderboard page calls;
//   2. the assignment: loading the round's entries, judges and conflicts (roundEntries and
//      conflictPairs, the functions runAssignment uses, and its query for the judges) plus
//      assignJudges, for a first run (nothing kept);
//   3. for information, the re-assignment when a judge drops out (with the defaults, their 250
//      places filled from the other 59 judges, the other 14,750 pairs kept), the pure function only.
// Each figure is the median and p95 over BENCH_RUNS runs after BENCH_WARMUP warm-up runs.
// Targets: leaderboard under 200 ms, assignment under 2 s.
//
//   node tests/load/ranking.mjs
//
// Environment: BENCH_DATABASE_URL (a PostgreSQL server; default the development server
// postgres://postgres@127.0.0.1:54329/postgres), BENCH_ENTRIES (5000), BENCH_JUDGES (60),
// BENCH_K (3), BENCH_RUNS (25), BENCH_WARMUP (3), BENCH_KEEP_DATABASE (off; on keeps the scratch database
// for inspection instead of dropping it).
// It needs no build: the app modules it measures are bundled with esbuild into
// node_modules/.cache at the start (npm packages stay external, as in scripts/build-server.mjs).
// It creates a scratch database on that server, migrates it with the app's migrations, seeds it,
// and drops the database and the bundle at the end, whatever happens.
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { build } from "esbuild";
import pg from "pg";
import { adminQuery, percentile, table, withDatabase } from "./support/bench-helpers.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const SERVER_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:54329/postgres";
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 5000);
const JUDGES = Number(process.env.BENCH_JUDGES ?? 60);
const K = Number(process.env.BENCH_K ?? 3);
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const KEEP = process.env.BENCH_KEEP_DATABASE === "on";
const CRITERIA = [
  { name: "Impact on the community", weight: 30 },
  { name: "Feasibility", weight: 20 },
  { name: "Innovation", weight: 15 },
  { name: "Fit with the priority areas", weight: 15 },
  { name: "Fit with the principles", weight: 10 },
  { name: "Value for money", weight: 10 },
];
const AREAS = 5;
const ORGANISATIONS = Math.max(1, Math.ceil(ENTRIES / 4));
const CONFLICTS_PER_JUDGE = 2; // organisations each judge is conflicted with (each ~4 entries)
const TARGETS = { leaderboardMs: 200, assignmentMs: 2000 };

const databaseName = `cric_bench_ranking_${randomBytes(4).toString("hex")}`;
const databaseUrl = withDatabase(SERVER_URL, databaseName);
const bundleDir = path.join(root, "node_modules/.cache/cric-bench-ranking");
const bundleFile = path.join(bundleDir, `app-${process.pid}.mjs`);
let handle;
let pool;

async function cleanUp() {
  await handle?.close().catch(() => {});
  handle = undefined;
  await pool?.end().catch(() => {});
  pool = undefined;
  if (KEEP) {
    console.log(`Kept the scratch database ${databaseName} (BENCH_KEEP_DATABASE=on): drop it when done.`);
  } else
    await adminQuery(SERVER_URL, `drop database if exists ${databaseName} with (force)`).catch((error) =>
      console.error(`Could not drop the scratch database ${databaseName}: ${error.message}`),
    );
  rmSync(bundleFile, { force: true });
  rmSync(`${bundleFile}.map`, { force: true });
}
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));

/** A small deterministic generator so every run seeds the same data. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function measure(label, runs, warmup, work) {
  for (let i = 0; i < warmup; i++) await work();
  const times = [];
  const cpu = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    last = await work();
    times.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    label,
    median: percentile(times, 50),
    p95: percentile(times, 95),
    min: times[0],
    max: times[times.length - 1],
    cpu: percentile(cpu, 50),
    last,
  };
}

const ms = (x) => `${x.toFixed(1)} ms`;

try {
  console.log(`Bundling the app modules with esbuild...`);
  mkdirSync(bundleDir, { recursive: true });
  await build({
    stdin: {
      contents: [
        `export { openDatabase, setDatabase } from "./db/client";`,
        `export { migrateToLatest } from "./db/migrate";`,
        `export { loadLeaderboard, loadEntryExplanation, loadSubmittedReviews } from "./app/services/judging/ranking.server";`,
        `export { rankEntries } from "./app/domain/ranking";`,
        `export { assignJudges } from "./app/domain/assignment";`,
        `export { roundEntries } from "./app/services/judging/rounds.server";`,
        `export { conflictPairs } from "./app/services/judging/assignment.server";`,
      ].join("\n"),
      resolveDir: root,
      sourcefile: "bench-ranking-entry.ts",
      loader: "ts",
    },
    outfile: bundleFile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    jsx: "automatic",
    logLevel: "warning",
  });
  const app = await import(bundleFile);

  await adminQuery(SERVER_URL, `create database ${databaseName}`);
  handle = await app.openDatabase({ databaseUrl, poolSize: 10 });
  app.setDatabase(handle);
  const applied = await app.migrateToLatest(handle.db);
  console.log(`Scratch database ${databaseName} on ${new URL(SERVER_URL).host}, ${applied.length} migrations applied.`);

  // ---- Seed ------------------------------------------------------------------------------------
  pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const q = (text, values) => pool.query(text, values);
  const seedStarted = performance.now();
  const {
    rows: [authority],
  } = await q(`select code from local_authority order by code limit 1`);
  if (!authority) throw new Error("The migrations loaded no local authorities");
  const {
    rows: [challenge],
  } = await q(
    `insert into challenge (slug, title, summary, opens_at, closes_at, status)
     values ('bench-ranking', 'Benchmark challenge', 'Seeded by tests/load/ranking.mjs', now() - interval '60 days', now() - interval '1 day', 'closed')
     returning id`,
  );
  const { rows: areas } = await q(
    `insert into priority_area (challenge_id, name, sponsor_code, position)
     select $1, 'Area ' || n, $2, n from generate_series(1, $3::int) n returning id`,
    [challenge.id, authority.code, AREAS],
  );
  const { rows: criteria } = await q(
    `insert into criterion (challenge_id, name, weight, scale_min, scale_max, position)
     select $1, c.name, c.weight, 0, 5, c.position
     from unnest($2::text[], $3::int[], $4::int[]) as c(name, weight, position) returning id`,
    [challenge.id, CRITERIA.map((c) => c.name), CRITERIA.map((c) => c.weight), CRITERIA.map((_, i) => i)],
  );
  const { rows: organisations } = await q(
    `insert into organisation (name, type, local_authority_code, postcode, contact_name, contact_email)
     select 'Organisation ' || n, 'charity', $1, 'B1 1AA', 'Contact ' || n, 'org' || n || '@bench.example'
     from generate_series(1, $2::int) n returning id`,
    [authority.code, ORGANISATIONS],
  );
  const { rows: judges } = await q(
    `insert into app_user (email, name) select 'judge' || n || '@bench.example', 'Judge ' || n
     from generate_series(1, $1::int) n returning id`,
    [JUDGES],
  );
  await q(`insert into role_grant (user_id, role) select unnest($1::int[]), 'judge'`, [judges.map((j) => j.id)]);
  // The member of staff looking at the figures: the ranking services check the staff role themselves.
  const {
    rows: [staffUser],
  } = await q(`insert into app_user (email, name) values ('staff@bench.example', 'Staff') returning id`);
  await q(`insert into role_grant (user_id, role) values ($1, 'staff')`, [staffUser.id]);
  const staff = { id: staffUser.id };
  const { rows: entries } = await q(
    `insert into entry (challenge_id, organisation_id, priority_area_id, title, status, submitted_at)
     select $1, ($2::int[])[1 + (n - 1) % $4], ($3::int[])[1 + (n - 1) % $5], 'Entry number ' || n, 'submitted', now() - interval '2 days'
     from generate_series(1, $6::int) n returning id`,
    [challenge.id, organisations.map((o) => o.id), areas.map((a) => a.id), organisations.length, areas.length, ENTRIES],
  );
  const {
    rows: [round],
  } = await q(
    `insert into judging_round (challenge_id, number, status, judges_per_entry, advance_count, opened_at)
     values ($1, 1, 'open', $2, 20, now()) returning id, challenge_id, number`,
    [challenge.id, K],
  );
  await q(`insert into round_judge (round_id, judge_user_id) select $1, unnest($2::int[])`, [
    round.id,
    judges.map((j) => j.id),
  ]);
  const rand = random(42);
  const conflictRows = judges.flatMap((j) =>
    Array.from({ length: CONFLICTS_PER_JUDGE }, () => [
      j.id,
      organisations[Math.floor(rand() * organisations.length)].id,
    ]),
  );
  await q(
    `insert into judge_conflict (challenge_id, judge_user_id, organisation_id, source, reason)
     select $1, c.judge, c.organisation, 'declared', 'Benchmark conflict'
     from unnest($2::int[], $3::int[]) as c(judge, organisation) on conflict do nothing`,
    [challenge.id, conflictRows.map((c) => c[0]), conflictRows.map((c) => c[1])],
  );

  // The assignment the app would make, then one submitted review per assignment with scores that
  // depend on the entry's quality and the judge's leniency, so normalisation has work to do.
  const roundEntries = await app.roundEntries(handle.db, round);
  const conflicts = await app.conflictPairs(handle.db, challenge.id, roundEntries);
  const assignment = app.assignJudges({
    entries: roundEntries.map((e) => ({ id: e.id, priorityAreaId: e.priority_area_id })),
    judges: judges.map((j) => ({ id: j.id })),
    judgesPerEntry: K,
    conflicts,
  });
  if (!assignment.ok) throw new Error(`The seed assignment failed: ${assignment.reason}`);
  const { rows: assigned } = await q(
    `insert into assignment (round_id, entry_id, judge_user_id, source)
     select $1, a.entry, a.judge, 'automatic' from unnest($2::int[], $3::int[]) as a(entry, judge)
     returning id, entry_id, judge_user_id`,
    [round.id, assignment.pairs.map((p) => p.entryId), assignment.pairs.map((p) => p.judgeId)],
  );
  const { rows: reviews } = await q(
    `insert into review (assignment_id, status, submitted_at)
     select id, 'submitted', now() from assignment where round_id = $1 returning id, assignment_id`,
    [round.id],
  );
  const quality = new Map(entries.map((e) => [e.id, rand() * 3 - 1.5]));
  const leniency = new Map(judges.map((j) => [j.id, rand() * 2 - 1]));
  const byAssignment = new Map(assigned.map((a) => [a.id, a]));
  const scoreReview = [];
  const scoreCriterion = [];
  const scoreValue = [];
  for (const r of reviews) {
    const a = byAssignment.get(r.assignment_id);
    for (const c of criteria) {
      const raw = 2.5 + quality.get(a.entry_id) + leniency.get(a.judge_user_id) + (rand() - 0.5) * 1.5;
      scoreReview.push(r.id);
      scoreCriterion.push(c.id);
      scoreValue.push(Math.max(0, Math.min(5, Math.round(raw))));
    }
  }
  await q(
    `insert into score (review_id, criterion_id, score)
     select * from unnest($1::int[], $2::int[], $3::int[])`,
    [scoreReview, scoreCriterion, scoreValue],
  );
  await q(`analyze`);
  console.log(
    `Seeded ${entries.length} entries, ${judges.length} judges, ${assigned.length} assignments, ${reviews.length} submitted reviews, ` +
      `${scoreValue.length} scores, ${conflictRows.length} declared conflicts in ${ms(performance.now() - seedStarted)}.\n`,
  );

  // ---- Measure -----------------------------------------------------------------------------------
  const loadAtStart = loadavg()[0];
  const leaderboard = await measure("leaderboard (loadLeaderboard: queries + rankEntries)", RUNS, WARMUP, () =>
    app.loadLeaderboard(staff, round.id),
  );
  const board = leaderboard.last;
  if (board.entries.length !== ENTRIES || board.reviewCount !== reviews.length) {
    throw new Error(
      `The leaderboard has ${board.entries.length} entries and ${board.reviewCount} reviews; expected ${ENTRIES} and ${reviews.length}`,
    );
  }

  // Where the leaderboard's time goes: the scores query alone, and the arithmetic alone.
  const scoresOnly = await measure("  of which: the scores query (one query, all scores)", RUNS, WARMUP, () =>
    app.loadSubmittedReviews(handle.db, round.id),
  );
  const reviewsForRanking = scoresOnly.last;
  const rankCriteria = board.criteria;
  const rankOnly = await measure("  of which: rankEntries (pure)", RUNS, WARMUP, () =>
    app.rankEntries(
      rankCriteria,
      board.entries.map((e) => ({ id: e.entryId, reference: e.reference })),
      reviewsForRanking,
      board.options,
    ),
  );

  const loadForAssignment = async () => {
    const es = await app.roundEntries(handle.db, round);
    const [js, cs] = await Promise.all([
      handle.db
        .selectFrom("round_judge")
        .select(["judge_user_id", "max_entries"])
        .where("round_id", "=", round.id)
        .where("withdrawn_at", "is", null)
        .orderBy("judge_user_id")
        .execute(),
      app.conflictPairs(handle.db, challenge.id, es),
    ]);
    return { es, js, cs };
  };
  const assignmentRun = await measure(
    "assignment (load entries, judges, conflicts + assignJudges)",
    RUNS,
    WARMUP,
    async () => {
      const { es, js, cs } = await loadForAssignment();
      const result = app.assignJudges({
        entries: es.map((e) => ({ id: e.id, priorityAreaId: e.priority_area_id })),
        judges: js.map((j) => ({ id: j.judge_user_id, cap: j.max_entries })),
        judgesPerEntry: K,
        conflicts: cs,
      });
      if (!result.ok) throw new Error(result.reason);
      return result;
    },
  );

  const loaded = await loadForAssignment();
  const leaver = judges[0].id;
  const kept = assignment.pairs.filter((p) => p.judgeId !== leaver);
  const dropOut = await measure("re-assignment after a judge drops out (assignJudges only)", RUNS, WARMUP, async () => {
    const result = app.assignJudges({
      entries: loaded.es.map((e) => ({ id: e.id, priorityAreaId: e.priority_area_id })),
      judges: loaded.js
        .filter((j) => j.judge_user_id !== leaver)
        .map((j) => ({ id: j.judge_user_id, cap: j.max_entries })),
      judgesPerEntry: K,
      conflicts: loaded.cs,
      existing: kept,
    });
    if (!result.ok) throw new Error(result.reason);
    return result;
  });

  const explanation = await measure("one entry's explanation (loadEntryExplanation)", Math.min(RUNS, 5), 1, () =>
    app.loadEntryExplanation(staff, round.id, board.entries[0].entryId),
  );

  console.log(
    table([
      ["measured", "median", "p95", "min", "max", "Node CPU (median)"],
      ...[leaderboard, scoresOnly, rankOnly, assignmentRun, dropOut, explanation].map((r) => [
        r.label,
        ms(r.median),
        ms(r.p95),
        ms(r.min),
        ms(r.max),
        ms(r.cpu),
      ]),
    ]),
  );
  const a = assignmentRun.last;
  const loads = Object.values(a.loads);
  const d = dropOut.last;
  const dLoads = Object.entries(d.loads)
    .filter(([id]) => Number(id) !== leaver)
    .map(([, n]) => n);
  console.log(
    `\nAssignment: ${a.pairs.length} pairs, loads ${Math.min(...loads)}–${Math.max(...loads)}, area slack ${a.areaSlack}, balanced ${a.balanced}.` +
      `\nDrop-out: ${d.added.length} places re-assigned, loads of the other judges ${Math.min(...dLoads)}–${Math.max(...dLoads)}, balanced ${d.balanced}.` +
      `\nLeaderboard: ${board.entries.length} entries, ${board.reviewCount} reviews, ${board.entries.filter((e) => e.flagged).length} flagged, ` +
      `overall mean ${board.overallMean.toFixed(1)}%, SD ${board.overallSd.toFixed(1)}.` +
      `\n(${RUNS} runs after ${WARMUP} warm-up runs; ${cpus().length} CPUs, 1-minute load average ${loadAtStart.toFixed(1)} at the start ` +
      `and ${loadavg()[0].toFixed(1)} at the end. "Node CPU" is this process's CPU time per run, without PostgreSQL's: with other ` +
      `work on the machine, wall times stretch while CPU times hardly change.)\n`,
  );
  const verdicts = [
    [`leaderboard under ${TARGETS.leaderboardMs} ms`, leaderboard, TARGETS.leaderboardMs],
    [`assignment under ${TARGETS.assignmentMs / 1000} s`, assignmentRun, TARGETS.assignmentMs],
  ];
  for (const [what, r, target] of verdicts) {
    const verdict = r.p95 < target ? "met    " : r.median < target ? "median " : "MISSED ";
    console.log(`${verdict} ${what}: median ${ms(r.median)}, p95 ${ms(r.p95)}`);
  }
  console.log(`("median" means the median met the target but the p95 did not.)`);
  process.exitCode = verdicts.every(([, r, target]) => r.median < target) ? 0 : 1;
} catch (error) {
  console.error(`\nThe benchmark stopped: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 2;
} finally {
  await cleanUp();
}
