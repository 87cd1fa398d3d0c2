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
  DEMO_MODE: z.enum(["on", "off"]).optional(),
  TEST_HOOKS: z.enum(["on", "off"]).default("off"),
  // How often each instance running the email worker looks for draft reminders that are due.
  REMINDER_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
  OPERATOR_NAME: z.string().default("West Midlands Combined Authority"),
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
  runEmailWorker: env.EMAIL_WORKER === "on",
  reminderIntervalMs: env.REMINDER_INTERVAL_MS,
  // Demo mode shows the demo accounts on the sign-in page. On by default only on the embedded
  // database, which is where the demo data lives.
  demoMode: env.DEMO_MODE ? env.DEMO_MODE === "on" : !env.DATABASE_URL && !production,
  // The local mailbox at /dev/mail: everywhere except production.
  localMailbox: !production,
  // Test-only endpoints for end-to-end tests (create a user and session directly). Never in
  // production, whatever the variable says.
  testHooks: env.TEST_HOOKS === "on" && !production,
  // Secure cookies whenever the service is reached over HTTPS.
  secureCookies: production || (env.APP_URL ?? "").startsWith("https://"),
};
