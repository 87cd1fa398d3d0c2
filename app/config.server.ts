import { z } from "zod";

// Every environment variable the service reads, with its default. docs/configuration.md lists the
// same set; keep them in step.
const schema = z.object({
  // Unset counts as production: a server started some other way than `npm start` or `npm run dev`
  // must not show stack traces or allow test hooks. `npm run dev` sets development, tests set test.
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Default: loopback only in demo mode (the demo's accounts and mailbox are for the person at
  // this machine), every interface otherwise.
  HOST: z.string().min(1).optional(),
  APP_URL: z.string().url().optional(),
  DATABASE_URL: z.string().optional(),
  // PostgreSQL: the owner's connection, for migrations and seeding, when DATABASE_URL is a
  // restricted role that may only read and add to the audit trail (docs/decisions/048).
  DATABASE_OWNER_URL: z.string().optional(),
  RESEND_API_KEY: z.string().optional(),
  // The Resend API's address; only tests change it (to a fake API on this machine).
  RESEND_BASE_URL: z.string().url().optional(),
  EMAIL_FROM: z.string().default("Community Recovery Innovation Challenge <challenge@example.org>"),
  TRUST_PROXY: z.string().optional(),
  EMAIL_WORKER: z.enum(["on", "off"]).default("on"),
  // Web server processes sharing the port (node:cluster). More than 1 needs PostgreSQL: the
  // embedded database belongs to one process.
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  DEMO_MODE: z.enum(["on", "off"]).optional(),
  TEST_HOOKS: z.enum(["on", "off"]).default("off"),
  // Routes that exist only for tests/load benchmarks (/bench/*): off unless a benchmark asks.
  BENCH_ROUTES: z.enum(["on", "off"]).default("off"),
  // How often each instance running the email worker looks for draft reminders that are due.
  REMINDER_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
  // Days before a round's scoring deadline on which judges with unscored work are reminded.
  JUDGING_REMINDER_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  OPERATOR_NAME: z.string().default("West Midlands Combined Authority"),
  // 360Giving open data of the awards: the publisher prefix 360Giving issues, and the funder.
  THREE_SIXTY_GIVING_PREFIX: z
    .string()
    .regex(/^360G-[A-Za-z0-9-]+$/)
    .default("360G-CRIC"),
  FUNDING_ORG_IDENTIFIER: z.string().min(1).optional(),
  FUNDING_ORG_NAME: z.string().min(1).optional(),
});

export type Environment = Record<string, string | undefined>;

/**
 * The service's settings as a pure function of the environment, so that every combination can be
 * tested. Two ways to start: demo mode (the default on the embedded database) and a real start
 * (DEMO_MODE=off, or any DATABASE_URL). The switches that would be dangerous on a real service
 * (test hooks, bench routes, the local mailbox) are derived here and nowhere else.
 */
export function deriveConfig(environment: Environment) {
  // An empty variable is treated as unset (`FOO= npm start`, or an empty line in an env file).
  const env = schema.parse(Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== "")));
  const production = env.NODE_ENV === "production";
  // Demo mode: on by default only on the embedded database, which is where the demo data lives,
  // whatever NODE_ENV says (`npm start` runs in production mode and is still the demo).
  const demoMode = env.DEMO_MODE ? env.DEMO_MODE === "on" : !env.DATABASE_URL;
  return {
    production,
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST ?? (demoMode ? "127.0.0.1" : "0.0.0.0"),
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    appUrlConfigured: env.APP_URL !== undefined,
    databaseUrl: env.DATABASE_URL,
    databaseOwnerUrl: env.DATABASE_OWNER_URL,
    resendApiKey: env.RESEND_API_KEY,
    resendBaseUrl: env.RESEND_BASE_URL,
    emailFrom: env.EMAIL_FROM,
    trustProxy: env.TRUST_PROXY,
    operatorName: env.OPERATOR_NAME,
    threeSixtyGiving: {
      prefix: env.THREE_SIXTY_GIVING_PREFIX,
      fundingOrganisation: {
        id: env.FUNDING_ORG_IDENTIFIER ?? `${env.THREE_SIXTY_GIVING_PREFIX}-FUNDER`,
        name: env.FUNDING_ORG_NAME ?? env.OPERATOR_NAME,
      },
    },
    runEmailWorker: env.EMAIL_WORKER === "on",
    webConcurrency: env.WEB_CONCURRENCY,
    reminderIntervalMs: env.REMINDER_INTERVAL_MS,
    judgingReminderDays: env.JUDGING_REMINDER_DAYS,
    // Demo mode: the demo banner on every page, the demo accounts on the sign-in page and in the
    // terminal, loopback-only by default, and the local mailbox.
    demoMode,
    // Remix's own mode: development only under `npm run dev`. Anything else (production, the
    // tests) gets sanitised errors: no messages or stack traces in pages or data responses.
    remixMode: env.NODE_ENV === "development" ? ("development" as const) : ("production" as const),
    // The local mailbox at /dev/mail (and mail delivered to it rather than dropped): demo mode
    // only, and then only for clients on this machine. These three switches decide which dev-tool
    // routes exist, in one place (app/security/dev-tool-routes.server.ts).
    localMailbox: demoMode,
    // Test-only endpoints for end-to-end tests (create a user and session directly). Only when the
    // tests ask and NODE_ENV says test or development: never in production, whatever else is set.
    testHooks: env.TEST_HOOKS === "on" && !production,
    // The benchmark baselines (/bench/floor, /bench/queries): only when a benchmark starts the
    // server with BENCH_ROUTES=on, and never in production mode (benchmarks use NODE_ENV=test).
    benchRoutes: env.BENCH_ROUTES === "on" && !production,
    // Secure cookies whenever the service is reached over HTTPS. Not tied to NODE_ENV: `npm start`
    // is production mode on http://localhost, where a Secure cookie would not come back from every
    // client (curl, and browsers treating 127.0.0.1 as insecure).
    secureCookies: (env.APP_URL ?? "").startsWith("https://"),
  };
}

export type Config = ReturnType<typeof deriveConfig>;

/** What the terminal should warn about at start: settings a real service almost certainly needs. */
export function startupWarnings(config: Config): string[] {
  if (config.demoMode) return [];
  const warnings: string[] = [];
  if (!config.resendApiKey) {
    warnings.push(
      "No RESEND_API_KEY: emails (sign-in links, invitations, reminders) are kept waiting in the outbox, " +
        "not sent and not lost. Set RESEND_API_KEY and restart to send them.",
    );
  }
  if (!config.appUrlConfigured) {
    warnings.push(
      `No APP_URL: links in emails will point at ${config.appUrl}. Set APP_URL to the address people use ` +
        "(for example https://challenge.example.org).",
    );
  }
  if (config.appUrlConfigured && !config.secureCookies) {
    warnings.push(
      `APP_URL (${config.appUrl}) is not https: session cookies are sent without the Secure flag. ` +
        "Serve the service over HTTPS and give its https:// address in APP_URL.",
    );
  }
  return warnings;
}

export const config = deriveConfig(process.env);
