/**
 * The PostgreSQL server the integration tests use, or undefined for the embedded engine.
 * TEST_DATABASE_URL wins over DATABASE_URL; TEST_DB=pglite forces the embedded engine even when
 * a server is configured (CI runs the integration suite on both).
 */
export function testServerUrl(): string | undefined {
  if (process.env.TEST_DB === "pglite") return undefined;
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The same server and database, connecting as another role. */
export function withRole(url: string, role: { name: string; password: string }): string {
  const parsed = new URL(url);
  parsed.username = role.name;
  parsed.password = role.password;
  return parsed.toString();
}
