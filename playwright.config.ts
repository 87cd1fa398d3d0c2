import { defineConfig, devices, type ReporterDescription } from "@playwright/test";

// End-to-end tests run Debian's Chromium against the BUILT app (`npm test` builds it; the web
// server below never does, so two runs cannot race over build/). Playwright cannot download its
// own browser on these machines.

const port = Number(process.env.E2E_PORT ?? 3111);
const baseURL = `http://127.0.0.1:${port}`;
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const reporter: ReporterDescription[] = [["list"]];
// scripts/test.mjs asks for a JSON report to count the results for its summary.
if (process.env.E2E_JSON_REPORT) reporter.push(["json", { outputFile: process.env.E2E_JSON_REPORT }]);

const LIFECYCLE = /lifecycle\/.*\.spec\.ts$/;
const HOSTILE = /hostile\/.*\.spec\.ts$/;

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  forbidOnly: true,
  // Flaky tests are fixed, not retried.
  retries: 0,
  // Two cores on this machine, shared with the server under test. (Three workers made the e2e stage
  // slower in CI, 984 s against 870 s: the hostile walk's worker got a third of the machine, not
  // half, and ended last.)
  workers: 2,
  // Generous for two cores shared by the browser, the app, its database and argon2: a long
  // journey scans a dozen pages with axe. Waiting is always for something visible, never a sleep.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter,
  outputDir: "test-results",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    {
      // Every naughty string into every text field of every form (tests/e2e/hostile): the longest
      // test by far, on an app and database of its own (its posts change the challenge the others
      // rely on), so it needs no other project and goes first: one worker walks it while the
      // other runs the journeys, and then joins them.
      name: "hostile",
      testMatch: HOSTILE,
      use: { ...devices["Desktop Chrome"] },
    },
    { name: "chromium", testIgnore: [LIFECYCLE, HOSTILE], use: { ...devices["Desktop Chrome"] } },
    {
      // The core journeys again with JavaScript off: every form must work as a plain HTML form.
      // Tag a test `@nojs` (or `@core`, the tag the team notes use) to run it here too.
      name: "no-js",
      grep: /@nojs|@core/,
      testIgnore: [LIFECYCLE, HOSTILE],
      use: { ...devices["Desktop Chrome"], javaScriptEnabled: false },
    },
    {
      // Journeys that change what every other test relies on (closing the demo challenge to open
      // the next one) run once the others have finished, one at a time.
      name: "lifecycle",
      testMatch: LIFECYCLE,
      dependencies: ["chromium", "no-js"],
      fullyParallel: false,
      use: { ...devices["Desktop Chrome"] },
    },
  ],
  webServer: {
    command: "node tests/e2e/support/server.mjs",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    // A first start creates the embedded database and loads the demo data.
    timeout: 120_000,
    // SIGTERM lets the app drain and the wrapper remove a database it created itself.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    stdout: process.env.E2E_SERVER_LOG === "on" ? "pipe" : "ignore",
    stderr: "pipe",
  },
});
