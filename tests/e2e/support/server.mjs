// Playwright's webServer: serves the BUILT app (scripts/test.mjs builds it first) on the e2e
// port with a fresh database, test hooks on and the email worker delivering to the local
// mailbox. It never builds: a build inside webServer would race other runs over build/.
//
// The database comes from the caller when E2E_DATABASE_URL or E2E_DATA_DIR is set (npm test
// creates and drops it). Otherwise this wrapper makes its own and removes it when Playwright
// stops the server (SIGTERM, see gracefulShutdown in playwright.config.ts).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createE2EDatabase } from "./database.mjs";

const root = path.resolve(import.meta.dirname, "../../..");
process.chdir(root);

const port = process.env.E2E_PORT ?? "3111";

for (const file of ["build/server.mjs", "build/cli.mjs", "build/index.js"]) {
  if (!existsSync(file)) {
    console.error(`The app has not been built (${file} is missing). Run \`npm run build\` first, or use \`npm test\`.`);
    process.exit(1);
  }
}
if (newestSource() > statSync("build/index.js").mtimeMs) {
  console.error(
    "Warning: app sources changed since the last build; the e2e tests run the old build. Run `npm run build`.",
  );
}

let owned;
const env = { ...process.env };
// On PostgreSQL the owner's connection, for preparing the database only: the app itself runs as
// its restricted role and is not given it.
let ownerUrl;
if (process.env.E2E_DATABASE_URL) {
  env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  ownerUrl = process.env.E2E_DATABASE_OWNER_URL;
} else if (process.env.E2E_DATA_DIR) {
  delete env.DATABASE_URL;
  env.DATA_DIR = process.env.E2E_DATA_DIR;
} else {
  owned = await createE2EDatabase(process.env.DATABASE_URL || undefined);
  console.error(`e2e server: using a fresh ${owned.describe}`);
  if (owned.env.E2E_DATABASE_URL) {
    env.DATABASE_URL = owned.env.E2E_DATABASE_URL;
    ownerUrl = owned.env.E2E_DATABASE_OWNER_URL;
  } else {
    delete env.DATABASE_URL;
    env.DATA_DIR = owned.env.E2E_DATA_DIR;
  }
}

Object.assign(env, {
  // Not "production": test hooks are switched off there, whatever the variables say. The build
  // itself is the production build, and Remix runs in production mode (sanitised errors).
  NODE_ENV: "test",
  TEST_HOOKS: "on",
  // The demo data, its accounts and the local mailbox the tests read their email from. Explicit,
  // because on PostgreSQL (a DATABASE_URL) demo mode is off by default.
  DEMO_MODE: "on",
  EMAIL_WORKER: "on",
  PORT: port,
  HOST: "127.0.0.1",
  APP_URL: `http://127.0.0.1:${port}`,
  // Each test is a visitor at an address of its own (X-Forwarded-For, set by the fixtures), as
  // people are, so the per-address sign-in and registration limits count one test's attempts,
  // not the whole run's. Only the test browser, on this machine, can set it.
  TRUST_PROXY: "loopback",
});
// Mail must land in the local mailbox, never at a real provider.
delete env.RESEND_API_KEY;

let server;
let stopping = false;
const stop = (signal) => {
  stopping = true;
  if (server && server.exitCode === null) server.kill(signal);
  else void finish(0);
};
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));

async function finish(code) {
  try {
    await owned?.drop();
  } catch (error) {
    console.error("e2e server: could not remove the test database:", error);
  }
  process.exit(code);
}

// Creates the schema and loads the demo data in a short-lived process, as `npm start` does
// (creating an embedded database leaves ~800 MB in the process that does it: docs/decisions/003).
// On PostgreSQL the demo data is only ever loaded on request: `seed` on the fresh database, as
// the owner, who then gives the app's role its rights.
delete env.DATABASE_OWNER_URL;
const steps = !env.DATABASE_URL
  ? [["setup"]]
  : ownerUrl
    ? [["seed"], ["grant-app-role", decodeURIComponent(new URL(env.DATABASE_URL).username)]]
    : [["seed"]];
for (const step of steps) {
  const prepared = spawnSync(process.execPath, ["build/cli.mjs", ...step], {
    stdio: ["ignore", "inherit", "inherit"],
    env: ownerUrl ? { ...env, DATABASE_OWNER_URL: ownerUrl } : env,
  });
  if (prepared.status !== 0) {
    console.error(`e2e server: \`node build/cli.mjs ${step.join(" ")}\` failed`);
    await finish(1);
  }
}
if (stopping) await finish(0);

// React in its production build, as deployed (see production-react.mjs).
const productionReact = pathToFileURL(path.join(root, "tests/e2e/support/production-react.mjs")).href;
server = spawn(process.execPath, ["--import", productionReact, "build/server.mjs"], { stdio: "inherit", env });
server.on("exit", (code, signal) => {
  if (!stopping) console.error(`e2e server: the app stopped unexpectedly (${code ?? signal})`);
  void finish(stopping ? 0 : (code ?? 1));
});

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    let entries = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ["app", "db", "emails"]) walk(dir);
  if (existsSync("server.ts")) newest = Math.max(newest, statSync("server.ts").mtimeMs);
  return newest;
}
