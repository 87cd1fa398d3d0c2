// Loaded before the app in the e2e server (`node --import`): React, React DOM and React Router in
// their production builds, as the deployed service runs them. The app itself must run with
// NODE_ENV=test (the test hooks are never on in production), and these packages pick their build
// by NODE_ENV when first loaded: the development builds check every element and prop as they
// render, which cost the app about a seventh more CPU time for the same pages (measured with
// --cpu-prof over the same 900 requests). Loaded once here with NODE_ENV=production, they stay
// loaded (the app's imports get these same modules); everything else sees NODE_ENV=test.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.resolve(import.meta.dirname, "../../../package.json"));
const nodeEnv = process.env.NODE_ENV;
process.env.NODE_ENV = "production";
try {
  for (const name of [
    "react",
    "react/jsx-runtime",
    "react-dom",
    "react-dom/server",
    "react-router",
    "react-router-dom",
  ])
    require(name);
} finally {
  process.env.NODE_ENV = nodeEnv;
}
