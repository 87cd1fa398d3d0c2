import { describe, expect, it } from "vitest";
import { deriveConfig, startupWarnings } from "../../app/config.server";
import { isLoopbackAddress } from "../../app/security/loopback.server";

// The two ways to start (issue 11): demo mode, the default on the embedded database, and a real
// start, one setting away. The settings are a pure function of the environment, so every
// combination that matters is checked here without starting anything.

const PG = "postgres://app@db.internal/challenge";

describe("demo mode", () => {
  it("is on by default on the embedded database, whatever NODE_ENV says", () => {
    for (const NODE_ENV of [undefined, "production", "development", "test"]) {
      expect(deriveConfig({ NODE_ENV }).demoMode).toBe(true);
    }
  });

  it("is off by default with any DATABASE_URL", () => {
    expect(deriveConfig({ DATABASE_URL: PG }).demoMode).toBe(false);
    expect(deriveConfig({ DATABASE_URL: PG, NODE_ENV: "development" }).demoMode).toBe(false);
  });

  it("follows DEMO_MODE when it is set, either way", () => {
    expect(deriveConfig({ DEMO_MODE: "off" }).demoMode).toBe(false);
    expect(deriveConfig({ DEMO_MODE: "on", DATABASE_URL: PG }).demoMode).toBe(true);
  });

  it("treats an empty variable as unset", () => {
    expect(deriveConfig({ DEMO_MODE: "", DATABASE_URL: "" }).demoMode).toBe(true);
  });

  it("refuses a DEMO_MODE it does not understand rather than guessing", () => {
    expect(() => deriveConfig({ DEMO_MODE: "yes" })).toThrow();
  });
});

describe("where the service listens", () => {
  it("listens on loopback only in demo mode", () => {
    expect(deriveConfig({}).host).toBe("127.0.0.1");
  });

  it("listens on every interface on a real start", () => {
    expect(deriveConfig({ DEMO_MODE: "off" }).host).toBe("0.0.0.0");
    expect(deriveConfig({ DATABASE_URL: PG }).host).toBe("0.0.0.0");
  });

  it("listens where HOST says, in either mode", () => {
    expect(deriveConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    expect(deriveConfig({ DEMO_MODE: "off", HOST: "127.0.0.1" }).host).toBe("127.0.0.1");
  });
});

describe("the local mailbox", () => {
  it("exists in demo mode, including `npm start`'s production mode", () => {
    expect(deriveConfig({ NODE_ENV: "production" }).localMailbox).toBe(true);
  });

  it("never exists outside demo mode, whatever NODE_ENV says", () => {
    for (const NODE_ENV of [undefined, "production", "development", "test"]) {
      expect(deriveConfig({ NODE_ENV, DEMO_MODE: "off" }).localMailbox).toBe(false);
      expect(deriveConfig({ NODE_ENV, DATABASE_URL: PG }).localMailbox).toBe(false);
    }
  });
});

describe("test hooks and bench routes", () => {
  it("are off unless asked for", () => {
    const config = deriveConfig({ NODE_ENV: "test" });
    expect([config.testHooks, config.benchRoutes]).toEqual([false, false]);
  });

  it("are on when asked for in test and development", () => {
    for (const NODE_ENV of ["test", "development"]) {
      const config = deriveConfig({ NODE_ENV, TEST_HOOKS: "on", BENCH_ROUTES: "on" });
      expect([config.testHooks, config.benchRoutes]).toEqual([true, true]);
    }
  });

  it("can never be on in production mode, whatever the variables say", () => {
    for (const DEMO_MODE of ["on", "off"]) {
      const config = deriveConfig({ NODE_ENV: "production", DEMO_MODE, TEST_HOOKS: "on", BENCH_ROUTES: "on" });
      expect([config.testHooks, config.benchRoutes]).toEqual([false, false]);
    }
  });

  it("count an unset NODE_ENV as production (a server started by hand is not a test server)", () => {
    const config = deriveConfig({ TEST_HOOKS: "on", BENCH_ROUTES: "on" });
    expect([config.production, config.testHooks, config.benchRoutes]).toEqual([true, false, false]);
  });
});

describe("error pages", () => {
  it("show no error details (Remix's production mode) except under `npm run dev`", () => {
    expect(deriveConfig({ NODE_ENV: "production" }).remixMode).toBe("production");
    expect(deriveConfig({ NODE_ENV: "test" }).remixMode).toBe("production");
    expect(deriveConfig({}).remixMode).toBe("production");
    expect(deriveConfig({ NODE_ENV: "development" }).remixMode).toBe("development");
  });
});

describe("session cookies", () => {
  it("are Secure when the service's address is https", () => {
    expect(deriveConfig({ APP_URL: "https://challenge.example.org" }).secureCookies).toBe(true);
  });

  it("are not Secure on plain http, even in production mode (npm start on http://localhost)", () => {
    expect(deriveConfig({ NODE_ENV: "production" }).secureCookies).toBe(false);
    expect(deriveConfig({ NODE_ENV: "production", APP_URL: "http://127.0.0.1:3000" }).secureCookies).toBe(false);
  });
});

describe("start-up warnings", () => {
  it("warn on a real start with no email provider and no APP_URL", () => {
    const warnings = startupWarnings(deriveConfig({ DEMO_MODE: "off" }));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/RESEND_API_KEY.*waiting in the outbox/);
    expect(warnings[1]).toMatch(/APP_URL.*http:\/\/localhost:3000/);
  });

  it("warn on a real start whose address is plain http (cookies without the Secure flag)", () => {
    const warnings = startupWarnings(
      deriveConfig({ DEMO_MODE: "off", RESEND_API_KEY: "re_x", APP_URL: "http://challenge.example.org" }),
    );
    expect(warnings).toEqual([expect.stringMatching(/not https.*Secure/)]);
  });

  it("say nothing when both are configured, or in demo mode", () => {
    expect(
      startupWarnings(
        deriveConfig({ DEMO_MODE: "off", RESEND_API_KEY: "re_x", APP_URL: "https://challenge.example.org" }),
      ),
    ).toEqual([]);
    expect(startupWarnings(deriveConfig({}))).toEqual([]);
  });
});

describe("which addresses are this machine", () => {
  it("counts IPv4 and IPv6 loopback, in every form Node reports them", () => {
    for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1"]) {
      expect(isLoopbackAddress(address), address).toBe(true);
    }
  });

  it("counts nothing else", () => {
    for (const address of [
      "10.0.0.1",
      "192.168.1.20",
      "::ffff:10.0.0.1",
      "128.0.0.1",
      "fe80::1",
      "0.0.0.0",
      "",
      undefined,
      "nonsense",
    ]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });
});
