// Many entrants saving the last section of their entry and submitting it over plain HTTP, with no
// browser: shared by the deadline-surge benchmark (tests/load/deadline-surge.mjs) and the fault
// tests (tests/faults/), which do the same while the database restarts or the app is killed.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { sessionToken, sha256 } from "./bench-helpers.mjs";

/**
 * @typedef {{ rows: any[] }} QueryResult
 * @typedef {(text: string, params?: unknown[]) => Promise<QueryResult>} Query
 * @typedef {{ id: number, email: string, name: string, organisationId: number, token: string,
 *   entryId: number, reference: string, version: number, delivery: string }} Entrant
 */

/**
 * Creates the entrants straight in the database, as the test hooks would, but hundreds at a
 * time: an account with the entrant role, an organisation, a session (the cookie token and its
 * SHA-256, as the app stores it), and a draft in the open challenge with every section completed
 * except delivery. `transaction(fn)` runs fn in one transaction with a `query(text, params)`
 * (a pg client's or PGlite's), so this works on either engine.
 * @param {(fn: (query: Query) => Promise<any>) => Promise<any>} transaction
 * @param {number} count
 * @param {{ prefix?: string }} [options] the start of each email address and name, to tell groups apart
 * @returns {Promise<{ challengeId: number, entrants: Entrant[], ms: number }>}
 */
export async function prepareEntrants(transaction, count, { prefix = "surge" } = {}) {
  const t0 = performance.now();
  return transaction(async (query) => {
    const challenge = (await query("select id from challenge where status = 'open' order by opens_at desc limit 1"))
      .rows[0];
    if (!challenge) throw new Error("The demo data has no open challenge to enter");
    const area = (
      await query("select id from priority_area where challenge_id = $1 order by position limit 1", [challenge.id])
    ).rows[0];
    const principle = (
      await query("select id from principle where challenge_id = $1 order by position limit 1", [challenge.id])
    ).rows[0];
    if (!area || !principle) throw new Error("The open challenge has no priority areas or principles");

    const users = (
      await query(
        `insert into app_user (email, name, email_verified_at)
         select $2 || '-' || g || '@bench.example.org', initcap($2) || ' Entrant ' || g, now() from generate_series(1, $1::int) g
         returning id, email, name`,
        [count, prefix],
      )
    ).rows;
    const userIds = users.map((u) => u.id);
    await query(`insert into role_grant (user_id, role) select unnest($1::int[]), 'entrant'`, [userIds]);
    const organisations = (
      await query(
        `insert into organisation (name, type, local_authority_code, postcode, contact_name, contact_email)
         select initcap($4) || ' Community Group ' || n, 'community_group', 'E08000025', 'B1 1AA', u.name, u.email
         from unnest($1::int[], $2::text[], $3::text[]) with ordinality as u(id, email, name, n)
         returning id, contact_email`,
        [userIds, users.map((u) => u.email), users.map((u) => u.name), prefix],
      )
    ).rows;
    const orgByEmail = new Map(organisations.map((o) => [o.contact_email, o.id]));
    const entrants = users.map((u) => ({ ...u, organisationId: orgByEmail.get(u.email), token: sessionToken() }));
    await query(
      `insert into organisation_member (organisation_id, user_id) select unnest($1::int[]), unnest($2::int[])`,
      [entrants.map((e) => e.organisationId), entrants.map((e) => e.id)],
    );
    await query(
      `insert into session (id, user_id, expires_at) select unnest($1::text[]), unnest($2::int[]), now() + interval '30 days'`,
      [entrants.map((e) => sha256(e.token)), entrants.map((e) => e.id)],
    );
    const entries = (
      await query(
        `insert into entry (challenge_id, organisation_id, priority_area_id, title, summary, need, beneficiaries,
           consent_share, consent_contact, declaration, completed_sections, status, version, created_by)
         select $1, o, $2, initcap($5) || ' idea ' || n, 'A community fridge run by volunteers, open every day.',
           'Food waste and hunger in the same streets.', 'Families on low incomes nearby, about 200 people.',
           true, true, true, array['idea','need','priority','where','declarations'], 'draft', 1, u
         from unnest($3::int[], $4::int[]) with ordinality as x(o, u, n)
         returning id, reference, organisation_id, version`,
        [challenge.id, area.id, entrants.map((e) => e.organisationId), entrants.map((e) => e.id), prefix],
      )
    ).rows;
    const entryByOrg = new Map(entries.map((e) => [e.organisation_id, e]));
    for (const entrant of entrants) {
      const entry = entryByOrg.get(entrant.organisationId);
      entrant.entryId = entry.id;
      entrant.reference = entry.reference;
      entrant.version = entry.version;
      // What this entrant types in the last minute: unique, so the snapshot proves it was kept.
      entrant.delivery = `Volunteers from ${entrant.reference} deliver it, token ${randomBytes(6).toString("hex")}.`;
    }
    await query(`insert into entry_area (entry_id, local_authority_code) select unnest($1::int[]), 'E08000025'`, [
      entries.map((e) => e.id),
    ]);
    await query(`insert into entry_principle (entry_id, principle_id) select unnest($1::int[]), $2`, [
      entries.map((e) => e.id),
      principle.id,
    ]);
    return { challengeId: challenge.id, entrants, ms: Math.round(performance.now() - t0) };
  });
}

/**
 * One request as the entrant: a GET, or a form POST when `body` is given (with an Origin of the
 * service itself, as a browser sends: the app refuses cross-site writes). Never throws: a request
 * that got no answer (refused, reset, or over `timeoutMs`) comes back with `networkError`.
 * @param {string} baseUrl
 * @param {{ token: string }} entrant
 * @param {string} pathAndQuery
 * @param {Record<string, string>} [body]
 * @param {{ cookieName?: string, timeoutMs?: number }} [options]
 */
export async function entrantRequest(baseUrl, entrant, pathAndQuery, body, options = {}) {
  const { cookieName = "cric_session", timeoutMs } = options;
  const t0 = performance.now();
  let status = 0;
  let location = null;
  let text = "";
  let networkError = null;
  try {
    const response = await fetch(`${baseUrl}${pathAndQuery}`, {
      method: body ? "POST" : "GET",
      headers: {
        cookie: `${cookieName}=${entrant.token}`,
        ...(body ? { origin: baseUrl, "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: body ? new URLSearchParams(body).toString() : undefined,
      redirect: "manual",
      signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
    });
    status = response.status;
    location = response.headers.get("location");
    text = await response.text();
  } catch (error) {
    networkError = String(error?.cause ?? error);
  }
  return { status, location, text, networkError, ms: performance.now() - t0 };
}

/** The delivery section, saved and marked completed: the last section before submitting. */
export function deliveryForm(entrant) {
  return {
    version: String(entrant.version),
    delivery: entrant.delivery,
    costs: "Fridge £400, signs £60. Total £460.",
    prizeUse: "To buy the fridge and pay for its first year of electricity.",
    completed: "yes",
  };
}

/** Saving the last section is acknowledged by a redirect back to the entry. */
export function saveAcknowledged(entrant, answer) {
  return answer.status === 302 && answer.location === `/entries/${entrant.reference}`;
}

/** A submission is acknowledged by the redirect to its confirmation page. */
export function submitAcknowledged(entrant, answer) {
  return answer.status === 302 && answer.location === `/entries/${entrant.reference}/confirmation`;
}

/**
 * What the database holds for each entrant's entry: its status, how many submitted versions it
 * has, and whether one of them holds the text this entrant saved.
 * @param {Query} query
 * @param {Entrant[]} entrants
 */
export async function submissionsFound(query, entrants) {
  const rows = (
    await query(
      `select e.id, e.status, s.snapshot->>'delivery' as delivery, s.entry_version
       from entry e left join entry_submission s on s.entry_id = e.id
       where e.id = any($1::int[])`,
      [entrants.map((e) => e.entryId)],
    )
  ).rows;
  /** @type {Map<number, { status: string, submissions: number, savedText: boolean }>} */
  const byEntry = new Map();
  const delivery = new Map(entrants.map((e) => [e.entryId, e.delivery]));
  for (const row of rows) {
    const found = byEntry.get(row.id) ?? { status: row.status, submissions: 0, savedText: false };
    if (row.entry_version !== null) found.submissions += 1;
    if (row.delivery === delivery.get(row.id)) found.savedText = true;
    byEntry.set(row.id, found);
  }
  return byEntry;
}
