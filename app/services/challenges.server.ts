import { db } from "../../db/client";

/**
 * The challenge the public page shows: the open one if any, else the most recent that has been
 * published (open, closed or archived). Drafts are only ever seen by staff.
 */
export async function getCurrentChallenge() {
  const challenge = await db()
    .selectFrom("challenge")
    .selectAll()
    .where("status", "in", ["open", "closed"])
    .orderBy((eb) => eb.case().when("status", "=", "open").then(0).else(1).end())
    .orderBy("opens_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!challenge) return null;
  const [priorityAreas, principles, prizeTiers] = await Promise.all([
    db()
      .selectFrom("priority_area")
      .innerJoin("local_authority", "local_authority.code", "priority_area.sponsor_code")
      .select(["priority_area.id", "priority_area.name", "priority_area.description", "local_authority.name as sponsor"])
      .where("challenge_id", "=", challenge.id)
      .orderBy("position")
      .execute(),
    db()
      .selectFrom("principle")
      .select(["id", "name", "description"])
      .where("challenge_id", "=", challenge.id)
      .orderBy("position")
      .execute(),
    db()
      .selectFrom("prize_tier")
      .selectAll()
      .where("challenge_id", "=", challenge.id)
      .orderBy("position")
      .execute(),
  ]);
  return { challenge, priorityAreas, principles, prizeTiers };
}
