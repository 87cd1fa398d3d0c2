import type { AppLoadContext } from "@remix-run/node";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../app/auth/session.server";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { createTestAwards } from "../../app/dev-tools/test-support-plans.server";
import { withAppErrorResponse } from "../../app/security/app-error-responses.server";
import type { Actor } from "../../app/services/actor.server";
import {
  completeChecks,
  dueDiligencePage,
  recordCheck,
  signOffChecks,
} from "../../app/services/awards/due-diligence.server";
import { issueAgreement } from "../../app/services/awards/grant-agreements.server";
import { reviewReport, saveWinnerReport } from "../../app/services/awards/monitoring.server";
import { recordRecovery, resolveRecovery } from "../../app/services/awards/recoveries.server";
import { declareStaffConflict } from "../../app/services/awards/staff-conflicts.server";
import {
  approveSupportRequest,
  refuseSupportRequest,
  requestSupport,
} from "../../app/services/awards/support-requests.server";
import { CHECK_INPUTS, makeStaff } from "../support/awards-fixtures";
import { useTestDatabase } from "../support/database";
import { refusalOf } from "../support/refusals";
import { samplePdf } from "../support/sample-files";
import { createSessionWithSecondFactor } from "../support/second-factor";

// After the award, a member of staff who declared a conflict of interest with the winning entry
// takes no part in its due-diligence checks, its grant agreement, its monitoring reviews, its
// support requests or its recoveries (decision 059). Each step is tried first by Alex, who
// declared one (refused, in the same words as the other conflict refusals, and nothing changes),
// then by a colleague without one (done).

const t = useTestDatabase();
const NOW = new Date("2027-06-01T10:00:00Z");
const TODAY = "2026-06-15";

/** Entry 0 won the cash (top 20) and the supported (top 3) awards; Alex declared a conflict with it. */
async function world() {
  const scenario = await createScenario({ entries: 2 });
  const entry = scenario.entries[0]!;
  const [cash, supported] = await createTestAwards({
    challengeId: scenario.challengeId,
    awards: [
      { entryId: entry.id, tier: "top20" },
      { entryId: entry.id, tier: "top3" },
    ],
  });
  const alex = await makeStaff(t.db, "alex");
  const sam = await makeStaff(t.db, "sam");
  const kim = await makeStaff(t.db, "kim");
  await declareStaffConflict(alex, { reference: entry.reference, reason: "My sister chairs its board" }, NOW);
  return {
    challengeId: scenario.challengeId,
    entry,
    cashAwardId: cash!.awardId,
    supportAwardId: supported!.awardId,
    winner: { id: entry.entrantUserId },
    alex,
    sam,
    kim,
  };
}

/** The refusal Alex is given, with what they tried to do. */
function refusal(doing: string, reference: string) {
  return `You cannot ${doing}: you have a conflict of interest with ${reference} (you declared it). Another member of staff must do it`;
}

/** Everything a refused step could have changed, to compare before and after. */
async function state() {
  const count = (table: "attachment" | "support_item" | "email_outbox" | "audit_event") =>
    t.db
      .selectFrom(table)
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow()
      .then((r) => r.n);
  return {
    dueDiligence: await t.db.selectFrom("due_diligence").selectAll().orderBy("award_id").execute(),
    checks: await t.db.selectFrom("due_diligence_check").selectAll().orderBy("award_id").orderBy("kind").execute(),
    attachments: await count("attachment"),
    agreements: await t.db.selectFrom("grant_agreement").select(["id", "version"]).orderBy("id").execute(),
    reports: await t.db.selectFrom("monitoring_report").select(["id", "status"]).orderBy("id").execute(),
    submissions: await t.db
      .selectFrom("monitoring_submission")
      .select(["id", "outcome", "reviewed_by"])
      .orderBy("id")
      .execute(),
    completions: await t.db.selectFrom("award_completion").select("award_id").execute(),
    requests: await t.db.selectFrom("support_request").select(["id", "status", "version"]).orderBy("id").execute(),
    ledger: await count("support_item"),
    recoveries: await t.db.selectFrom("recovery").select(["id", "status", "version"]).orderBy("id").execute(),
    emails: await count("email_outbox"),
    audit: await count("audit_event"),
  };
}

/** Alex's attempt is refused with 403 and the words for `doing`, and changes nothing. */
async function refusedAndUnchanged(call: () => Promise<unknown>, doing: string, reference: string) {
  const before = await state();
  const answer = await refusalOf(call());
  expect(answer.status).toBe(403);
  expect(await answer.text()).toBe(refusal(doing, reference));
  expect(await state()).toEqual(before);
}

const evidence = () => [{ name: "register entry.pdf", bytes: samplePdf("Register entry") }];

describe("a member of staff with a conflict of interest with the winning entry", () => {
  it("cannot record a check, complete the checks or sign them off; colleagues without one can", async () => {
    const w = await world();
    const awardId = w.cashAwardId;
    const ref = w.entry.reference;
    const kinds = (await dueDiligencePage(w.sam, w.challengeId, awardId, NOW)).checks.map((c) => c.kind);

    // Alex may still see the checks, with their conflict said plainly.
    const seen = await dueDiligencePage(w.alex, w.challengeId, awardId, NOW);
    expect(seen.conflicts.yours).toBe("You have a conflict of interest with this entry (you declared it)");

    // Recording a check, with its evidence: refused, and no check, file or audit entry is written.
    await refusedAndUnchanged(
      () => recordCheck(w.alex, awardId, { kind: "registration", ...CHECK_INPUTS.registration }, evidence(), NOW),
      "record this check",
      ref,
    );
    for (const kind of kinds) {
      await recordCheck(
        w.sam,
        awardId,
        { kind, ...CHECK_INPUTS[kind] },
        kind === "registration" ? evidence() : [],
        NOW,
      );
    }
    let page = await dueDiligencePage(w.sam, w.challengeId, awardId, NOW);
    expect(page.checks.every((c) => c.done?.by === "Staff sam")).toBe(true);
    expect(page.evidence.map((e) => e.fileName)).toEqual(["register entry.pdf"]);

    await refusedAndUnchanged(() => completeChecks(w.alex, awardId, page.version, NOW), "complete these checks", ref);
    await completeChecks(w.sam, awardId, page.version, NOW);
    page = await dueDiligencePage(w.sam, w.challengeId, awardId, NOW);
    expect(page.stageLabel).toBe("Waiting for sign-off");

    await refusedAndUnchanged(() => signOffChecks(w.alex, awardId, page.version, NOW), "sign off these checks", ref);
    await signOffChecks(w.kim, awardId, page.version, NOW);
    page = await dueDiligencePage(w.alex, w.challengeId, awardId, NOW);
    expect(page.stageLabel).toBe("Signed off");
    expect(page.signedOffBy).toBe("Staff kim");
  });

  it("is shown the refusal as the due-diligence pages' error summary, not an error page", async () => {
    const w = await world();
    const awardId = w.cashAwardId;
    const params = { challengeId: String(w.challengeId), awardId: String(awardId) };
    const path = `/staff/awards/${w.challengeId}/due-diligence/${awardId}`;
    const version = (await dueDiligencePage(w.sam, w.challengeId, awardId, NOW)).version;

    const index = await import("../../app/routes/staff.awards.$challengeId.due-diligence.$awardId._index");
    const completing = await postAs(index.action, w.alex.id, path, params, [
      ["intent", "complete"],
      ["version", String(version)],
    ]);
    expect(completing).toEqual({
      status: 403,
      body: expect.objectContaining({ errors: { form: refusal("complete these checks", w.entry.reference) } }),
    });

    const check = await import("../../app/routes/staff.awards.$challengeId.due-diligence.$awardId.$check");
    const recording = await postAs(
      check.action,
      w.alex.id,
      `${path}/bank_details`,
      { ...params, check: "bank_details" },
      [["conclusion", "Verified by finance"]],
    );
    expect(recording).toEqual({
      status: 403,
      body: expect.objectContaining({ errors: { form: refusal("record this check", w.entry.reference) } }),
    });
    expect(await t.db.selectFrom("due_diligence_check").select("kind").execute()).toEqual([]);
  });

  it("cannot issue a variation of the grant agreement; a colleague can", async () => {
    const w = await world();
    const input = { reason: "The milestones moved by a month" };
    await refusedAndUnchanged(
      () => issueAgreement(w.alex, w.challengeId, w.cashAwardId, input, NOW),
      "issue this grant agreement",
      w.entry.reference,
    );
    expect(await issueAgreement(w.sam, w.challengeId, w.cashAwardId, input, NOW)).toBe(2);
  });

  it("cannot accept a monitoring report or ask for more; a colleague can", async () => {
    const w = await world();
    const report = await t.db
      .selectFrom("monitoring_report")
      .select(["id", sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as("due_on")])
      .where("award_id", "=", w.supportAwardId)
      .orderBy("months_after")
      .executeTakeFirstOrThrow();
    await saveWinnerReport(
      w.winner,
      w.supportAwardId,
      report.id,
      {
        milestones: [],
        supportBought: "A second-hand van",
        peopleReached: 240,
        volunteers: 12,
        jobsCreated: 1,
        moneyRaisedPence: 150_000,
        story: "We now cook for three lunch clubs.",
      },
      [],
      { submit: true, today: report.due_on },
    );
    const ref = w.entry.reference;
    await refusedAndUnchanged(
      () => reviewReport(w.alex, w.supportAwardId, report.id, { outcome: "accepted", message: "" }),
      "review this report",
      ref,
    );
    await refusedAndUnchanged(
      () => reviewReport(w.alex, w.supportAwardId, report.id, { outcome: "more_asked", message: "Send receipts" }),
      "review this report",
      ref,
    );
    expect(await reviewReport(w.sam, w.supportAwardId, report.id, { outcome: "accepted", message: "" })).toMatchObject({
      outcome: "accepted",
    });
  });

  it("cannot approve or refuse a support request; colleagues can", async () => {
    const w = await world();
    const ask = {
      kind: "coaching" as const,
      description: "Three sessions with a fundraising coach",
      supplier: "Priya Shah",
      costPence: 90_000,
      reason: "To plan our first appeal.",
    };
    const first = await requestSupport(w.winner, w.supportAwardId, ask);
    const second = await requestSupport(w.winner, w.supportAwardId, { ...ask, description: "A stall at the fair" });
    const ref = w.entry.reference;
    const approval = { version: 1, happenedOn: TODAY, overrideReason: null };
    await refusedAndUnchanged(
      () => approveSupportRequest(w.alex, w.supportAwardId, first.requestId, approval),
      "decide this support request",
      ref,
    );
    await refusedAndUnchanged(
      () => refuseSupportRequest(w.alex, w.supportAwardId, second.requestId, { version: 1, reason: "Not needed" }),
      "decide this support request",
      ref,
    );
    await approveSupportRequest(w.sam, w.supportAwardId, first.requestId, approval);
    await refuseSupportRequest(w.kim, w.supportAwardId, second.requestId, { version: 1, reason: "Not needed" });
    expect(
      await t.db.selectFrom("support_request").select(["id", "status", "decided_by"]).orderBy("id").execute(),
    ).toEqual([
      { id: first.requestId, status: "approved", decided_by: w.sam.id },
      { id: second.requestId, status: "refused", decided_by: w.kim.id },
    ]);
  });

  it("cannot record a recovery, write one off or record it received; colleagues can", async () => {
    const w = await world();
    const ref = w.entry.reference;
    const input = {
      reason: "support_unspent" as const,
      description: "Two months of the apprentice's wages were not spent.",
      amountPence: 181_250,
    };
    await refusedAndUnchanged(
      () => recordRecovery(w.alex, w.challengeId, w.supportAwardId, input),
      "record this recovery",
      ref,
    );
    const { recoveryId } = await recordRecovery(w.sam, w.challengeId, w.supportAwardId, input);
    for (const to of ["written_off", "received"] as const) {
      await refusedAndUnchanged(
        () => resolveRecovery(w.alex, w.challengeId, recoveryId, { to, note: "Too small to chase", version: 1 }),
        "change this recovery",
        ref,
      );
    }
    expect(
      await resolveRecovery(w.kim, w.challengeId, recoveryId, { to: "written_off", note: "Too small", version: 1 }),
    ).toBe("written_off");
  });
});

function contextFor(): AppLoadContext {
  return { nonce: "n", requestId: "r", ip: "203.0.113.9", setCookies: [] } as unknown as AppLoadContext;
}

/** Posts a form to a route's action as the person, as the request handler runs it. */
async function postAs(
  handler: (args: { request: Request; context: AppLoadContext; params: Record<string, string> }) => Promise<unknown>,
  userId: Actor["id"],
  path: string,
  params: Record<string, string>,
  form: [string, string][],
): Promise<{ status: number; body: unknown }> {
  const { token } = await createSessionWithSecondFactor(userId);
  const request = new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { cookie: `${SESSION_COOKIE}=${token}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  try {
    const result = await withAppErrorResponse(handler)({ request, context: contextFor(), params });
    if (result instanceof Response) return { status: result.status, body: null };
    // Remix's data(): { type: "DataWithResponseInit", data, init }
    const withInit = result as { init?: { status?: number }; data?: unknown };
    return { status: withInit.init?.status ?? 200, body: withInit.data ?? result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: null };
    throw thrown;
  }
}
