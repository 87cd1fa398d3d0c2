import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

// The hostile-input walk runs against an app of its own: the built app on a free port with a
// fresh database on the run's engine (PostgreSQL when DATABASE_URL is set, else embedded),
// started by the same wrapper as Playwright's web server (tests/e2e/support/server.mjs), which
// removes that database when it stops. Its posts rename the open challenge, edit its prizes and
// dates, and fill the staff pages with thousands of rows; on a server of its own they change
// nothing the other journeys rely on, so the walk runs beside them instead of after them all.

const root = path.resolve(import.meta.dirname, "../../..");
const START_TIMEOUT_MS = 120_000;

export interface OwnApp {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function startOwnApp(): Promise<OwnApp> {
  const port = String(await freePort());
  const url = `http://127.0.0.1:${port}`;
  // Empty, so the wrapper makes (and later drops) a database of its own rather than using the
  // one `npm test` made for the shared server.
  const env = { ...process.env, E2E_PORT: port, E2E_DATABASE_URL: "", E2E_DATABASE_OWNER_URL: "", E2E_DATA_DIR: "" };
  const showLog = process.env.E2E_SERVER_LOG === "on";
  const child = spawn(process.execPath, ["tests/e2e/support/server.mjs"], {
    cwd: root,
    env,
    stdio: ["ignore", showLog ? "inherit" : "ignore", "pipe"],
  });
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    if (showLog) process.stderr.write(chunk);
    else errors = (errors + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Should this process end without stopping it (a worker shut down mid-test), the app and its
  // database go with it: SIGTERM makes the wrapper drop the database.
  const stopOnExit = () => child.kill("SIGTERM");
  process.once("exit", stopOnExit);
  const stop = async () => {
    process.off("exit", stopOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  };

  // Ready when /healthz answers 200, as Playwright's own web server is.
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the hostile walk's own app stopped while starting:\n${errors}`);
    const ok = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return { url, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `the hostile walk's own app did not answer /healthz within ${START_TIMEOUT_MS / 1000} s:\n${errors}`,
      );
    }
    // Polling a port that is not listening yet: nothing else to wait on.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
