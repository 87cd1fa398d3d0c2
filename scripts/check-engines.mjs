// Which Node versions satisfy every installed package's `engines.node`? Run after changing
// dependencies (`npm run check:engines`) and keep package.json's own `engines.node` to what it
// prints, so `npm ci` on the declared Node version never warns that a package needs a newer one.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";

const require = createRequire(import.meta.url);
const semver = require("semver");
const own = JSON.parse(fs.readFileSync("package.json", "utf8")).engines?.node;

/** Every installed package's folder. npm ls exits non-zero on any problem in the tree (an extraneous
 * package, say) but still lists it, which is all this needs. */
function installed() {
  try {
    return execFileSync("npm", ["ls", "--all", "--parseable"], {
      encoding: "utf8",
      maxBuffer: 1e8,
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch (error) {
    if (typeof error.stdout === "string" && error.stdout) return error.stdout;
    throw error;
  }
}
const dirs = installed().split("\n").filter(Boolean).slice(1);
const engines = [];
for (const dir of dirs) {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    if (pkg.engines?.node) engines.push({ name: `${pkg.name}@${pkg.version}`, range: pkg.engines.node });
  } catch {
    // A package without a readable package.json declares nothing.
  }
}
const unmet = engines.filter((e) => !semver.subset(own, e.range, { includePrerelease: false }));
console.log(`${engines.length} installed packages declare engines.node; the project declares "${own}".`);
if (unmet.length) {
  console.log("Not covered by the project's range:");
  for (const e of unmet) console.log(`  ${e.name} needs ${e.range}`);
  process.exitCode = 1;
} else {
  console.log("Every Node version the project allows satisfies every package.");
}
