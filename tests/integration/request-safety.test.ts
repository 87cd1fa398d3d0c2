import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { connect } from "node:net";
import type { ActionFunctionArgs, LoaderFunctionArgs, ServerBuild } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCurrentUser } from "../../app/auth/guards.server";
import { SESSION_COOKIE } from "../../app/auth/session.server";
import { config } from "../../app/config.server";
import { securityHeaders } from "../../app/security/headers.server";
import { NO_DEV_TOOLS } from "../../app/security/dev-tool-routes.server";
import { requestPipeline } from "../../app/security/pipeline.server";
import { createTestUser } from "../../app/dev-tools/test-support.server";
import * as registerRoute from "../../app/routes/register";
import * as signInRoute from "../../app/routes/sign-in";
import { useTestDatabase } from "../support/database";

// What happens between Express and Remix, in-process: the same middleware list server.ts mounts
// (app/security/pipeline.server.ts), in front of a small Remix build of resource routes that
// read the form and ask who is signed in against the real (test) database. And the sign-in and
// register routes' handling of a place to go back to.

useTestDatabase();

const context = () => ({
  ip: "192.0.2.1",
  nonce: "n",
  requestId: "r",
  setCookies: [] as string[],
  peerIsLoopback: false,
});

// A Remix build with only resource routes, so no document rendering is involved.
function testBuild(): ServerBuild {
  const whoami = async (args: LoaderFunctionArgs | ActionFunctionArgs) => {
    const user = await getCurrentUser(args);
    return Response.json({ email: user?.email ?? null });
  };
  const route = (id: string, path: string, module: Record<string, unknown>) => ({ id, parentId: "root", path, module });
  return {
    mode: "production",
    entry: { module: { default: (_r: Request, status: number) => new Response("page", { status }) } },
    routes: {
      root: { id: "root", path: "", module: {} },
      "routes/echo": route("routes/echo", "echo", {
        action: async ({ request }: ActionFunctionArgs) => Response.json([...(await request.formData())]),
      }),
      "routes/whoami": route("routes/whoami", "whoami", { loader: whoami, action: whoami }),
    },
    assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "test" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: {
      v3_fetcherPersist: true,
      v3_relativeSplatPath: true,
      v3_throwAbortReason: true,
      v3_routeConfig: true,
      v3_singleFetch: true,
      v3_lazyRouteDiscovery: true,
      unstable_optimizeDeps: false,
    },
    isSpaMode: false,
  } as unknown as ServerBuild;
}

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use((_req, res, next) => {
    res.locals.nonce = "n";
    res.locals.requestId = "r";
    next();
  });
  app.use(securityHeaders);
  app.use(requestPipeline({ build: testBuild(), mode: "production", devTools: NO_DEV_TOOLS }));
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const post = (path: string, body: BodyInit | undefined, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: "POST", body, headers, redirect: "manual" });

describe("request bodies that are not forms", () => {
  it("a form, urlencoded or multipart, reaches the action intact", async () => {
    const urlencoded = await post("/echo", "name=Ada+Lovelace&idea=%C2%A3100", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(urlencoded.status).toBe(200);
    expect(await urlencoded.json()).toEqual([
      ["name", "Ada Lovelace"],
      ["idea", "£100"],
    ]);

    const form = new FormData();
    form.set("name", "Grace Hopper");
    const multipart = await post("/echo", form);
    expect(multipart.status).toBe(200);
    expect(await multipart.json()).toEqual([["name", "Grace Hopper"]]);
  });

  it.each([
    ["JSON", '{"name":"x"}', "application/json"],
    ["plain text", "name=x", "text/plain"],
    ["XML", "<name>x</name>", "text/xml"],
  ])("%s is refused with 415 and a page saying what to do", async (_kind, body, type) => {
    const response = await post("/echo", body, { "content-type": type });
    expect(response.status).toBe(415);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toMatch(/only accepts what its own forms send/);
  });

  it("a body with no content type at all is refused with 415", async () => {
    // fetch labels a string body text/plain, so send a typed array, which it leaves unlabelled.
    const response = await post("/echo", new TextEncoder().encode("name=x"));
    expect(response.status).toBe(415);
  });

  it.each([
    [
      "multipart without a boundary",
      "multipart/form-data",
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--x--\r\n',
    ],
    [
      "multipart cut short",
      "multipart/form-data; boundary=x",
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nv',
    ],
    [
      "multipart with another boundary",
      "multipart/form-data; boundary=y",
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--x--\r\n',
    ],
    ["an empty multipart body", "multipart/form-data; boundary=x", ""],
  ])("%s is refused with 400, not a 500 from the action", async (_kind, type, body) => {
    const response = await post("/echo", body, { "content-type": type });
    expect(response.status).toBe(400);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toMatch(/could not be read/);
  });

  it("a body over 1 MB is still 413", async () => {
    const response = await post("/echo", `a=${"x".repeat(1024 * 1024)}`, {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(response.status).toBe(413);
  });

  it("a form with files may be larger (up to 32 MB), but not without bound", async () => {
    const part = (size: number) =>
      `--boundary\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n${"a".repeat(size)}\r\n--boundary--\r\n`;
    const fits = await post("/echo", part(2 * 1024 * 1024), {
      "content-type": "multipart/form-data; boundary=boundary",
    });
    expect(fits.status).toBe(200);
    const tooBig = await post("/echo", part(33 * 1024 * 1024), {
      "content-type": "multipart/form-data; boundary=boundary",
    });
    expect(tooBig.status).toBe(413);
  });

  it("a client that hangs up halfway through its body leaves the server answering the next request", async () => {
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.write(
          "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nname=half",
          () => socket.destroy(),
        );
      });
      socket.on("close", () => resolve());
      socket.on("error", reject);
    });
    const next = await post("/echo", "name=after", { "content-type": "application/x-www-form-urlencoded" });
    expect(await next.json()).toEqual([["name", "after"]]);
  });
});

describe("requests Remix cannot be given", () => {
  it("a Host header that is not a host name gets a 400, not a 500", async () => {
    const { port } = server.address() as AddressInfo;
    const reply = await new Promise<string>((resolve, reject) => {
      let text = "";
      const socket = connect(port, "127.0.0.1", () =>
        socket.write("GET /whoami HTTP/1.1\r\nHost: not a host\r\nConnection: close\r\n\r\n"),
      );
      socket.on("data", (chunk) => (text += chunk.toString()));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply).toContain("could not be read");
  });
});

describe("Cache-Control: no-store for signed-in people", () => {
  it("a response to a signed-in person is never stored; an anonymous one carries no such header", async () => {
    const { user, session } = await createTestUser({ role: "entrant" });
    const cookie = `${SESSION_COOKIE}=${session!.token}`;

    const signedIn = await fetch(`${base}/whoami`, { headers: { cookie } });
    expect(await signedIn.json()).toEqual({ email: user.email });
    expect(signedIn.headers.get("cache-control")).toBe("no-store");

    const form = await post("/whoami", "a=1", { cookie, "content-type": "application/x-www-form-urlencoded" });
    expect(form.headers.get("cache-control")).toBe("no-store");

    // Even the refusals sent before Remix runs.
    const refused = await post("/whoami", "{}", { cookie, "content-type": "application/json" });
    expect(refused.status).toBe(415);
    expect(refused.headers.get("cache-control")).toBe("no-store");
    const crossSite = await post("/whoami", "a=1", {
      cookie,
      origin: "https://evil.example",
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("cache-control")).toBe("no-store");

    const anonymous = await fetch(`${base}/whoami`);
    expect(await anonymous.json()).toEqual({ email: null });
    expect(anonymous.headers.get("cache-control")).toBeNull();
  });

  it("a response that clears a dead session cookie is not stored either", async () => {
    const response = await fetch(`${base}/whoami`, { headers: { cookie: `${SESSION_COOKIE}=not-a-live-session` } });
    expect(await response.json()).toEqual({ email: null });
    expect(response.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});

describe("HSTS", () => {
  it("is sent when APP_URL is https, even though the request reached Express as plain http", async () => {
    const appUrl = config.appUrl;
    try {
      (config as { appUrl: string }).appUrl = "https://challenge.example.gov.uk";
      const response = await fetch(`${base}/whoami`);
      expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    } finally {
      (config as { appUrl: string }).appUrl = appUrl;
    }
    expect(config.appUrl.startsWith("http:")).toBe(true);
    const plain = await fetch(`${base}/whoami`);
    expect(plain.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("where signing in sends someone", () => {
  const password = "correct horse battery staple";

  async function signIn(returnTo: string, query = "") {
    const { user } = await createTestUser({ role: "entrant", password, session: false });
    const body = new URLSearchParams({ email: user.email, password, returnTo });
    const request = new Request(`http://localhost/sign-in${query}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const response = (await signInRoute.action({ request, context: context(), params: {} })) as Response;
    return response;
  }

  it("back to the page they came from, when it is on this site", async () => {
    const response = await signIn("/entries/new?title=My%20idea");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/entries/new?title=My%20idea");
  });

  it.each([
    ["a newline", "/\n/evil.example"],
    ["a tab", "/\t/evil.example"],
    ["two slashes", "//evil.example"],
    ["a backslash", "/\\evil.example"],
    ["encoded slashes", "/%2F%2Fevil.example"],
    ["dot segments", "/.//evil.example"],
    ["another site", "https://evil.example/"],
  ])("to their account page, not a 500 or another site, when returnTo holds %s", async (_kind, returnTo) => {
    const response = await signIn(returnTo);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/account");
  });

  it("the sign-in page never offers an unsafe place to go back to", async () => {
    const request = new Request(`http://localhost/sign-in?returnTo=${encodeURIComponent("/\t/evil.example")}`);
    const data = (await signInRoute.loader({ request, context: context(), params: {} })) as { returnTo: string };
    expect(data.returnTo).toBe("/account");
  });

  it("the register page does not link to it either", async () => {
    const request = new Request(`http://localhost/register?returnTo=${encodeURIComponent("/\t/evil.example")}`);
    const data = (await registerRoute.loader({ request, context: context(), params: {} })) as {
      returnTo: string | null;
    };
    expect(data.returnTo).toBeNull();
  });
});
