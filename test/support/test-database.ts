import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../server/platform/db/database.ts";
import { databaseUrlFor, onServer } from "../global-setup.ts";

export interface TestDatabase {
  database: Database;
  /** URL of the PostgreSQL database (undefined on PGlite). */
  url: string | undefined;
  /** A second pool on the same database (PostgreSQL), or the same instance (PGlite has one owner). */
  connectAgain(): Promise<Database>;
  close(): Promise<void>;
}

/** Which engine this run tests: PostgreSQL when TEST_DATABASE_URL is set, else PGlite. */
export const testEngine = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";

/** The migrated template as a fresh PGlite dump, or a fresh database cloned on the server. */
export async function freshDatabaseSource(): Promise<{
  loadDataDir?: Blob;
  databaseUrl?: string;
  drop(): Promise<void>;
}> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    return {
      loadDataDir: new Blob([readFileSync(inject("pgliteTemplate"))]),
      drop: async () => {},
    };
  }
  const name = `gp_test_${randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplate")}`);
  return {
    databaseUrl: databaseUrlFor(serverUrl, name),
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * A migrated, empty database: in-memory PGlite loaded from the run's template, or a fresh
 * database on the server named by TEST_DATABASE_URL (dropped on close).
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const source = await freshDatabaseSource();
  const open = () =>
    openDatabase({
      dataDir: "unused",
      inMemory: !source.databaseUrl,
      loadDataDir: source.loadDataDir,
      databaseUrl: source.databaseUrl,
    });
  const database = await open();
  const others: Database[] = [];
  return {
    database,
    url: source.databaseUrl,
    async connectAgain() {
      if (!source.databaseUrl) return database;
      const other = await open();
      others.push(other);
      return other;
    },
    async close() {
      for (const each of [database, ...others]) await each.close();
      await source.drop();
    },
  };
}

/** Polls until the check returns a value other than undefined/false; fails after timeoutMs. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 15_000, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
