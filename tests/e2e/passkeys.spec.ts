import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, hydrated, test } from "./fixtures";
import { createUser } from "./support/users";

// Passkeys as a second factor, in Chromium with its virtual authenticator (driven through the
// DevTools protocol), which makes and uses passkeys as a phone or security key would.
//
// Browsers refuse passkeys on an IP address (SecurityError "This is an invalid domain"), and the
// rest of the suite runs at http://127.0.0.1. So the journey runs on a server of its own whose
// address is http://localhost:<port> (APP_URL, which is also the passkeys' relying party): the
// built app with test hooks on and no demo data, on a fresh embedded database. Passkeys need
// JavaScript; the no-JavaScript page is checked on the suite's own server, below.

const root = path.resolve(import.meta.dirname, "../..");
const START_TIMEOUT_MS = 90_000;
const PASSWORD = "correct horse battery staple 42";

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

interface LocalhostServer {
  url: string;
  stop: () => Promise<void>;
}

/** The built app at http://localhost:<port>, ready when /healthz answers. */
async function startLocalhostServer(dataDir: string): Promise<LocalhostServer> {
  const port = await sparePort();
  const url = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "test",
    TEST_HOOKS: "on",
    DEMO_MODE: "off",
    EMAIL_WORKER: "off",
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: url,
  };
  for (const name of ["DATABASE_URL", "E2E_DATABASE_URL", "E2E_DATA_DIR", "RESEND_API_KEY", "TRUST_PROXY"]) {
    delete env[name];
  }
  const setup = spawnSync(process.execPath, ["build/cli.mjs", "setup"], {
    cwd: root,
    env,
    encoding: "utf-8",
    timeout: START_TIMEOUT_MS,
  });
  expect(setup.status, `setup failed:\n${setup.stdout}\n${setup.stderr}`).toBe(0);
  const child: ChildProcess = spawn(process.execPath, ["build/server.mjs"], { cwd: root, env, stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null) throw new Error(`the server stopped (${child.exitCode})`);
        return fetch(`http://127.0.0.1:${port}/healthz`).then(
          (response) => response.status,
          () => 0,
        );
      },
      { timeout: START_TIMEOUT_MS, message: "the localhost server should start" },
    )
    .toBe(200);
  return {
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

/** A virtual authenticator in this page's browser: built in, verifies the person, keeps passkeys. */
async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
}

async function signInWithPassword(page: Page, base: string, email: string, returnTo: string) {
  await page.goto(`${base}/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/sign-in");
}

test.describe("with a passkey", () => {
  let dataDir: string;
  let server: LocalhostServer;

  test.beforeAll(async () => {
    test.setTimeout(START_TIMEOUT_MS * 2);
    dataDir = mkdtempSync(path.join(tmpdir(), "cric-passkeys-"));
    server = await startLocalhostServer(dataDir);
  });

  test.afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test("a member of staff adds a passkey, signs out, and signs in with their password and then the passkey", async ({
    page,
    playwright,
    checkA11y,
  }) => {
    const api = await playwright.request.newContext({ baseURL: server.url });
    // No authenticator app: the passkey is their first second factor, which the gate lets them add.
    const staff = await createUser(api, "staff", { password: PASSWORD, secondFactor: false });
    await api.dispose();
    await addVirtualAuthenticator(page);

    await test.step("add a passkey on /account/passkeys", async () => {
      await signInWithPassword(page, server.url, staff.email, "/account/passkeys");
      await expect(page.getByRole("heading", { level: 1, name: "Passkeys" })).toBeVisible();
      await hydrated(page);
      await expect(page.getByText("You have not added a passkey.")).toBeVisible();
      await checkA11y();

      await page.getByLabel("Name (optional)").fill("Work laptop");
      await page.getByRole("button", { name: "Add a passkey" }).click();
      await expect(page.getByText("Passkey added. You have been signed out on every other device.")).toBeVisible();
      const row = page.getByRole("row", { name: /Work laptop/ });
      await expect(row.getByRole("cell").nth(1)).toHaveText("Not used yet");
      await expect(row.getByRole("button", { name: "Remove Work laptop" })).toBeVisible();
      await checkA11y();
    });

    await test.step("sign out, then sign in with the password and the passkey", async () => {
      await page.getByRole("button", { name: "Sign out" }).first().click();
      await expect(page.getByRole("heading", { level: 1, name: "You are signed out" })).toBeVisible();

      await signInWithPassword(page, server.url, staff.email, "/account/passkeys");
      // After the password, the second step: someone with a passkey is offered it there.
      await expect(page.getByRole("heading", { level: 1, name: "Enter a code to finish signing in" })).toBeVisible();
      await hydrated(page);
      const usePasskey = page.getByRole("button", { name: "Use a passkey" });
      await expect(usePasskey).toBeVisible();
      await checkA11y();
      await usePasskey.click();

      await page.waitForURL(`${server.url}/account/passkeys`);
      const row = page.getByRole("row", { name: /Work laptop/ });
      await expect(row.getByRole("cell").nth(1)).toHaveText(/^\d{1,2}(:\d\d)?(am|pm)|midday|midnight/);
    });
  });
});

test(
  "without JavaScript the passkeys page says a passkey needs it, and offers the authenticator app",
  {
    tag: "@nojs",
  },
  async ({ page, signInAs, checkA11y }) => {
    await signInAs("staff");
    await page.goto("/account/passkeys");
    await expect(page.getByRole("heading", { level: 1, name: "Passkeys" })).toBeVisible();
    await hydrated(page);
    const needsJavaScript = page.getByText("You need JavaScript turned on in your browser to add a passkey.");
    if (test.info().project.use.javaScriptEnabled === false) {
      await expect(needsJavaScript).toBeVisible();
      await expect(page.getByRole("link", { name: "use an authenticator app instead" })).toHaveAttribute(
        "href",
        "/account/two-factor",
      );
      await expect(page.getByRole("button", { name: "Add a passkey" })).toHaveCount(0);
    } else {
      // With JavaScript the form takes the message's place once the page has hydrated.
      await expect(page.getByRole("button", { name: "Add a passkey" })).toBeVisible();
      await expect(needsJavaScript).toHaveCount(0);
    }
    await checkA11y();
  },
);
