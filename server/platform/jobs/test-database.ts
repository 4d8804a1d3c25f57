import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "../db/database.ts";

export interface TestDatabase {
  database: Database;
  /** A second pool on the same database (PostgreSQL), or the same instance (PGlite has one owner). */
  connectAgain(): Promise<Database>;
  close(): Promise<void>;
}

async function onServer(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A migrated, empty database: in-memory PGlite, or a fresh database on the server named by
 * TEST_DATABASE_URL (created here and dropped on close, so parallel files never collide).
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: "unused", inMemory: true });
    await database.migrate();
    return { database, connectAgain: async () => database, close: () => database.close() };
  }
  const name = `gp_test_${randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  // postgres://user@/db?host=/socket is not a WHATWG URL, so the path is swapped textually.
  const url = serverUrl.replace(/^(postgres(?:ql)?:\/\/[^/]*)(\/[^?]*)?/, `$1/${name}`);
  const open = () => openDatabase({ dataDir: "unused", databaseUrl: url });
  const database = await open();
  await database.migrate();
  const others: Database[] = [];
  return {
    database,
    async connectAgain() {
      const other = await open();
      others.push(other);
      return other;
    },
    async close() {
      for (const each of [database, ...others]) await each.close();
      await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
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
