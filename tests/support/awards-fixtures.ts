import { expect } from "vitest";
import type { DB } from "../../db/client";
import { publishAwardList } from "../../app/services/awards/publication.server";
import { approveAwardList, proposeAwardList } from "../../app/services/awards/awards.server";
import type { Actor } from "../../app/services/actor.server";
import { grantStaffDirectly } from "../../db/seed/staff-grants";

// The awards, masterclass and prize-payment integration tests all start from an award list that
// two members of staff have taken through the four-eyes rule: Sam proposes, Kim approves.

/** A member of programme staff, as the services take them. */
export async function makeStaff(db: DB, name: string): Promise<Actor & { ip: string }> {
  const user = await db
    .insertInto("app_user")
    .values({ email: `${name}@programme.example.org`, name: `Staff ${name}`, email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  await grantStaffDirectly(db, user.id);
  return { id: user.id, ip: "203.0.113.9" };
}

/** Sam proposes the challenge's award list and Kim approves it; Sam publishes it when asked to. */
export async function approveAwardListAsStaff(db: DB, challengeId: number, now: Date, { publish = false } = {}) {
  const sam = await makeStaff(db, "sam");
  const kim = await makeStaff(db, "kim");
  expect(await proposeAwardList(sam, challengeId, now)).toMatchObject({ message: expect.any(String) });
  expect(await approveAwardList(kim, challengeId, now)).toMatchObject({ message: expect.any(String) });
  if (publish) expect(await publishAwardList(sam, challengeId, now)).toMatchObject({ outcome: "published" });
  return { sam, kim };
}
