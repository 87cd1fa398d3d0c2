import { randomBytes } from "node:crypto";
import { sql, type Transaction } from "kysely";
import type { DB } from "../client";
import type { Database } from "../schema";
import { hashToken } from "../../app/auth/session.server";

// For the demo data and the tests (through the test hooks, TEST_HOOKS=on only): makes someone
// programme staff the way the database accepts (decision 049), without the invitation pages. The first
// staff account needs nothing; the second is the first's one approval on their own; any later one
// is an accepted staff invitation proposed by the first member of staff and approved by the second.

/** The same number the role_grant trigger locks (2026120606_two_people), so fixtures take turns with it. */
const STAFF_GRANT_LOCK = 491_049;

export async function grantStaffDirectly(
  executor: DB | Transaction<Database>,
  userId: number,
  now = new Date(),
): Promise<void> {
  if (!executor.isTransaction) {
    await (executor as DB).transaction().execute((trx) => grantStaffDirectly(trx, userId, now));
    return;
  }
  const trx = executor as Transaction<Database>;
  // Decide and insert under the trigger's lock: two tests adding staff at once would otherwise both
  // see the same staff and choose the same (now wrong) way.
  await sql`select pg_advisory_xact_lock(${STAFF_GRANT_LOCK})`.execute(trx);
  const staff = await trx
    .selectFrom("role_grant")
    .select("user_id")
    .where("role", "=", "staff")
    .orderBy("id")
    .limit(2)
    .execute();
  if (staff.length === 0) {
    await trx
      .insertInto("role_grant")
      .values({ user_id: userId, role: "staff", granted_by: null, granted_at: now })
      .execute();
    return;
  }
  const user = await trx.selectFrom("app_user").select("email").where("id", "=", userId).executeTakeFirstOrThrow();
  const invitation = await trx
    .insertInto("invitation")
    .values({
      token_hash: hashToken(randomBytes(20).toString("hex")),
      email: user.email,
      role: "staff",
      invited_by: staff[0]!.user_id,
      created_at: now,
      expires_at: new Date(now.getTime() + 86_400_000),
      accepted_at: now,
      accepted_user_id: userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (staff.length === 1) {
    const used = await trx.selectFrom("staff_proposal").select("id").where("bootstrap", "=", true).executeTakeFirst();
    if (used)
      throw new Error("Only one member of staff is left and their one approval alone is used: add staff another way");
  }
  const proposal = await trx
    .insertInto("staff_proposal")
    .values({
      invitation_id: invitation.id,
      proposed_by: staff[0]!.user_id,
      proposed_at: now,
      approved_at: now,
      ...(staff.length === 1 ? { bootstrap: true } : { approved_by: staff[1]!.user_id }),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("role_grant")
    .values({
      user_id: userId,
      role: "staff",
      granted_by: staff[0]!.user_id,
      granted_at: now,
      staff_proposal_id: proposal.id,
    })
    .execute();
}
