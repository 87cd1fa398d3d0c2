// Council-browse benchmark (issue 6): 10,000 shared ideas on real PostgreSQL; council officers
// search and filter /councils/ideas over real HTTP against the built app. In the same run, two
// baselines answer the same load:
//   floor    a page of this same app whose loader returns a constant (/bench/floor): what the
//            framework itself costs per page (session-less, no database);
//   ceiling  a bare node:http server in this script answering the same searches with one hand-
//            written SQL query through `pg` and minimal HTML, every time: what the database work
//            costs.
// Two loads, each run against all three in turn:
//   officers    50 officers, each asking for a page, reading it (half a second to a second and a
//               half, far quicker than people read 25 ideas) and asking for the next. One request
//               in three is a search nobody has asked before, so the app cannot have kept it.
//   saturation  50 requests always in flight, back to back, from the same mix of broad and narrow
//               searches and filtered lists as before (pages officers ask for again), and again
//               with searches never asked before: the most each can answer.
// It prints p50/p95 and requests per second side by side, the app's throughput at saturation as a
// share of the floor's and the ceiling's, and checks that the number of queries behind a page does
// not grow with the number of matches (10 against 1,000). Targets: p95 under 50 ms for the 50
// officers; at least half the floor's throughput; the same query count for 10 and 1,000 matches.
//
//   npm run build && node tests/load/council-browse.mjs
//
// Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:54329/postgres),
// BENCH_IDEAS (10000), BENCH_CONCURRENCY (officers, and requests in flight at saturation: 50),
// BENCH_REQUESTS (requests per target at saturation, 3000), BENCH_OFFICER_SECONDS (how long the
// officers browse each target, 30), BENCH_KEEP_DATABASE (on: keep the scratch database afterwards,
// to study query plans), BENCH_PROFILE (a folder: write a CPU profile of the server there).
// It creates a scratch database on that server, migrates it with the app's migrations, starts
// `node build/server.mjs` with BENCH_ROUTES=on on a spare port, and removes the database and
// stops the server at the end, whatever happens.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import {
  adminQuery,
  delay,
  fail,
  percentile,
  requireBuild,
  sessionToken,
  sha256,
  sparePort,
  StepFailed,
  table,
  waitUntilHealthy,
  withDatabase,
} from "./support/bench-helpers.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const SERVER_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:54329/postgres";
const IDEAS = Number(process.env.BENCH_IDEAS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const OFFICER_MS = Number(process.env.BENCH_OFFICER_SECONDS ?? 30) * 1000;
const READING_MS = [500, 1500];
const TARGET_P95_MS = 50;
const START_TIMEOUT_MS = 60_000;
const SESSION_COOKIE = "__Host-cric_session";
const COUNCILS = ["E08000025", "E08000026", "E08000027", "E08000028", "E08000029", "E08000030", "E08000031"];
const POOL_SIZE = Number(process.env.DATABASE_POOL_SIZE ?? 10);

requireBuild(root);

const databaseName = `cric_bench_${randomBytes(4).toString("hex")}`;
const databaseUrl = withDatabase(SERVER_URL, databaseName);
let server;
let serverLog = "";
let pool;
let ceiling;

async function cleanUp() {
  await new Promise((resolve) => (ceiling ? ceiling.close(resolve) : resolve()));
  ceiling = undefined;
  await pool?.end().catch(() => {});
  pool = undefined;
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await Promise.race([new Promise((resolve) => server.once("exit", resolve)), delay(15_000)]);
    if (server.exitCode === null) server.kill("SIGKILL");
  }
  // BENCH_KEEP_DATABASE=on keeps the data for looking at query plans afterwards.
  if (process.env.BENCH_KEEP_DATABASE === "on") return console.log(`Kept the database ${databaseUrl}`);
  await adminQuery(SERVER_URL, `drop database if exists ${databaseName} with (force)`).catch((error) =>
    console.error(`Could not drop the benchmark database ${databaseName}:`, error.message),
  );
}
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));

try {
  console.log(
    `Council browse: ${IDEAS} shared ideas, ${CONCURRENCY} officers at a time, ${REQUESTS} requests per target; ` +
      `${cpus().length} CPUs (load average ${loadavg()[0].toFixed(1)}).`,
  );
  await adminQuery(SERVER_URL, `create database ${databaseName}`);
  console.log(`Database ${databaseName} on ${new URL(SERVER_URL).host}`);
  const env = {
    ...process.env,
    // Not production: the bench routes (/bench/*) never exist in production mode. The build is
    // the production build either way, and Remix runs in production mode for NODE_ENV=test.
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl,
    // No email worker, so no scheduled job (digests) runs during the measurement.
    EMAIL_WORKER: "off",
    TEST_HOOKS: "off",
    DEMO_MODE: "off",
    BENCH_ROUTES: "on",
  };
  delete env.RESEND_API_KEY;
  const migrated = spawnSync(process.execPath, ["build/cli.mjs", "migrate"], {
    cwd: root,
    env,
    encoding: "utf-8",
  });
  if (migrated.status !== 0) fail(`\`node build/cli.mjs migrate\` failed:\n${migrated.stdout}\n${migrated.stderr}`);

  pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  const data = await prepare(pool);
  console.log(
    `Loaded ${IDEAS} ideas, their snapshots, scores, awards and ${data.interests} council interests; ${data.officers.length} officers (${data.ms} ms).`,
  );

  const port = await sparePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // BENCH_PROFILE=<folder> writes a CPU profile of the server there, to see where the time goes.
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  server = spawn(process.execPath, [...profile, "build/server.mjs"], {
    cwd: root,
    env: { ...env, PORT: String(port), HOST: "127.0.0.1", APP_URL: baseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout.on("data", (chunk) => (serverLog += chunk));
  server.stderr.on("data", (chunk) => (serverLog += chunk));
  await waitUntilHealthy(baseUrl, server, START_TIMEOUT_MS);

  const ceilingPort = await sparePort();
  ceiling = startCeiling(pool, ceilingPort, data);
  const ceilingUrl = `http://127.0.0.1:${ceilingPort}`;

  const mix = requestMix(data);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  // Queries behind a page, for a search matching 10 ideas and one matching 1,000.
  const officer = data.officers[0];
  const counts = [];
  for (const tag of [data.narrowTag, data.broadTag]) {
    const response = await get(agent, `${baseUrl}/bench/queries.json?q=${tag}&council=all`, officer.token);
    if (response.status !== 200)
      fail(`/bench/queries.json answered ${response.status}: ${response.body.slice(0, 300)}`);
    counts.push(JSON.parse(response.body));
  }
  // Every page of the mix must work before it is timed.
  for (const url of mix) {
    const response = await get(agent, `${baseUrl}${url}`, officer.token);
    if (response.status !== 200) fail(`${url} answered ${response.status}: ${response.body.slice(0, 500)}`);
    const ceilingResponse = await get(agent, `${ceilingUrl}${url}`, officer.token);
    if (ceilingResponse.status !== 200) fail(`The ceiling failed ${url}: ${ceilingResponse.body.slice(0, 500)}`);
  }

  // Warm up all three, then measure each in turn under the same load.
  for (const target of [`${baseUrl}`, `${ceilingUrl}`]) await run(agent, target, mix, data.officers, 400);
  await run(agent, baseUrl, ["/bench/floor"], data.officers, 400);

  // Officers: a page, a read, the next page; one request in three a search never asked before.
  const fresh = newSearches();
  const officerMix = (floorOnly) => (i) =>
    floorOnly
      ? { url: "/bench/floor", isNew: false }
      : i % 3 === 2
        ? { url: fresh(), isNew: true }
        : { url: mix[i % mix.length], isNew: false };
  const officers = {
    app: await browse(agent, baseUrl, officerMix(false), data.officers),
    floor: await browse(agent, baseUrl, officerMix(true), data.officers),
    top: await browse(agent, ceilingUrl, officerMix(false), data.officers),
  };

  // Saturation: the same pages again and again, then searches never asked before.
  const app = await run(agent, baseUrl, mix, data.officers, REQUESTS);
  const unseen = Array.from({ length: REQUESTS }, () => fresh());
  const appNew = await run(agent, baseUrl, unseen, data.officers, REQUESTS);
  const floor = await run(agent, baseUrl, ["/bench/floor"], data.officers, REQUESTS);
  const top = await run(agent, ceilingUrl, mix, data.officers, REQUESTS);
  const topNew = await run(agent, ceilingUrl, unseen, data.officers, REQUESTS);

  report({ officers, app, appNew, floor, top, topNew, counts });
  agent.destroy();
} catch (error) {
  console.error(`\nThe benchmark stopped: ${error instanceof StepFailed ? error.message : (error?.stack ?? error)}`);
  if (serverLog.trim()) console.error(`\nServer output (last 3,000 characters):\n${serverLog.slice(-3000)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}

// ---------------------------------------------------------------------------------------------

/**
 * 10,000 ideas from 10,000 organisations across the seven councils, in one published challenge,
 * with snapshots, a confirmed round 1 with scores, the top 20 and top 3 awards, some council
 * interest, and 50 council officers with sessions. Words are picked by arithmetic on the row
 * number, so every run has the same data. Each idea carries one tag word shared by 10 ideas
 * (narrow searches) and one shared by 1,111 (broad: over 1,000 of them shared); one idea in 11
 * did not consent to sharing.
 */
async function prepare(db) {
  const t0 = performance.now();
  const client = await db.connect();
  try {
    await client.query("begin");
    const challenge = (
      await client.query(
        `insert into challenge (slug, title, summary, opens_at, closes_at, status, results_published_at)
         values ('bench-challenge', 'Benchmark challenge', 'Ideas for the benchmark', now() - interval '90 days',
           now() - interval '60 days', 'closed', now() - interval '1 day') returning id`,
      )
    ).rows[0].id;
    const areas = (
      await client.query(
        `insert into priority_area (challenge_id, name, sponsor_code, position)
         select $1, n, ($2::text[])[i], i from unnest($3::text[]) with ordinality as a(n, i) returning id`,
        [
          challenge,
          COUNCILS.slice(0, 6),
          ["Jobs and training", "Health and wellbeing", "Young people", "Older people", "Green spaces", "High streets"],
        ],
      )
    ).rows.map((r) => r.id);
    await client.query(
      `insert into prize_tier (challenge_id, name, places, cash_pence, support_cap_pence, masterclass, position)
       values ($1, 'Top 20', 20, 50000, 0, true, 1), ($1, 'Top 3', 3, 0, 1500000, false, 2)`,
      [challenge],
    );
    await client.query(
      `create temporary table words as select
         array['community','repair','garden','kitchen','youth','digital','walking','reading','music','sports','craft','health',
               'food','energy','housing','transport','library','market','theatre','cycling'] as a,
         array['cafe','club','network','hub','project','scheme','centre','workshop','partnership','exchange','programme',
               'collective','circle','service','lab','space'] as b,
         array['neighbours','families','older people','young carers','new parents','jobseekers','refugees','students',
               'veterans','volunteers','local traders','people living alone'] as c`,
    );
    await client.query(
      `insert into organisation (id, name, type, local_authority_code, postcode, contact_name, contact_email, contact_phone)
       overriding system value
       select g, 'Bench organisation ' || g,
         (array['community_group','cic','social_enterprise','cooperative','mutual','sme'])[1 + g % 6],
         ($1::text[])[1 + g % 7], 'B1 1AA', 'Contact ' || g, 'contact' || g || '@bench.example.org', '0121 496 0000'
       from generate_series(1, $2) g`,
      [COUNCILS, IDEAS],
    );
    await client.query(`select setval(pg_get_serial_sequence('organisation', 'id'), $1)`, [IDEAS]);
    await client.query(
      // References given here: the column's default pads to 4 digits with lpad, which truncates
      // numbers above 9999 (CRI-10000 would become CRI-1000 and collide).
      `insert into entry (reference, challenge_id, organisation_id, priority_area_id, title, summary, need, beneficiaries, delivery,
         costs, prize_use, consent_share, consent_contact, declaration, completed_sections, status, submitted_at)
       select 'CRI-' || lpad(g::text, 5, '0'), $1, g, ($2::int[])[1 + g % 6],
         initcap(w.a[1 + g % 20]) || ' ' || w.b[1 + (g * 7) % 16] || ' for ' || w.c[1 + (g * 13) % 12] || ' ' || (g % 97),
         'A ' || w.a[1 + (g * 3) % 20] || ' ' || w.b[1 + (g * 5) % 16] || ' run by volunteers for ' || w.c[1 + (g * 11) % 12]
           || ', meeting every week. Tags zq' || (g % 1000) || ' and grp' || (g % 9) || '.',
         'Since the pandemic fewer ' || w.c[1 + g % 12] || ' meet, and local services report more isolation and ' || w.a[1 + (g * 17) % 20] || ' needs.',
         'About ' || (50 + g % 400) || ' ' || w.c[1 + (g * 19) % 12] || ' each year.',
         'A part-time coordinator and volunteers deliver sessions in a ' || w.b[1 + (g * 23) % 16] || '.',
         'Coordinator £3,000; equipment £1,200.', 'Equipment and room hire.',
         g % 11 <> 0, g % 3 <> 0, true, array['idea','need','delivery','costs','consent'], 'submitted',
         now() - interval '70 days' + (g % 1000) * interval '1 minute'
       from generate_series(1, $3) g, words w`,
      [challenge, areas, IDEAS],
    );
    await client.query(
      `insert into entry_area (entry_id, local_authority_code)
       select e.id, o.local_authority_code from entry e join organisation o on o.id = e.organisation_id where e.challenge_id = $1`,
      [challenge],
    );
    await client.query(
      `insert into entry_submission (entry_id, entry_version, snapshot, submitted_by, submitted_at)
       select e.id, 1, jsonb_build_object(
           'reference', e.reference, 'version', 1,
           'organisation', jsonb_build_object('id', o.id, 'name', o.name, 'type', o.type, 'localAuthorityCode', o.local_authority_code, 'postcode', o.postcode),
           'priorityArea', jsonb_build_object('id', p.id, 'name', p.name), 'principles', '[]'::jsonb,
           'areas', jsonb_build_array(jsonb_build_object('code', o.local_authority_code, 'name', la.name)),
           'title', e.title, 'summary', e.summary, 'need', e.need, 'beneficiaries', e.beneficiaries, 'delivery', e.delivery,
           'costs', e.costs, 'prizeUse', e.prize_use, 'consentShare', e.consent_share, 'consentContact', e.consent_contact,
           'declaration', true),
         null, e.submitted_at
       from entry e join organisation o on o.id = e.organisation_id join priority_area p on p.id = e.priority_area_id
         join local_authority la on la.code = o.local_authority_code
       where e.challenge_id = $1`,
      [challenge],
    );
    const round = (
      await client.query(
        `insert into judging_round (challenge_id, number, status, advance_count, confirmed_at) values ($1, 1, 'confirmed', 100, now()) returning id`,
        [challenge],
      )
    ).rows[0].id;
    await client.query(
      `insert into round_result (round_id, entry_id, rank, normalised_score, selected)
       select $1, id, row_number() over (order by ((id * 7919) % 10007) desc), ((id * 7919) % 10007) / 100.0, false
       from entry where challenge_id = $2`,
      [round, challenge],
    );
    await client.query(
      `insert into award (challenge_id, entry_id, prize_tier_id, cash_pence, support_cap_pence)
       select $1, rr.entry_id, t.id, t.cash_pence, t.support_cap_pence
       from round_result rr join prize_tier t on t.challenge_id = $1
       where rr.round_id = $2 and (rr.rank <= 20 and t.places = 20 or rr.rank <= 3 and t.places = 3)`,
      [challenge, round],
    );
    const interests = (
      await client.query(
        `insert into council_interest (entry_id, local_authority_code, status, initiative_name)
         select e.id, ($2::text[])[1 + (e.id * 3) % 7],
           (array['interested','in_discussion','taken_forward','not_pursued'])[1 + e.id % 4], 'Initiative ' || e.id
         from entry e where e.challenge_id = $1 and e.consent_share and e.id % 17 = 0`,
        [challenge, COUNCILS],
      )
    ).rowCount;
    const users = (
      await client.query(
        `insert into app_user (email, name, email_verified_at)
         select 'officer-' || g || '@bench.example.gov.uk', 'Officer ' || g, now() from generate_series(1, 50) g returning id`,
      )
    ).rows;
    const officers = users.map((u, i) => ({
      id: u.id,
      code: COUNCILS[i % COUNCILS.length],
      token: sessionToken(),
    }));
    await client.query(
      `insert into role_grant (user_id, role, local_authority_code) select unnest($1::int[]), 'council_officer', unnest($2::text[])`,
      [officers.map((o) => o.id), officers.map((o) => o.code)],
    );
    await client.query(
      `insert into session (id, user_id, expires_at) select unnest($1::text[]), unnest($2::int[]), now() + interval '30 days'`,
      [officers.map((o) => sha256(o.token)), officers.map((o) => o.id)],
    );
    const sampleTitle = (
      await client.query(
        `select title from entry where challenge_id = $1 and consent_share order by id limit 1 offset 500`,
        [challenge],
      )
    ).rows[0].title;
    await client.query("commit");
    await client.query("analyze");
    const narrow = await db.query(
      `select count(*)::int as n from entry where search_document @@ websearch_to_tsquery('english', 'zq10') and consent_share`,
    );
    const broad = await db.query(
      `select count(*)::int as n from entry where search_document @@ websearch_to_tsquery('english', 'grp3') and consent_share`,
    );
    console.log(`Search "zq10" matches ${narrow.rows[0].n} shared ideas; "grp3" matches ${broad.rows[0].n}.`);
    return {
      challenge,
      areas,
      officers,
      interests,
      sampleTitle,
      narrowTag: "zq10",
      broadTag: "grp3",
      ms: Math.round(performance.now() - t0),
    };
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Broad and narrow searches and filtered lists, as officers use the page. */
function requestMix(data) {
  const q = (params) => `/councils/ideas?${new URLSearchParams(params)}`;
  return [
    q({ q: "community", council: "all" }),
    q({ q: "garden cafe" }),
    q({ q: "older people", council: "all", sort: "score" }),
    q({ q: "zq42", council: "all" }),
    q({ q: data.sampleTitle, council: "all" }),
    q({ q: "repair -kitchen", council: "all", page: "3" }),
    q({ council: "all" }),
    q({}),
    q({ council: "all", award: "winner" }),
    q({ council: "all", award: "top20" }),
    q({ area: String(data.areas[2]), type: "cic", council: "all" }),
    q({ council: "all", sort: "score", page: "10" }),
    q({ stage: "interest", council: "all" }),
    q({ council: "E08000027", stage: "new", sort: "date", page: "5" }),
  ];
}

/**
 * Searches nobody has asked before in this run: each tag word (shared by 10 ideas) in each council
 * and in all, 8,000 in all, in an order that does not repeat.
 */
function newSearches() {
  let n = 0;
  const councils = ["all", ...COUNCILS];
  return () => {
    const i = n++;
    const council = councils[Math.floor(i / 1000) % councils.length];
    return `/councils/ideas?${new URLSearchParams({ q: `zq${(i * 7) % 1000}`, council })}`;
  };
}

/**
 * CONCURRENCY officers browse for OFFICER_MS: each asks for a page, reads it for READING_MS, and
 * asks for the next; they start spread over the first reading time. `pick(i)` gives the i-th
 * request of the run and whether it is a search never asked before.
 */
async function browse(agent, base, pick, officers) {
  const latencies = [];
  const newLatencies = [];
  const statuses = new Map();
  let next = 0;
  const started = performance.now();
  const until = started + OFFICER_MS;
  // Reading times spread evenly over READING_MS by arithmetic, the same in every run.
  const spread = (n) => ((n * 7919) % 1000) / 1000;
  const reading = (n) => READING_MS[0] + spread(n) * (READING_MS[1] - READING_MS[0]);
  async function officer(w) {
    await delay(spread(w) * READING_MS[1]);
    for (let read = w; performance.now() < until; read += CONCURRENCY) {
      const { url, isNew } = pick(next++);
      const t0 = performance.now();
      const response = await get(agent, `${base}${url}`, officers[w % officers.length].token);
      const ms = performance.now() - t0;
      latencies.push(ms);
      if (isNew) newLatencies.push(ms);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      await delay(reading(read));
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => officer(w)));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  newLatencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    newP95: newLatencies.length ? percentile(newLatencies, 95) : null,
    rps: latencies.length / elapsed,
    errors: [...statuses].filter(([s]) => s !== 200).reduce((n, [, c]) => n + c, 0),
  };
}

async function run(agent, base, urls, officers, total) {
  const latencies = [];
  const statuses = new Map();
  let next = 0;
  const started = performance.now();
  async function worker(w) {
    while (next < total) {
      const i = next++;
      const url = urls[i % urls.length];
      const t0 = performance.now();
      const response = await get(agent, `${base}${url}`, officers[(w + i) % officers.length].token);
      latencies.push(performance.now() - t0);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    rps: total / elapsed,
    errors: [...statuses].filter(([s]) => s !== 200).reduce((n, [, c]) => n + c, 0),
  };
}

function get(agent, url, token) {
  return new Promise((resolve, reject) => {
    const request = http.get(
      url,
      {
        agent,
        headers: {
          cookie: `${SESSION_COOKIE}=${token}`,
          "accept-encoding": "identity",
        },
      },
      (response) => {
        const chunks = [];
        response.on("data", (c) => chunks.push(c));
        response.on("end", () =>
          resolve({
            status: response.statusCode,
            body: Buffer.concat(chunks).toString("utf-8"),
          }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
  });
}

/**
 * The ceiling: the same searches answered by one hand-written query each (visibility, filters,
 * rank, count and headlines together) and a minimal HTML page, with no framework, no session
 * check and no rendering library.
 */
function startCeiling(db, port, data) {
  const escape = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const own = new Map(data.officers.map((o) => [o.token, o.code]));
  const httpServer = http.createServer(async (request, response) => {
    try {
      const url = new URL(request.url, "http://x");
      const p = url.searchParams;
      const token = (request.headers.cookie ?? "").split("=")[1];
      const q = (p.get("q") ?? "").trim();
      const council = p.get("council") === "all" ? null : (p.get("council") ?? own.get(token));
      const page = Math.max(1, Number(p.get("page") ?? 1) || 1);
      const values = [];
      const param = (v) => `$${values.push(v)}`;
      const where = ["c.results_published_at is not null", "e.status = 'submitted'", "e.consent_share"];
      if (q) where.push(`e.search_document @@ websearch_to_tsquery('english', ${param(q)})`);
      if (council) {
        const c = param(council);
        where.push(
          `(o.local_authority_code = ${c} or exists (select 1 from entry_area ea where ea.entry_id = e.id and ea.local_authority_code = ${c}))`,
        );
      }
      if (p.get("area")) where.push(`e.priority_area_id = ${param(Number(p.get("area")))}`);
      if (p.get("type")) where.push(`o.type = ${param(p.get("type"))}`);
      const winner = `exists (select 1 from award a join prize_tier t on t.id = a.prize_tier_id where a.entry_id = e.id and t.places = 3)`;
      const awarded = `exists (select 1 from award a where a.entry_id = e.id)`;
      if (p.get("award") === "winner") where.push(winner);
      if (p.get("award") === "top20") where.push(`${awarded} and not ${winner}`);
      const active = (s) =>
        `exists (select 1 from council_interest ci where ci.entry_id = e.id and ci.status in (${s}))`;
      if (p.get("stage") === "interest")
        where.push(`${active("'interested','in_discussion'")} and not ${active("'taken_forward'")}`);
      if (p.get("stage") === "new") where.push(`not ${active("'interested','in_discussion','taken_forward'")}`);
      const order = q
        ? `lower(e.title) = lower(${param(q)}) desc, ts_rank_cd(e.search_document, websearch_to_tsquery('english', $1)) desc, e.id desc`
        : p.get("sort") === "score"
          ? `r1.normalised_score desc nulls last, e.id desc`
          : `e.submitted_at desc, e.id desc`;
      const headline = (field) =>
        q
          ? `ts_headline('english', s.snapshot->>'${field}', websearch_to_tsquery('english', $1))`
          : `s.snapshot->>'${field}'`;
      const sql = `select p.reference, p.total, ${headline("title")} as title, ${headline("summary")} as summary
        from (select e.id, e.reference, count(*) over () as total from entry e join challenge c on c.id = e.challenge_id
              join organisation o on o.id = e.organisation_id
              ${p.get("sort") === "score" ? "left join (select rr.entry_id, rr.normalised_score from round_result rr join judging_round jr on jr.id = rr.round_id where jr.number = 1 and jr.status = 'confirmed') r1 on r1.entry_id = e.id" : ""}
              where ${where.join(" and ")}
              order by ${order} limit 25 offset ${param((page - 1) * 25)}) p
        join lateral (select snapshot from entry_submission where entry_id = p.id order by entry_version desc limit 1) s on true`;
      const { rows } = await db.query(sql, values);
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(
        `<!doctype html><title>Ideas</title><p>${rows[0]?.total ?? 0} ideas</p><ul>${rows
          .map(
            (r) =>
              `<li><a href="/councils/ideas/${r.reference}">${escape(r.title)}</a><p>${escape(r.summary)}</p></li>`,
          )
          .join("")}</ul>`,
      );
    } catch (error) {
      response.writeHead(500, { "content-type": "text/plain" });
      response.end(String(error?.message ?? error));
    }
  });
  httpServer.listen(port, "127.0.0.1");
  return httpServer;
}

function report({ officers, app, appNew, floor, top, topNew, counts }) {
  const f = (n) => (n === null ? "" : n.toFixed(1));
  const row = (name, r) => [name, f(r.p50), f(r.p95), f(r.rps), r.errors];
  const officerRow = (name, r) => [name, f(r.p50), f(r.p95), f(r.newP95), f(r.rps), r.errors];
  console.log("");
  console.log(
    `${CONCURRENCY} officers, each reading a page for ${READING_MS[0] / 1000}-${READING_MS[1] / 1000} s before the next; one request in three a new search:`,
  );
  console.log(
    table([
      ["target", "p50 ms", "p95 ms", "new searches p95 ms", "requests/s", "non-200"],
      officerRow("shared ideas (app)", officers.app),
      officerRow("floor (app, constant loader)", officers.floor),
      officerRow("ceiling (node:http + pg)", officers.top),
    ]),
  );
  console.log("");
  console.log(`Saturation: ${CONCURRENCY} requests always in flight, back to back:`);
  console.log(
    table([
      ["target", "p50 ms", "p95 ms", "requests/s", "non-200"],
      row("shared ideas (app)", app),
      row("shared ideas (app), new searches only", appNew),
      row("floor (app, constant loader)", floor),
      row("ceiling (node:http + pg)", top),
      row("ceiling (node:http + pg), new searches only", topNew),
    ]),
  );
  const ofFloor = app.rps / floor.rps;
  const ofCeiling = app.rps / top.rps;
  const [narrow, broad] = counts;
  console.log("");
  console.log(
    `Throughput at saturation: ${(ofFloor * 100).toFixed(0)}% of the floor's, ${(ofCeiling * 100).toFixed(0)}% of the ceiling's; ` +
      `new searches only: ${((appNew.rps / floor.rps) * 100).toFixed(0)}% of the floor's, ${((appNew.rps / topNew.rps) * 100).toFixed(0)}% of the ceiling's.`,
  );
  console.log(
    `Queries behind a page: ${narrow.queries} for a search matching ${narrow.matches} ideas, ${broad.queries} for one matching ${broad.matches} (rows on the page: ${narrow.rows} and ${broad.rows}).`,
  );
  const errors = [officers.app, officers.floor, officers.top, app, appNew, floor, top, topNew].reduce(
    (n, r) => n + r.errors,
    0,
  );
  const checks = [
    [`p95 under ${TARGET_P95_MS} ms for ${CONCURRENCY} officers`, officers.app.p95 < TARGET_P95_MS],
    ["at least half the floor's throughput", ofFloor >= 0.5],
    [
      "queries per page do not grow with the matches",
      narrow.queries === broad.queries && narrow.matches <= 10 && broad.matches >= 1000,
    ],
    ["no errors", errors === 0],
  ];
  console.log("");
  for (const [name, ok] of checks) console.log(`${ok ? "PASS" : "FAIL"}  ${name}`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
}
