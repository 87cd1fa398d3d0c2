import { sql, type Kysely } from "kysely";

// Staff conflicts of interest (decision 050). A member of staff has a conflict with an entry when
// they judge it (a live assignment, or an ended one they had started reviewing), belong to its
// organisation, declared one for it on the staff entry page (staff_conflict), or recorded one with
// its organisation as a judge of its challenge (judge_conflict). Someone with a conflict cannot
// approve an award list or publish results that include the entry, nor change its prize payment.
//
// The services refuse first, in words (app/services/awards/staff-conflicts.server.ts); these
// triggers refuse the same changes whichever code makes them, reading the column each change sets
// for who made it: award_list.approved_by, award_list.published_by, prize_payment.updated_by. For a
// payment only the changes staff alone may make are checked (approved, paid, cancelled): the
// winner's own steps (accepted, details received) are made by a member of the organisation, who
// has a conflict by definition. Errors use SQLSTATE 23514 (check_violation), as in 2026120502.

export async function up(db: Kysely<any>): Promise<void> {
  // Conflicts a member of staff declared with one entry, with their reason. Withdrawing one
  // deletes the row; the audit log keeps both the declaration and the withdrawal.
  await sql`create table staff_conflict (
    user_id integer not null references app_user(id) on delete cascade,
    entry_id integer not null references entry(id) on delete cascade,
    reason text not null check (length(reason) between 1 and 2000),
    declared_at timestamptz not null default now(),
    primary key (user_id, entry_id)
  )`.execute(db);

  // The lookups the rule makes, each by person and entry. organisation_member is already unique by
  // user and judge_conflict by (challenge, judge, organisation).
  await sql`create index assignment_judge_entry_idx on assignment (judge_user_id, entry_id)`.execute(db);

  // The one definition of a staff conflict in SQL. The service asks the same four questions to
  // name the reasons; tests/integration/staff-conflicts.test.ts holds both to each source.
  await sql`create function staff_has_conflict(p_user integer, p_entry integer) returns boolean
    language sql stable as $$
      select exists (
          select 1 from assignment a
          where a.judge_user_id = p_user and a.entry_id = p_entry
            and (a.removed_at is null or exists (select 1 from review r where r.assignment_id = a.id))
        )
        or exists (
          select 1 from entry e join organisation_member m on m.organisation_id = e.organisation_id
          where e.id = p_entry and m.user_id = p_user
        )
        or exists (select 1 from staff_conflict c where c.user_id = p_user and c.entry_id = p_entry)
        or exists (
          select 1 from entry e join judge_conflict j
            on j.challenge_id = e.challenge_id and j.organisation_id = e.organisation_id
          where e.id = p_entry and j.judge_user_id = p_user
        )
    $$`.execute(db);

  await sql`create function award_list_refuses_conflicted_staff() returns trigger language plpgsql as $$
    declare
      acting integer;
      doing text;
      conflicted text;
    begin
      if new.status = 'published' and new.published_by is not null
         and (tg_op = 'INSERT' or old.status <> 'published' or old.published_by is distinct from new.published_by) then
        acting := new.published_by;
        doing := 'publish';
      elsif new.status = 'approved' and new.approved_by is not null
         and (tg_op = 'INSERT' or old.status <> 'approved' or old.approved_by is distinct from new.approved_by) then
        acting := new.approved_by;
        doing := 'approve';
      else
        return new;
      end if;
      select e.reference into conflicted
        from award a join entry e on e.id = a.entry_id
        where a.challenge_id = new.challenge_id and staff_has_conflict(acting, a.entry_id)
        order by e.reference
        limit 1;
      if conflicted is not null then
        raise exception 'user % cannot % the awards of challenge %: they have a conflict of interest with %',
          acting, doing, new.challenge_id, conflicted
          using errcode = '23514', constraint = 'award_list_refuses_conflicted_staff';
      end if;
      return new;
    end
  $$`.execute(db);
  await sql`create trigger award_list_refuses_conflicted_staff
    before insert or update on award_list
    for each row execute function award_list_refuses_conflicted_staff()`.execute(db);

  await sql`create function prize_payment_refuses_conflicted_staff() returns trigger language plpgsql as $$
    declare
      conflicted text;
    begin
      if new.updated_by is null or new.status not in ('approved', 'paid', 'cancelled')
         or (new.status = old.status and new.updated_by is not distinct from old.updated_by) then
        return new;
      end if;
      select e.reference into conflicted
        from award a join entry e on e.id = a.entry_id
        where a.id = new.award_id and staff_has_conflict(new.updated_by, a.entry_id);
      if conflicted is not null then
        raise exception 'user % cannot change prize payment %: they have a conflict of interest with %',
          new.updated_by, new.id, conflicted
          using errcode = '23514', constraint = 'prize_payment_refuses_conflicted_staff';
      end if;
      return new;
    end
  $$`.execute(db);
  await sql`create trigger prize_payment_refuses_conflicted_staff
    before update on prize_payment
    for each row execute function prize_payment_refuses_conflicted_staff()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists prize_payment_refuses_conflicted_staff on prize_payment`.execute(db);
  await sql`drop function if exists prize_payment_refuses_conflicted_staff()`.execute(db);
  await sql`drop trigger if exists award_list_refuses_conflicted_staff on award_list`.execute(db);
  await sql`drop function if exists award_list_refuses_conflicted_staff()`.execute(db);
  await sql`drop function if exists staff_has_conflict(integer, integer)`.execute(db);
  await sql`drop index if exists assignment_judge_entry_idx`.execute(db);
  await db.schema.dropTable("staff_conflict").ifExists().execute();
}
