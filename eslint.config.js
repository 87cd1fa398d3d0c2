import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// Layer fences (docs/development.md#checks): each layer may import only the layers below it.
// Patterns are regular expressions over the import path as written (relative or `~/`).
const testCode = {
  regex: "(^|/)tests(/|$)",
  message: "Product code never imports test code (tests/): test hooks live apart from the product.",
};
const devTools = {
  regex: "(^|/)dev-tools(/|$)",
  message:
    "Product code never imports app/dev-tools/ (test hooks, benchmark pages, the mailbox reader): they are gated in one place by route id, app/security/dev-tool-routes.server.ts.",
};
const routesOrComponents = {
  regex: "^(~|(\\.\\./)*\\.\\.(/app)?)/(routes|components)(/|$)",
  message: "Services never import routes or components: a service returns data, the route renders it.",
};
const domainFence = [
  testCode,
  devTools,
  {
    regex: "^(~|(\\.\\./)*\\.\\.(/app)?)/(services|auth|security|routes|components)(/|$)",
    message:
      "app/domain is pure rules: it imports no service, auth, security, route or component code (those call the domain, not the other way).",
  },
  {
    regex: "\\.server(\\.[cm]?[jt]sx?)?$",
    message: "app/domain is pure rules: it imports no *.server module.",
  },
  {
    // Types from db/schema (a status union, a row shape) are fine; the database client is not.
    regex: "(^|/)db(/|$)",
    allowTypeImports: true,
    message: "app/domain does no I/O: import only types from db/ (`import type`), never the database code.",
  },
];

export default tseslint.config(
  { ignores: ["build/", "public/build/", ".data/", "node_modules/", "test-results/", "playwright-report/", ".cache/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-empty-pattern": "off",
    },
  },
  {
    // Playwright's fixture callback `use` and helpers like `useTestDatabase` are not React hooks.
    files: ["tests/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  // ---- Layer fences. A later block replaces the rule for the files it matches, so each lists
  // every pattern its files must respect.
  {
    files: ["app/**/*.{ts,tsx}", "db/**/*.ts", "emails/**/*.{ts,tsx}", "server.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [testCode, devTools] }] },
  },
  {
    // Test code of the app's own: it may use the product, and the product may not use it.
    files: ["app/dev-tools/**/*.{ts,tsx}"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [testCode] }] },
  },
  {
    files: ["app/services/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [testCode, devTools, routesOrComponents] }],
    },
  },
  {
    files: ["app/domain/**/*.{ts,tsx}"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: domainFence }] },
  },
  // ---- Typed rules for the product code: a promise nobody awaits loses its error (and, in a
  // request, its ordering). Fire-and-forget is written `void promise` with a comment saying why.
  {
    files: ["app/**/*.{ts,tsx}", "db/**/*.ts", "server.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
    },
  },
);
