import { z } from "zod";

// Every environment variable the service reads, with its default. The README's Configuration
// section lists the same set; keep them in step.
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  APP_URL: z.string().url().optional(),
  DATABASE_URL: z.string().optional(),
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
  THREE_SIXTY_GIVING_PREFIX: z.string().regex(/^360G-[A-Za-z0-9-]+$/).default("360G-CRIC"),
  FUNDING_ORG_IDENTIFIER: z.string().min(1).optional(),
  FUNDING_ORG_NAME: z.string().min(1).optional(),
});

const env = schema.parse(process.env);
const production = env.NODE_ENV === "production";

export const config = {
  production,
  port: env.PORT,
  host: env.HOST,
  appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
  databaseUrl: env.DATABASE_URL,
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
  // Demo mode shows the demo accounts on the sign-in page. On by default only on the embedded
  // database, which is where the demo data lives.
  demoMode: env.DEMO_MODE ? env.DEMO_MODE === "on" : !env.DATABASE_URL && !production,
  // The local mailbox at /dev/mail: everywhere except production.
  localMailbox: !production,
  // Test-only endpoints for end-to-end tests (create a user and session directly). Never in
  // production, whatever the variable says.
  testHooks: env.TEST_HOOKS === "on" && !production,
  // The benchmark baselines (/bench/floor, /bench/queries): only when a benchmark starts the server
  // with BENCH_ROUTES=on (it runs the production build, so this does not depend on NODE_ENV).
  benchRoutes: env.BENCH_ROUTES === "on",
  // Secure cookies whenever the service is reached over HTTPS.
  secureCookies: production || (env.APP_URL ?? "").startsWith("https://"),
};
