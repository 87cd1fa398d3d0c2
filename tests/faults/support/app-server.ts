import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

// The BUILT app as a child process, as it runs in production (node build/server.mjs), on a port of
// its own against a database the test chose, so a test can stop it politely (SIGTERM) or kill it
// outright (SIGKILL) and start it again on the same data. Test hooks are on (NODE_ENV=test, as in
// the end-to-end tests) so the tests can make people; the build is the production build.

export const root = path.resolve(import.meta.dirname, "../../..");

/** Where the app's data is: a PostgreSQL URL (the app's restricted role) or an embedded database folder. */
export type AppDatabase = { databaseUrl: string; ownerUrl?: string; role?: string } | { dataDir: string };

export function requireBuild(): void {
  for (const file of ["build/index.js", "build/server.mjs", "build/cli.mjs"]) {
    if (!existsSync(path.join(root, file))) {
      throw new Error(`The app is not built (${file} is missing): run \`npm run build\` (npm run test:faults does).`);
    }
  }
}

/** A TCP port nothing listens on right now (the system picks one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// The embedded database is compiled by V8's baseline compiler only, as `npm start` does.
function nodeFlags(database: AppDatabase): string[] {
  return "dataDir" in database ? ["--liftoff-only"] : [];
}

function baseEnv(database: AppDatabase): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Not "production": test hooks are off there whatever else is set. The build is the production build.
    NODE_ENV: "test",
    TEST_HOOKS: "on",
    // The demo data's open challenge and the local mailbox instead of a real email provider.
    DEMO_MODE: "on",
  };
  delete env.RESEND_API_KEY;
  delete env.DATABASE_OWNER_URL;
  delete env.WEB_CONCURRENCY;
  if ("dataDir" in database) {
    delete env.DATABASE_URL;
    env.DATA_DIR = database.dataDir;
  } else {
    env.DATABASE_URL = database.databaseUrl;
    delete env.DATA_DIR;
  }
  return env;
}

/**
 * Loads the demo data (an open challenge with entries) as `npm test`'s e2e stage does: on
 * PostgreSQL `seed` as the owner, who then gives the app's role its rights; on the embedded
 * engine `setup`, which creates the database in its folder.
 */
export function prepareDatabase(database: AppDatabase): void {
  requireBuild();
  const env = baseEnv(database);
  const steps =
    "dataDir" in database
      ? [["setup"]]
      : database.ownerUrl
        ? [["seed"], ["grant-app-role", database.role ?? decodeURIComponent(new URL(database.databaseUrl).username)]]
        : [["seed"]];
  for (const step of steps) {
    const prepared = spawnSync(process.execPath, [...nodeFlags(database), "build/cli.mjs", ...step], {
      cwd: root,
      env: "dataDir" in database || !database.ownerUrl ? env : { ...env, DATABASE_OWNER_URL: database.ownerUrl },
      encoding: "utf8",
    });
    if (prepared.status !== 0) {
      throw new Error(`\`node build/cli.mjs ${step.join(" ")}\` failed:\n${prepared.stdout}\n${prepared.stderr}`);
    }
  }
}

export interface AppProcess {
  baseUrl: string;
  port: number;
  child: ChildProcess;
  /** Everything the app wrote to stdout and stderr. */
  log(): string;
  /** Resolves when the process has exited, with its code or signal. */
  exited: Promise<string>;
  /** Polite stop (SIGTERM: drains requests, closes the database); SIGKILL if it takes over 15 s. */
  stop(): Promise<void>;
  /** SIGKILL: no draining, no closing; whatever was in flight is cut off. */
  kill(): Promise<void>;
}

export interface StartOptions {
  database: AppDatabase;
  /** Reuse a port (a restart answers where the first process did). Default: a free one. */
  port?: number;
  /** The email worker and scheduler, off unless a test needs them. */
  emailWorker?: boolean;
  /** How long to wait for 200 from /healthz. */
  readyTimeoutMs?: number;
  env?: Record<string, string>;
}

export async function startApp(options: StartOptions): Promise<AppProcess> {
  requireBuild();
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeFlags(options.database), "build/server.mjs"], {
    cwd: root,
    env: {
      ...baseEnv(options.database),
      EMAIL_WORKER: options.emailWorker ? "on" : "off",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: baseUrl,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    // Enough to explain a failure; a long run does not grow without bound.
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ?? String(code))),
  );
  const app: AppProcess = {
    baseUrl,
    port,
    child,
    log: () => output,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const done = await Promise.race([exited.then(() => true), delay(15_000).then(() => false)]);
      if (!done) await app.kill();
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
  try {
    await waitUntilHealthy(app, options.readyTimeoutMs ?? 90_000);
  } catch (error) {
    await app.kill();
    throw new Error(`${(error as Error).message}\nApp output (end):\n${output.slice(-3000)}`);
  }
  return app;
}

/** Waits for 200 from /healthz; fails if the process exits or time runs out. Returns the ms waited. */
export async function waitUntilHealthy(app: AppProcess, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (app.child.exitCode !== null || app.child.signalCode !== null) {
      throw new Error(`The app exited (${app.child.exitCode ?? app.child.signalCode}) before it was healthy`);
    }
    try {
      const response = await fetch(`${app.baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return Date.now() - started;
    } catch {
      // Not listening yet.
    }
    await delay(100);
  }
  throw new Error(`No 200 from ${app.baseUrl}/healthz within ${timeoutMs / 1000} s`);
}

/** Rows of cells as a plain-text table, the first row as the header (the figures each test prints). */
export function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r: (string | number)[]) =>
    r
      .map((cell, i) => String(cell).padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}
