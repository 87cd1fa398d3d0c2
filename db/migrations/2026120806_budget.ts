import { sql, type Kysely } from "kysely";

// The programme's budget (issue 15, decision 063). The budget itself is `challenge.budget_pence`
// (2026120801). A proposed award list that commits more than the budget is refused unless the
// proposer gives a reason; the reason and how far over the budget the list went are kept on the
// list, so the approver sees them before approving and the audit trail and board report can show
// them afterwards. Both are set together or not at all.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table award_list
    add column over_budget_reason text check (over_budget_reason is null or length(over_budget_reason) between 1 and 2000),
    add column over_budget_pence integer check (over_budget_pence is null or over_budget_pence > 0),
    add constraint award_list_over_budget check ((over_budget_reason is null) = (over_budget_pence is null))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table award_list
    drop constraint if exists award_list_over_budget,
    drop column if exists over_budget_pence,
    drop column if exists over_budget_reason`.execute(db);
}
