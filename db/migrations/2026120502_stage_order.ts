import { sql, type Kysely } from "kysely";

// The database's part in keeping a challenge's stages in order (app/domain/stages.ts has the whole
// rule; the services refuse first, with the reason in words). These guards hold whatever the
// clock says, so they depend only on rows, never on now(): the app's idea of "now" can differ from
// the database's (the end-to-end tests' clock cookie), and closing is already refused until the
// closing time and every extension have passed.
//
// - A judging round can only be created on a closed (or archived) challenge.
// - No entry can be submitted (or resubmitted) once its challenge has a judging round: the round's
//   entries were fixed when it started, so a later submission would be left out without anyone
//   deciding so.
// - Results can only be published for a closed (or archived) challenge.
// Both PostgreSQL 15 and PGlite run plpgsql triggers. Errors use SQLSTATE 23514 (check_violation).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function judging_round_needs_closed_challenge() returns trigger language plpgsql as $$
    begin
      if not exists (select 1 from challenge where id = new.challenge_id and status in ('closed', 'archived')) then
        raise exception 'judging cannot start before the challenge is closed (challenge %)', new.challenge_id
          using errcode = '23514', constraint = 'judging_round_needs_closed_challenge';
      end if;
      return new;
    end
  $$`.execute(db);
  await sql`create trigger judging_round_needs_closed_challenge
    before insert or update of challenge_id on judging_round
    for each row execute function judging_round_needs_closed_challenge()`.execute(db);

  await sql`create function entry_submission_before_judging() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from entry e join judging_round r on r.challenge_id = e.challenge_id where e.id = new.entry_id) then
        raise exception 'entry % cannot be submitted: judging of its challenge has started', new.entry_id
          using errcode = '23514', constraint = 'entry_submission_before_judging';
      end if;
      return new;
    end
  $$`.execute(db);
  await sql`create trigger entry_submission_before_judging
    before insert on entry_submission
    for each row execute function entry_submission_before_judging()`.execute(db);

  await sql`create function results_need_closed_challenge() returns trigger language plpgsql as $$
    begin
      if new.status = 'published'
         and not exists (select 1 from challenge where id = new.challenge_id and status in ('closed', 'archived')) then
        raise exception 'results cannot be published before the challenge is closed (challenge %)', new.challenge_id
          using errcode = '23514', constraint = 'results_need_closed_challenge';
      end if;
      return new;
    end
  $$`.execute(db);
  await sql`create trigger results_need_closed_challenge
    before insert or update of status on award_list
    for each row execute function results_need_closed_challenge()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists results_need_closed_challenge on award_list`.execute(db);
  await sql`drop function if exists results_need_closed_challenge()`.execute(db);
  await sql`drop trigger if exists entry_submission_before_judging on entry_submission`.execute(db);
  await sql`drop function if exists entry_submission_before_judging()`.execute(db);
  await sql`drop trigger if exists judging_round_needs_closed_challenge on judging_round`.execute(db);
  await sql`drop function if exists judging_round_needs_closed_challenge()`.execute(db);
}
