import { createHash, randomBytes } from "node:crypto";
import { sql, type Transaction } from "kysely";
import { db } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { verifyPassword } from "../../auth/password.server";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { conflict, forbidden, invalid, isAppError, notFound } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";
import { assertStaff } from "../accounts/roles.server";

// Erasure, the right to be forgotten (docs/decisions/054-erasure-and-pseudonyms.md). What erasure
// does to each column of the schema is decided once, in personal-columns.ts; this is the code that
// does it. The person's app_user row stays, because the audit trail and the award and payment
// records point at it, but it keeps only a pseudonym ("Erased person 4F2A9C"), a placeholder
// address that cannot receive mail, and erased_at. Everything that let them sign in goes; the
// organisation's entries, the awards and payments (kept seven years) and the audit trail stay.

/** How an erasure came about: the person (or staff for them) asked, or the retention period ended. */
export type ErasureReason = "request" | "retention";

/** The pseudonym an erased account shows wherever its name was shown: the same for a person every time. */
export function pseudonymFor(userId: number): string {
  const code = createHash("sha256").update(`erased-person:${userId}`).digest("hex").slice(0, 6).toUpperCase();
  return `Erased person ${code}`;
}

/** A unique address on a domain reserved never to resolve (RFC 2606), so nothing is ever sent to it. */
function placeholderEmail(): string {
  return `erased-${randomBytes(8).toString("hex")}@erased.invalid`;
}

const CONFLICT_REASON = "Declared by a person whose account has been erased";

/** A reference staff may give for a request received by other means: a case number, never a name. */
export const REQUEST_REFERENCE = /^(?=.*\d)[A-Za-z0-9/._-]{1,40}$/;

export const ALREADY_ERASED = "This account has already been erased";
export const OWN_ACCOUNT_FROM_STAFF_PAGE =
  "You cannot erase your own account here. Use 'Delete your account' on your account page, or ask another member of staff";
export const LAST_STAFF =
  "This is the only member of the programme staff. Give someone else the staff role before erasing this account";
export const PAYMENT_IN_FLIGHT =
  "Your organisation has a prize payment in progress and you are its only member. Add another member to your organisation, or wait until the payment is made, before deleting your account";
export const PAYMENT_IN_FLIGHT_STAFF =
  "Their organisation has a prize payment in progress and they are its only member. Another member must be added, or the payment finished, before the account can be erased";
export const JUDGING_IN_PROGRESS =
  "You are judging entries in a round that is still open. Ask the programme staff to withdraw you from judging before deleting your account";
export const JUDGING_IN_PROGRESS_STAFF =
  "They are judging entries in a round that is still open. Withdraw them from judging before erasing their account";
export const WRONG_PASSWORD = "Enter your current password";

/**
 * Erases an account: the person themselves (with their password, when they have one) or a member
 * of staff for someone else (a request received by other means; `reference` is its case number).
 * Refuses (conflict): an account already erased; the last member of staff; a person who is the
 * only member of an organisation with a prize payment in progress (no one would be left to accept
 * it or give the bank details); a judge with entries still to judge in a round that is not
 * finished. Someone else's account without staff: not found, as for any account one cannot see.
 */
export async function eraseAccount(
  actor: Actor,
  userId: number,
  options: { password?: string; reference?: string } = {},
): Promise<{ pseudonym: string }> {
  const self = actor.id === userId;
  // Erasing someone else is a sensitive action: a second factor given in the last few minutes.
  if (!self) assertRecentSecondFactor(actor);
  // A reference means a request received by other means, which staff handle for someone else.
  if (self && options.reference !== undefined) throw forbidden(OWN_ACCOUNT_FROM_STAFF_PAGE, "form");
  if (options.reference !== undefined && !REQUEST_REFERENCE.test(options.reference)) {
    throw invalid(
      "Enter the request's reference, such as DR-2026-014 (letters, numbers, / - . or _, no spaces)",
      "reference",
    );
  }
  return db()
    .transaction()
    .execute(async (trx) => {
      if (!self) {
        // Someone else's account is not there for anyone but staff.
        const staff = await trx
          .selectFrom("role_grant")
          .select("id")
          .where("user_id", "=", actor.id)
          .where("role", "=", "staff")
          .executeTakeFirst();
        if (!staff) throw notFound();
        await assertStaff(trx, actor);
      }
      // Locked, so two erasures of one person take turns and the second finds it done.
      const person = await trx
        .selectFrom("app_user")
        .select(["id", "password_hash", "erased_at"])
        .where("id", "=", userId)
        .forUpdate()
        .executeTakeFirst();
      if (!person) throw notFound();
      if (person.erased_at) throw conflict(ALREADY_ERASED, "form");
      if (self && person.password_hash !== null) {
        if (!(await verifyPassword(person.password_hash, options.password ?? ""))) {
          throw invalid(WRONG_PASSWORD, "password");
        }
      }
      await refuseWhatErasureWouldBreak(trx, userId, self);
      await pseudonymiseAccount(trx, userId, {
        reason: "request",
        actorId: actor.id,
        ip: actor.ip ?? null,
        reference: options.reference,
      });
      return { pseudonym: pseudonymFor(userId) };
    });
}

async function refuseWhatErasureWouldBreak(trx: Transaction<Database>, userId: number, self: boolean) {
  const roles = await trx.selectFrom("role_grant").select("role").where("user_id", "=", userId).execute();
  if (roles.some((r) => r.role === "staff")) {
    // Every staff grant locked: a concurrent erasure or role removal of the other last member of
    // staff waits, and then sees this one gone.
    const staff = await trx
      .selectFrom("role_grant")
      .select("user_id")
      .where("role", "=", "staff")
      .forUpdate()
      .execute();
    if (staff.every((s) => s.user_id === userId)) throw conflict(LAST_STAFF, "form");
  }

  const payment = await trx
    .selectFrom("organisation_member as m")
    .innerJoin("entry", "entry.organisation_id", "m.organisation_id")
    .innerJoin("award", "award.entry_id", "entry.id")
    .innerJoin("prize_payment", "prize_payment.award_id", "award.id")
    .select("prize_payment.id")
    .where("m.user_id", "=", userId)
    .where("prize_payment.status", "in", ["awaiting_acceptance", "accepted", "details_received", "approved"])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("organisation_member as other")
            .select("other.user_id")
            .whereRef("other.organisation_id", "=", "m.organisation_id")
            .where("other.user_id", "<>", userId),
        ),
      ),
    )
    .executeTakeFirst();
  if (payment) throw conflict(self ? PAYMENT_IN_FLIGHT : PAYMENT_IN_FLIGHT_STAFF, "form");

  const judging = await trx
    .selectFrom("assignment")
    .innerJoin("judging_round", "judging_round.id", "assignment.round_id")
    .leftJoin("review", "review.assignment_id", "assignment.id")
    .select("assignment.id")
    .where("assignment.judge_user_id", "=", userId)
    .where("assignment.removed_at", "is", null)
    .where("judging_round.status", "in", ["setup", "open"])
    .where((eb) => eb.or([eb("review.id", "is", null), eb("review.status", "<>", "submitted")]))
    .executeTakeFirst();
  if (judging) throw conflict(self ? JUDGING_IN_PROGRESS : JUDGING_IN_PROGRESS_STAFF, "form");
}

/**
 * Does the erasure, in the caller's transaction, with no checks of who asks: eraseAccount checks
 * for a request, the retention job for a retention period that has ended. Takes the person's row
 * lock; an account already erased is left alone (returns false). Records `account.erased` with
 * ids only (the audit trail can never be changed, so it must never hold the name or address).
 */
export async function pseudonymiseAccount(
  trx: Transaction<Database>,
  userId: number,
  input: { reason: ErasureReason; actorId: number | null; ip?: string | null; reference?: string },
): Promise<boolean> {
  const person = await trx
    .selectFrom("app_user")
    .select(["id", "name", "email", "erased_at"])
    .where("id", "=", userId)
    .forUpdate()
    .executeTakeFirst();
  if (!person) throw notFound();
  if (person.erased_at) return false;
  const oldEmail = person.email.toLowerCase();
  const oldName = person.name;
  const pseudonym = pseudonymFor(userId);
  const placeholder = placeholderEmail();

  // Where the person signed in from, for the rate-limit counters kept by address.
  const sessionIps = (
    await trx.selectFrom("session").select("ip").distinct().where("user_id", "=", userId).execute()
  ).flatMap((s) => (s.ip ? [s.ip] : []));

  // Their organisations, before the memberships go: a contact given by name alone is theirs only there.
  const organisationIds = (
    await trx.selectFrom("organisation_member").select("organisation_id").where("user_id", "=", userId).execute()
  ).map((m) => m.organisation_id);

  // Everything that let them sign in, and what only they had.
  await trx.deleteFrom("webauthn_challenge").where("user_id", "=", userId).execute();
  await trx.deleteFrom("session").where("user_id", "=", userId).execute();
  await trx.deleteFrom("one_time_token").where("user_id", "=", userId).execute();
  await trx.deleteFrom("totp_credential").where("user_id", "=", userId).execute();
  await trx.deleteFrom("recovery_code").where("user_id", "=", userId).execute();
  await trx.deleteFrom("passkey_credential").where("user_id", "=", userId).execute();
  await trx.deleteFrom("role_grant").where("user_id", "=", userId).execute();
  await trx.deleteFrom("judge_affiliation").where("user_id", "=", userId).execute();
  await trx.deleteFrom("council_digest").where("user_id", "=", userId).execute();
  // Their organisations keep their entries, which are the organisation's; the person is no longer a member.
  await trx.deleteFrom("organisation_member").where("user_id", "=", userId).execute();
  await trx
    .deleteFrom("rate_limit_bucket")
    .where((eb) =>
      eb.or([
        eb("key", "like", `%:${escapeLike(oldEmail)}`),
        eb("key", "like", `%:user:${userId}`),
        ...sessionIps.map((ip) => eb("key", "like", `%:address:${escapeLike(ip)}`)),
      ]),
    )
    .execute();

  // Judging: out of any round still to finish; their declared reasons, which describe them, go.
  await trx
    .updateTable("round_judge")
    .set({ withdrawn_at: sql`now()` })
    .where("judge_user_id", "=", userId)
    .where("withdrawn_at", "is", null)
    .where("round_id", "in", (eb) => eb.selectFrom("judging_round").select("id").where("status", "<>", "confirmed"))
    .execute();
  await trx
    .updateTable("judge_conflict")
    .set({ reason: CONFLICT_REASON })
    .where("judge_user_id", "=", userId)
    .where("source", "=", "declared")
    .execute();
  await trx.updateTable("staff_conflict").set({ reason: CONFLICT_REASON }).where("user_id", "=", userId).execute();

  // Invitations to them: the address goes, and one not yet accepted can no longer be.
  for (const table of ["invitation", "organisation_invitation"] as const) {
    await trx
      .updateTable(table)
      .set({
        email: placeholder,
        revoked_at: sql`case when accepted_at is null then coalesce(revoked_at, now()) else revoked_at end`,
      })
      .where((eb) => eb.or([eb("email", "=", oldEmail), eb("accepted_user_id", "=", userId)]))
      .execute();
  }

  // An organisation whose named contact they were: the contact becomes the pseudonym, so staff
  // can see that the organisation needs a new contact.
  await trx
    .updateTable("organisation")
    .set({ contact_name: pseudonym, contact_email: placeholder, contact_phone: null, updated_at: sql`now()` })
    .where((eb) =>
      eb.or([
        eb(sql`lower(contact_email)`, "=", oldEmail),
        ...(organisationIds.length
          ? [eb.and([eb("contact_name", "=", oldName), eb("id", "in", organisationIds)])]
          : []),
      ]),
    )
    .execute();

  // Email: the delivered copies in the local mailbox go; mail not yet sent to them is dropped;
  // mail sent to them keeps only that it was sent (template, times), not to whom or what it said.
  await trx
    .deleteFrom("mailbox_message")
    .where(sql`lower(to_address)`, "=", oldEmail)
    .execute();
  await trx
    .deleteFrom("email_outbox")
    .where(sql`lower(to_address)`, "=", oldEmail)
    .where("status", "<>", "sent")
    .where("id", "not in", (eb) => eb.selectFrom("mailbox_message").select("outbox_id"))
    .execute();
  await trx
    .updateTable("email_outbox")
    .set({
      to_address: placeholder,
      props: "{}",
      last_error: null,
      idempotency_key: sql`'erased:' || id`,
    })
    .where(sql`lower(to_address)`, "=", oldEmail)
    .execute();
  // Mail to other people that names them (an invitation they sent, a reset they made) names the
  // pseudonym instead.
  await replaceInMail(trx, oldName, pseudonym);
  await replaceInMail(trx, oldEmail, placeholder);

  await trx
    .updateTable("app_user")
    .set({
      name: pseudonym,
      email: placeholder,
      password_hash: null,
      email_verified_at: null,
      password_changed_at: null,
      erased_at: sql`now()`,
      updated_at: sql`now()`,
    })
    .where("id", "=", userId)
    .execute();

  await recordAudit(trx, {
    action: "account.erased",
    actorUserId: input.actorId,
    subjectType: "user",
    subjectId: userId,
    ip: input.ip ?? null,
    details: {
      reason: input.reason,
      byStaff: input.actorId !== null && input.actorId !== userId,
      ...(input.reference ? { reference: input.reference } : {}),
    },
  });
  return true;
}

/** Replaces a name or address inside email bodies and their data; skipped for text too short to mean anything. */
async function replaceInMail(trx: Transaction<Database>, from: string, to: string) {
  if (from.trim().length < 3) return;
  // Inside JSON a string is escaped: match and replace its escaped form, without the quotes.
  const jsonFrom = JSON.stringify(from).slice(1, -1);
  const jsonTo = JSON.stringify(to).slice(1, -1);
  await trx
    .updateTable("email_outbox")
    .set({ props: sql`replace(props::text, ${jsonFrom}, ${jsonTo})::jsonb` })
    .where(sql`strpos(props::text, ${jsonFrom})`, ">", 0)
    .execute();
  const html = escapeHtml(from);
  await trx
    .updateTable("mailbox_message")
    .set({
      subject: sql`replace(subject, ${from}, ${to})`,
      text: sql`replace(text, ${from}, ${to})`,
      html: sql`replace(replace(html, ${from}, ${to}), ${html}, ${escapeHtml(to)})`,
    })
    .where((eb) =>
      eb.or([
        eb(sql`strpos(subject, ${from})`, ">", 0),
        eb(sql`strpos(text, ${from})`, ">", 0),
        eb(sql`strpos(html, ${from})`, ">", 0),
        eb(sql`strpos(html, ${html})`, ">", 0),
      ]),
    )
    .execute();
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface ErasurePreview {
  userId: number;
  name: string;
  email: string;
  /** Erased already: when. */
  erasedAt: Date | null;
  self: boolean;
  /** Whether erasing asks for the password (the person's own account, when it has one). */
  asksForPassword: boolean;
  /** The organisations whose entries stay, with how many entries each has. */
  organisations: { name: string; entries: number }[];
  /** How many awards those organisations hold (kept seven years). */
  awards: number;
  /** Why erasure would be refused now, in words; null when it would go ahead. */
  refusal: string | null;
  /** The name the account will show from then on. */
  pseudonym: string;
}

/**
 * What erasing an account would remove and keep, for the page that asks: one's own, or anyone's
 * for staff (not found otherwise, as in eraseAccount).
 */
export async function describeErasure(actor: Actor, userId: number): Promise<ErasurePreview> {
  const self = actor.id === userId;
  return db()
    .transaction()
    .execute(async (trx) => {
      if (!self) {
        const staff = await trx
          .selectFrom("role_grant")
          .select("id")
          .where("user_id", "=", actor.id)
          .where("role", "=", "staff")
          .executeTakeFirst();
        if (!staff) throw notFound();
      }
      const person = await trx
        .selectFrom("app_user")
        .select(["id", "name", "email", "erased_at", "password_hash"])
        .where("id", "=", userId)
        .executeTakeFirst();
      if (!person) throw notFound();
      const organisations = await trx
        .selectFrom("organisation_member as m")
        .innerJoin("organisation", "organisation.id", "m.organisation_id")
        .select([
          "organisation.name",
          sql<number>`(select count(*)::int from entry where entry.organisation_id = organisation.id)`.as("entries"),
          sql<number>`(select count(*)::int from award join entry on entry.id = award.entry_id
            where entry.organisation_id = organisation.id)`.as("awards"),
        ])
        .where("m.user_id", "=", userId)
        .orderBy("organisation.name")
        .execute();
      let refusal: string | null = person.erased_at ? ALREADY_ERASED : null;
      if (!refusal) {
        try {
          await refuseWhatErasureWouldBreak(trx, userId, self);
        } catch (error) {
          if (!isAppError(error)) throw error;
          refusal = error.message;
        }
      }
      return {
        userId: person.id,
        name: person.name,
        email: person.email,
        erasedAt: person.erased_at,
        self,
        asksForPassword: self && person.password_hash !== null,
        organisations: organisations.map((o) => ({ name: o.name, entries: Number(o.entries) })),
        awards: organisations.reduce((sum, o) => sum + Number(o.awards), 0),
        refusal,
        pseudonym: pseudonymFor(person.id),
      };
    });
}
