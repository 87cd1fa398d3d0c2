import cluster from "node:cluster";
import { randomBytes, randomUUID } from "node:crypto";
import type { Server } from "node:http";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { getDatabase, openDatabase, setDatabase, type DatabaseHandle } from "./db/client";
import { migrateAsOwner } from "./db/migrate";
import { auditTrailExposure } from "./db/roles";
import { config, startupWarnings } from "./app/config.server";
import { checkStart } from "./app/services/platform/start-checks.server";
import { startOutboxWorker } from "./app/services/email/outbox.server";
import { startScheduler } from "./app/services/platform/scheduler.server";
import { securityHeaders } from "./app/security/headers.server";
import { requestPipeline } from "./app/security/pipeline.server";

// The production server: security headers, compression, request ids, static files, the Remix
// handler, the email worker, and a graceful shutdown that drains requests and closes the database.

const HEALTH_TIMEOUT_MS = 2_000;

/**
 * WEB_CONCURRENCY > 1 (PostgreSQL only): this process applies the migrations once, then runs that
 * many copies of the server sharing the port, and replaces one that dies. Only the first copy runs
 * the email worker and the scheduler (both are safe to run twice, but there is no need).
 */
async function supervise(processes: number) {
  if (!config.databaseUrl) {
    console.error("WEB_CONCURRENCY above 1 needs DATABASE_URL: the embedded database belongs to one process.");
    process.exit(1);
  }
  const handle = await openDatabase();
  const applied = await migrateAsOwner(handle.db, config.databaseOwnerUrl);
  if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
  const start = await checkStart(config, handle.db);
  const roleLines = await auditRoleLines(handle);
  await handle.close();
  if (!start.ok) refuseToStart(start.message);
  announce([...start.lines, ...roleLines]);

  let stopping = false;
  const fork = (index: number) => {
    const child = cluster.fork({ CRIC_WORKER_INDEX: String(index) });
    child.on("exit", (code, signal) => {
      if (stopping) return;
      console.error(`Server process ${index} stopped (${signal ?? code}); starting another`);
      setTimeout(() => fork(index), 1_000).unref();
    });
  };
  for (let index = 0; index < processes; index++) fork(index);

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: stopping ${processes} server processes`);
    for (const child of Object.values(cluster.workers ?? {})) child?.process.kill(signal);
  };
  cluster.on("exit", () => {
    if (stopping && Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

/**
 * On PostgreSQL, a warning when the app's role could alter the audit trail (it is the owner, or has
 * been given more than reading and adding): the hash chain still shows tampering, but the role
 * should not be able to do it (README, "Running on PostgreSQL").
 */
async function auditRoleLines(handle: DatabaseHandle): Promise<string[]> {
  if (handle.engine !== "postgres") return [];
  const exposure = await auditTrailExposure(handle.db);
  if (!exposure.length) return [];
  return [
    `Warning: the database role in DATABASE_URL ${exposure.join(" and ")}: the audit trail can be altered ` +
      "from the running service. Run it as a restricted role (README, Running on PostgreSQL).",
  ];
}

async function main() {
  const started = Date.now();
  const workerIndex = cluster.isWorker ? Number(process.env.CRIC_WORKER_INDEX ?? 0) : 0;
  // Loading the app's code and opening the database are independent: do both at once.
  const buildPath = path.resolve("build/index.js");
  const buildLoading = import(buildPath) as Promise<ServerBuild>;
  buildLoading.catch(() => {}); // reported by the await below
  const handle = await openDatabase();
  setDatabase(handle);
  // With several processes the supervisor has already migrated and checked.
  let startLines: string[] = [];
  if (!cluster.isWorker) {
    const applied = await migrateAsOwner(handle.db, config.databaseOwnerUrl);
    if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
    const start = await checkStart(config, handle.db);
    if (!start.ok) {
      await handle.close();
      refuseToStart(start.message);
    }
    startLines = [...start.lines, ...(await auditRoleLines(handle))];
  }

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
  // A load balancer or monitor asks this every few seconds: 200 only when the database answers,
  // and within two seconds either way, so an outage shows as 503 with its reason, never a hang.
  app.get("/healthz", async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("no answer within 2 s")), HEALTH_TIMEOUT_MS);
    });
    try {
      await Promise.race([
        getDatabase()
          .db.selectNoFrom((eb) => eb.lit(1).as("ok"))
          .execute(),
        timeout,
      ]);
      res.status(200).type("text/plain").send("ok");
    } catch (error) {
      res
        .status(503)
        .set("Cache-Control", "no-store")
        .type("text/plain")
        .send(`database unavailable: ${healthReason(error)}`);
    } finally {
      clearTimeout(timer);
    }
  });

  // Remix fingerprints its own assets, so they can be cached for a year.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Every public file has an extension: pages (which have none) skip the look-up on disk.
  const publicFiles = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));

  app.use(requestPipeline({ build, mode: config.remixMode, devTools: config }));

  const background = config.runEmailWorker && workerIndex === 0;
  const worker = background ? startOutboxWorker() : undefined;
  const scheduler = background ? startScheduler() : undefined;

  const server: Server = app.listen(config.port, config.host, () => {
    if (workerIndex > 0) return;
    console.log(
      `Community Recovery Innovation Challenge is running at ${config.appUrl} ` +
        `(listening on ${config.host}:${config.port}${config.demoMode ? ", demo mode" : ""}; ` +
        `${handle.engine} database at ${handle.location}; ready in ${Date.now() - started} ms)`,
    );
    // With several processes the supervisor has already told the terminal.
    if (!cluster.isWorker) announce(startLines);
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

/**
 * Why the database did not answer, in words for whoever watches the monitor, without addresses or
 * other detail of the set-up (anyone can ask /healthz).
 */
function healthReason(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code;
  const message = error instanceof Error ? error.message : "";
  if (message === "no answer within 2 s") return "no answer within 2 s";
  if (code === "ECONNREFUSED") return "it refused the connection (not running?)";
  if (code === "ETIMEDOUT" || code === "EHOSTUNREACH" || code === "ENOTFOUND") return "it cannot be reached";
  if (code === "57P03") return "it is starting up or shutting down";
  if (code === "57P01" || code === "57P02") return "it ended the connection (restarting?)";
  if (message.includes("timeout exceeded when trying to connect")) return "no connection within the time allowed";
  if (message.includes("Connection terminated")) return "the connection was cut";
  return "it answered with an error";
}

/** What the person who started the server needs to know: demo accounts, or the set-up link. */
function announce(lines: string[]) {
  for (const line of lines) console.log(line);
  for (const warning of startupWarnings(config)) console.warn(`Warning: ${warning}`);
}

function refuseToStart(message: string): never {
  console.error(`The server will not start. ${message}`);
  process.exit(1);
}

(cluster.isPrimary && config.webConcurrency > 1 ? supervise(config.webConcurrency) : main()).catch((error) => {
  console.error("The server could not start:", error);
  process.exit(1);
});
