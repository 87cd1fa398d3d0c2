import { randomBytes, randomUUID } from "node:crypto";
import type { Server } from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { getDatabase, openDatabase, setDatabase } from "./db/client";
import { migrateToLatest } from "./db/migrate";
import { config } from "./app/config.server";
import { demoAccountLines } from "./app/domain/demo-accounts";
import { startOutboxWorker } from "./app/services/outbox.server";
import { startScheduler } from "./app/services/scheduler.server";
import { securityHeaders } from "./app/security/headers.server";
import { refuseCrossOriginWrites } from "./app/security/origin.server";
import { deferredCookies } from "./app/security/deferred-cookies.server";
import { limitBodySize } from "./app/security/body-limit.server";

// The production server: security headers, compression, request ids, static files, the Remix
// handler, the email worker, and a graceful shutdown that drains requests and closes the database.

async function main() {
  const started = Date.now();
  // Loading the app's code and opening the database are independent: do both at once.
  const buildPath = path.resolve("build/index.js");
  const buildLoading = import(buildPath) as Promise<ServerBuild>;
  buildLoading.catch(() => {}); // reported by the await below
  const handle = await openDatabase();
  setDatabase(handle);
  const applied = await migrateToLatest(handle.db);
  if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);

  const build = await buildLoading;

  const app = express();
  app.disable("x-powered-by");
  if (config.trustProxy) app.set("trust proxy", config.trustProxy);

  app.use((req, res, next) => {
    const requestId = req.get("x-request-id")?.slice(0, 100) || randomUUID();
    res.locals.requestId = requestId;
    res.locals.nonce = randomBytes(16).toString("base64");
    res.setHeader("X-Request-Id", requestId);
    next();
  });
  app.use(securityHeaders);
  app.use(compression());

  app.get("/healthz", async (_req, res) => {
    try {
      await getDatabase().db.selectNoFrom((eb) => eb.lit(1).as("ok")).execute();
      res.status(200).type("text/plain").send("ok");
    } catch {
      res.status(503).type("text/plain").send("database unavailable");
    }
  });

  // Remix fingerprints its own assets, so they can be cached for a year.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));

  app.use(refuseCrossOriginWrites);
  app.use(limitBodySize);
  app.use(deferredCookies);

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: config.production ? "production" : "development",
      getLoadContext: (req, res) => ({
        nonce: res.locals.nonce as string,
        requestId: res.locals.requestId as string,
        ip: req.ip ?? "unknown",
        setCookies: res.locals.setCookies as string[],
      }),
    }),
  );

  const worker = config.runEmailWorker ? startOutboxWorker() : undefined;
  const scheduler = config.runEmailWorker ? startScheduler() : undefined;

  const server: Server = app.listen(config.port, config.host, () => {
    console.log(
      `Community Recovery Innovation Challenge is running at ${config.appUrl} ` +
        `(${handle.engine} database at ${handle.location}; ready in ${Date.now() - started} ms)`,
    );
    if (config.demoMode) for (const line of demoAccountLines()) console.log(line);
  });
  server.keepAliveTimeout = 65_000;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing requests in flight, then stopping`);
    const force = setTimeout(() => {
      console.error("Requests did not finish within 10 s; stopping anyway");
      process.exit(1);
    }, 10_000);
    force.unref();
    server.close(async () => {
      try {
        await scheduler?.stop();
        await worker?.stop();
        await handle.close();
        process.exit(0);
      } catch (error) {
        console.error("Error while stopping", error);
        process.exit(1);
      }
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error("The server could not start:", error);
  process.exit(1);
});
