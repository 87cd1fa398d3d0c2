// `npm start`: builds the app if it has not been built, prepares the database, and runs the
// server. With no DATABASE_URL the embedded database lives in ./.data/; the first start creates
// it and loads the demo data in a short-lived child process, because creating a PGlite database
// leaves ~800 MB resident in the process that does it, and the server should not carry that for
// its whole life (docs/decisions/003-embedded-database-created-in-a-child-process.md).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
const args = new Set(process.argv.slice(2));

// `npm start` always runs in production mode, demo or not: no stack traces in error pages,
// React's production build on the server, no test hooks or bench routes whatever else is set.
// Demo mode is a separate switch (DEMO_MODE, default on without DATABASE_URL). Only `npm run dev`
// (which passes --dev, under `remix dev`) runs in development mode.
process.env.NODE_ENV = args.has("--dev") ? "development" : "production";

function run(command, commandArgs, label) {
  const result = spawnSync(command, commandArgs, { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`${label} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

const built = ["build/index.js", "build/server.mjs", "build/cli.mjs", "public/styles.css"].every((f) => existsSync(f));
if (!args.has("--no-build")) {
  const stale = built && newestSource() > statSync("build/index.js").mtimeMs;
  if (!built || stale) {
    console.log(built ? "Sources changed since the last build: building..." : "First run: building the app...");
    run("npm", ["run", "--silent", "build"], "The build");
  }
}

// The embedded database is PostgreSQL compiled to WebAssembly. By default V8 also recompiles hot
// WebAssembly with its optimising compiler in the background; on two cores that made opening the
// database take ~1 s instead of ~0.5 s and the first requests several times slower, with the same
// CPU time per query afterwards (measured with a page-like query mix). So it is compiled once, by
// the baseline compiler. The flag must be set before any WebAssembly is compiled: here, before
// the server is imported, and on the setup process's command line.
const wasmFlags = process.env.DATABASE_URL ? [] : ["--liftoff-only"];
for (const flag of wasmFlags) v8.setFlagsFromString(flag);

// The embedded database is created, migrated and given its demo data by a separate process that
// then exits, freeing the memory creating it takes. Once that has finished (db/cli.ts writes the
// marker beside the database folder), later starts skip it: the server opens the database once
// and applies any new migrations itself.
if (!process.env.DATABASE_URL) {
  const dataRoot = path.resolve(process.env.DATA_DIR ?? ".data");
  const ready =
    existsSync(path.join(dataRoot, "pglite", "PG_VERSION")) && existsSync(path.join(dataRoot, "setup-complete.json"));
  if (!ready) run(process.execPath, [...wasmFlags, "build/cli.mjs", "setup"], "Preparing the embedded database");
}

await import(path.join(root, "build/server.mjs"));

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of safeReaddir(dir)) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ["app", "db", "emails"]) walk(path.join(root, dir));
  for (const file of ["server.ts", "remix.config.js", "package.json"]) {
    if (existsSync(file)) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

function safeReaddir(dir) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
