// Tables of this part (none yet). Part of `Database` in db/schema.ts: replace this alias with an
// interface listing the tables when they are added.
export type SupportRequestTables = Record<never, never>;
