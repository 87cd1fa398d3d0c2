import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { deriveConfig } from "../../app/config.server";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

// Issue 11, "two ways to start, both safe". The rest of the e2e suite runs against the demo
// (DEMO_MODE=on, tests/e2e/support/server.mjs); this spec starts the built server itself the way
// a real pilot would: production mode, demo mode off, a fresh embedded database in a folder of its
// own, on a spare loopback port. PGlite creates a database in a few seconds, so each describe
// block starts at most one.

const root = path.resolve(import.meta.dirname, "../..");
const START_TIMEOUT_MS = 60_000;

test.describe.configure({ mode: "serial" });

interface Started {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** The environment of a real start: nothing from the demo, and the switches a test run might leave on. */
function realEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DEMO_MODE: "off",
    DATA_DIR: dataDir,
    EMAIL_WORKER: "off",
    ...extra,
  };
  for (const name of ["DATABASE_URL", "RESEND_API_KEY", "TRUST_PROXY", "WEB_CONCURRENCY"]) delete env[name];
  return env;
}

async function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** `node build/cli.mjs setup`, as `npm start` runs it before the server. */
function setup(env: NodeJS.ProcessEnv): string {
  const result = spawnSync(process.execPath, ["build/cli.mjs", "setup"], {
    cwd: root,
    env,
    encoding: "utf-8",
    timeout: START_TIMEOUT_MS,
  });
  expect(result.status, `setup failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** Starts `node build/server.mjs` and resolves once its output contains `until` (or it exits). */
async function startServer(
  env: NodeJS.ProcessEnv,
  until: RegExp,
): Promise<Started & { child: ChildProcess; exitCode: Promise<number | null> }> {
  const child = spawn(process.execPath, ["build/server.mjs"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exitCode = exited(child);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not get ready:\n${output}`)), START_TIMEOUT_MS);
    const check = (chunk: Buffer) => {
      output += chunk.toString();
      if (until.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.stderr!.on("data", check);
    void exitCode.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    child,
    exitCode,
    url: `http://127.0.0.1:${env.PORT}`,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exitCode;
      }
    },
  };
}

// An address of each dev-tool route (app/dev-tools/routes/).
const DEV_TOOL_ADDRESSES = [
  "/dev/mail",
  "/dev/mail.json",
  "/dev/mail/1",
  "/dev/mail/1/html",
  "/test-hooks/users",
  "/test-hooks/scenarios",
  "/bench/floor",
  "/bench/queries.json",
];

/** The route ids lazy route discovery (/__manifest) gives a browser for these addresses. */
async function discoveredRoutes(page: Page, request: APIRequestContext, base: string, addresses: string[]) {
  await page.goto(`${base}/`);
  const version = await page.evaluate(
    () => (window as unknown as { __remixManifest: { version: string } }).__remixManifest.version,
  );
  const query = new URLSearchParams([...addresses.map((address) => ["p", address]), ["version", version]]);
  const response = await request.get(`${base}/__manifest?${query}`);
  expect(response.status()).toBe(200);
  return Object.keys((await response.json()) as Record<string, unknown>);
}

test.describe("demo mode (the rest of the suite's server)", () => {
  test("has the mailbox and the test hooks, and no bench routes unless BENCH_ROUTES=on", async ({ page, request }) => {
    for (const address of ["/bench/floor", "/bench/queries.json"]) {
      const response = await request.get(address, { maxRedirects: 0 });
      expect(response.status(), address).toBe(404);
      expect(await response.text(), address).toContain("Page not found");
    }
    expect((await request.get("/dev/mail.json")).status()).toBe(200);
    const discovered = await discoveredRoutes(page, request, "", ["/dev/mail", "/test-hooks/users", "/bench/floor"]);
    expect(discovered).toEqual(
      expect.arrayContaining(["dev-tools/routes/dev.mail._index", "dev-tools/routes/test-hooks.users"]),
    );
    expect(discovered).not.toContainEqual(expect.stringMatching(/^dev-tools\/routes\/bench\./));
  });

  test("every page says it is a demonstration", { tag: "@nojs" }, async ({ page, checkA11y }) => {
    for (const address of ["/", "/sign-in", "/no-such-page"]) {
      await page.goto(address);
      await expect(page.getByText("Demonstration: do not enter real information"), address).toBeVisible();
      await expect(page.getByRole("banner").getByText("Demo", { exact: true }), address).toBeVisible();
    }
    await checkA11y();
  });
});

test.describe("a real start: demo mode off, production mode, fresh embedded database", () => {
  let dataDir: string;
  let server: Started;
  let setupOutput: string;
  let setupLink: string;

  test.beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "cric-real-start-"));
    const port = await sparePort();
    // Test hooks and bench routes asked for, to show production mode refuses them anyway.
    const env = realEnv(dataDir, {
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: `http://127.0.0.1:${port}`,
      TEST_HOOKS: "on",
      BENCH_ROUTES: "on",
    });
    setupOutput = setup(env);
    const started = await startServer(env, /Set up the first staff account: (\S+)/);
    server = started;
    const match = /Set up the first staff account: (\S+) \(works once, for 24 hours\)/.exec(started.output());
    if (!match) throw new Error(`no set-up link in the terminal:\n${started.output()}`);
    setupLink = match[1]!;
  });

  test.afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test("loads no demo data, shows no demo accounts or banner, and has no mailbox, test hooks or bench routes", async ({
    page,
    request,
    checkA11y,
  }) => {
    expect(setupOutput).toContain("Demo mode is off: no demo data loaded.");
    expect(setupOutput).not.toMatch(/Loaded the demo data/);
    expect(server.output()).not.toContain("demo.test");
    expect(setupLink).toMatch(new RegExp(`^${server.url}/setup/[a-z2-7]{32}$`));

    await page.goto(`${server.url}/sign-in`);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    await expect(page.getByText("Demonstration: do not enter real information")).toHaveCount(0);
    await expect(page.getByText(/demo\.test/)).toHaveCount(0);
    await checkA11y();

    // No current challenge: the demo's is not there.
    await page.goto(server.url);
    await expect(page.getByText("Community Recovery Innovation Challenge 2027")).toHaveCount(0);

    // Not in the server build at all (app/security/dev-tool-routes.server.ts): each address is
    // the ordinary 404 page of the catch-all route, not an answer of the dev-tool route itself.
    for (const address of DEV_TOOL_ADDRESSES) {
      const response = await request.get(`${server.url}${address}`, { maxRedirects: 0 });
      expect(response.status(), address).toBe(404);
      expect(await response.text(), address).toContain("Page not found");
    }
    // Nor does lazy route discovery's manifest reveal them.
    expect(await discoveredRoutes(page, request, server.url, DEV_TOOL_ADDRESSES)).not.toContainEqual(
      expect.stringMatching(/^dev-tools\//),
    );
  });

  test(
    "the set-up link creates the first staff account and signs them in, once",
    { tag: "@nojs" },
    async ({ page, checkA11y }) => {
      await page.goto(setupLink);
      await expect(page.getByRole("heading", { level: 1, name: "Set up the first staff account" })).toBeVisible();
      await checkA11y();

      // A mismatched confirmation is caught, and the link still works afterwards.
      await page.getByLabel("Full name").fill("Sam Okoye");
      await page.getByLabel("Email address").fill("sam.okoye@combined-authority.example");
      await page.getByLabel("Create a password").fill("kettle-meadow-quartz-61");
      await page.getByLabel("Confirm password").fill("kettle-meadow-quartz-16");
      await page.getByRole("button", { name: "Create staff account" }).click();
      await expect(page.getByRole("alert").getByText("Enter the same password in both boxes")).toBeVisible();
      await checkA11y();

      await page.getByLabel("Create a password").fill("kettle-meadow-quartz-61");
      await page.getByLabel("Confirm password").fill("kettle-meadow-quartz-61");
      await page.getByRole("button", { name: "Create staff account" }).click();
      // Signed in, and asked to set up a second factor before the staff pages.
      await expect(page).toHaveURL(`${server.url}/account/two-factor?returnTo=%2Fstaff`);
      await expect(page.getByRole("heading", { level: 1, name: "Two-step verification" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
      await checkA11y();

      const again = await page.goto(setupLink);
      expect(again?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    },
  );
});

test.describe("a start with demo accounts in the database but demo mode off", () => {
  let dataDir: string;

  test.afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test("refuses to start, and says to use DEMO_MODE=on or a fresh database", async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "cric-demo-then-real-"));
    const port = await sparePort();
    // First the demo, as `npm start` makes it...
    const demoOutput = setup(realEnv(dataDir, { DEMO_MODE: "on" }));
    expect(demoOutput).toMatch(/Loaded the demo data/);
    // ...then the same folder started for real.
    const server = await startServer(
      realEnv(dataDir, { PORT: String(port), HOST: "127.0.0.1" }),
      /will not start|running at/,
    );
    try {
      expect(server.output()).not.toContain("running at");
      expect(await server.exitCode).toBe(1);
      expect(server.output()).toContain("The server will not start.");
      expect(server.output()).toContain("DEMO_MODE=on");
      expect(server.output()).toMatch(/fresh database/);
      expect(server.output()).not.toContain("running at");
    } finally {
      await server.stop();
    }
  });
});

test.describe("the demo data outside demo mode", () => {
  test("`npm run db:seed` refuses to load it, and says how to run the demo", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "cric-seed-refused-"));
    try {
      const result = spawnSync(process.execPath, ["build/cli.mjs", "seed"], {
        cwd: root,
        env: realEnv(dataDir),
        encoding: "utf-8",
      });
      expect(result.status).toBe(3);
      expect(result.stderr).toContain("DEMO_MODE=on");
      expect(result.stdout).not.toContain("Rebuilt the demo data");
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

test.describe("error pages in the mode `npm start` runs", () => {
  // The built app's request handler, in the mode the configuration gives `npm start`
  // (NODE_ENV=production), with no database open in this process: the challenge page's loader
  // throws, as it would if the database went away. Development mode is checked too, so that the
  // test shows what it guards against.
  async function challengePageWhenTheLoaderThrows(mode: "production" | "development") {
    const build = (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
    const handler = createRequestHandler(build, mode);
    // The app logs the error it is handling (entry.server's handleError): expected here, not news.
    const log = console.error;
    console.error = () => {};
    try {
      const response = await handler(new Request("http://127.0.0.1/"), {
        nonce: "n",
        requestId: "r",
        ip: "127.0.0.1",
        peerIsLoopback: true,
        setCookies: [],
      });
      return { status: response.status, body: await response.text() };
    } finally {
      console.error = log;
    }
  }

  test("a page whose loader throws shows the error page, with no error message or stack trace", async () => {
    expect(deriveConfig({ NODE_ENV: "production" }).remixMode).toBe("production");
    const { status, body } = await challengePageWhenTheLoaderThrows(deriveConfig({ NODE_ENV: "production" }).remixMode);
    expect(status).toBe(500);
    expect(body).toContain("Sorry, there is a problem with the service");
    expect(body).not.toContain("The database has not been opened");
    expect(body).not.toMatch(/at \S+ \(.*:\d+:\d+\)/);
    expect(body).not.toContain("build/index.js");

    const development = await challengePageWhenTheLoaderThrows("development");
    expect(development.body).toContain("The database has not been opened");
  });
});
