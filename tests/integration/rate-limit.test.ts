import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "../../db/schema";
import { hashPassword } from "../../app/auth/password.server";
import { signIn } from "../../app/services/accounts/accounts.server";
import { hit, LIMITS, tooManyAttemptsMessage } from "../../app/services/accounts/rate-limit.server";
import { isAppError } from "../../app/services/app-error.server";
import { useTestDatabase } from "../support/database";

/** An account action's outcome by name: its kind, or the kind of the AppError that refused it. */
function outcome(call: Promise<{ kind: string }>): Promise<string> {
  return call.then(
    (result) => result.kind,
    (error: unknown) => {
      if (isAppError(error)) return error.kind;
      throw error;
    },
  );
}

const t = useTestDatabase();

const T0 = new Date("2026-11-21T10:00:00.000Z");
const LIMIT = { limit: 10, windowSeconds: 15 * 60 };

function at(seconds: number) {
  return new Date(T0.getTime() + seconds * 1000);
}

describe("a fixed-window limit", () => {
  it("allows 10 hits, blocks the 11th, and says how long to wait", async () => {
    for (let i = 1; i <= 10; i += 1) {
      expect(await hit("k", LIMIT, { now: at(i) })).toEqual({ allowed: true, hits: i, retryAfterSeconds: 0 });
    }
    // The window opened at T0+1s and lasts 900 s; at T0+60s, 841 s remain.
    expect(await hit("k", LIMIT, { now: at(60) })).toEqual({ allowed: false, hits: 11, retryAfterSeconds: 841 });
    expect(tooManyAttemptsMessage(841)).toBe("Too many attempts. Wait 15 minutes and try again.");
  });

  it("stays blocked until the window ends, then starts counting afresh", async () => {
    for (let i = 0; i < 11; i += 1) await hit("k", LIMIT, { now: T0 });
    expect((await hit("k", LIMIT, { now: at(899) })).allowed).toBe(false);
    expect(await hit("k", LIMIT, { now: at(900) })).toEqual({ allowed: true, hits: 1, retryAfterSeconds: 0 });
    const row = await t.db.selectFrom("rate_limit_bucket").selectAll().where("key", "=", "k").executeTakeFirstOrThrow();
    expect(new Date(row.window_start).toISOString()).toBe(at(900).toISOString());
  });

  it("counts each key separately", async () => {
    for (let i = 0; i < 10; i += 1) await hit("a", LIMIT, { now: T0 });
    expect((await hit("a", LIMIT, { now: T0 })).allowed).toBe(false);
    expect((await hit("b", LIMIT, { now: T0 })).allowed).toBe(true);
  });

  it("says one minute, not one minutes", () => {
    expect(tooManyAttemptsMessage(30)).toBe("Too many attempts. Wait 1 minute and try again.");
  });
});

describe("sign-in limits", () => {
  it("the 11th attempt on one account in 15 minutes is refused, even with the right password, until the window ends", async () => {
    const password = "lantern orchard pebble";
    await t.db
      .insertInto("app_user")
      .values({ email: "priya@example.com", name: "Priya", password_hash: await hashPassword(password) })
      .execute();
    for (let i = 0; i < 10; i += 1) {
      const ip = `198.51.100.${i}`;
      expect(
        await outcome(signIn({ email: "priya@example.com", password: `wrong guess ${i}` }, { ip, now: at(i) })),
      ).toBe("invalid");
    }
    const blocked = await signIn({ email: "Priya@example.com", password }, { ip: "192.0.2.1", now: at(10) });
    expect(blocked).toEqual({ kind: "rate_limited", retryAfterSeconds: 890 });
    // Refused attempts leave no session and no audit event.
    expect(await t.db.selectFrom("session").select("id").execute()).toHaveLength(0);
    expect(await t.db.selectFrom("audit_event").select("id").where("action", "=", "sign_in").execute()).toHaveLength(0);

    expect((await signIn({ email: "priya@example.com", password }, { ip: "192.0.2.1", now: at(15 * 60) })).kind).toBe(
      "signed_in",
    );
  });

  it("one address is allowed 50 attempts in 15 minutes across any accounts", async () => {
    expect(LIMITS.signInPerAddress).toEqual({ limit: 50, windowSeconds: 900 });
    const ip = "203.0.113.50";
    for (let i = 0; i < 50; i += 1) {
      expect(
        await outcome(signIn({ email: `person${i}@example.com`, password: "whatever it is" }, { ip, now: T0 })),
      ).toBe("invalid");
    }
    expect((await signIn({ email: "person50@example.com", password: "whatever it is" }, { ip, now: T0 })).kind).toBe(
      "rate_limited",
    );
    expect(
      await outcome(
        signIn({ email: "person50@example.com", password: "whatever it is" }, { ip: "203.0.113.51", now: T0 }),
      ),
    ).toBe("invalid");
  });
});

const onPostgres = t.engine === "postgres";
if (!onPostgres) {
  console.warn(
    "rate-limit.test.ts: SKIPPED 'many instances hitting one limit at once': it needs many real database connections, " +
      "which the embedded database (PGlite, one connection) cannot give. Set TEST_DATABASE_URL to run it; CI runs it on PostgreSQL.",
  );
}

// One Kysely instance per connection, as if each were a separate app instance. Each closes its own
// connection and waits until it is closed, so that dropping the test database afterwards finds
// nothing still attached.
function separateInstance(url: string) {
  const client = new pg.Client({ connectionString: url });
  let connected: Promise<unknown> | undefined;
  const pool = {
    options: {},
    async connect() {
      connected ??= client.connect();
      await connected;
      return Object.assign(client, { release() {} });
    },
    async end() {
      if (connected) await client.end();
    },
  };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

describe.runIf(onPostgres)("many instances hitting one limit at once (PostgreSQL)", () => {
  const instances: Kysely<Database>[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 20; i += 1) instances.push(separateInstance(t.url!));
    // Connected before the race, so that the hits really do arrive together.
    await Promise.all(instances.map((db) => db.selectNoFrom((eb) => eb.lit(1).as("ok")).execute()));
  });

  afterAll(async () => {
    await Promise.all(instances.map((db) => db.destroy()));
  });

  it("20 simultaneous hits with a limit of 10 let exactly 10 through", async () => {
    const results = await Promise.all(instances.map((executor) => hit("burst", LIMIT, { now: T0, executor })));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    // Every hit was counted once: no two saw the same count.
    expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
