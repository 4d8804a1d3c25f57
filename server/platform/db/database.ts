import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Extensions, PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { acquireLock, type DataDirLock } from "./lock.ts";
import { startCheckpoints } from "./pglite-checkpoints.ts";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
/** A database or a transaction: handlers take either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export const MIGRATIONS_FOLDER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "migrations",
);

export interface Database {
  kind: "pglite" | "postgres";
  db: Db;
  /** PostgreSQL only: a dedicated connection for LISTEN. */
  listen?(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * PostgreSQL only: NOTIFY each payload (parameters), in order, in one transaction. Listeners
   * get one of several identical payloads sent together: make them differ.
   */
  notify?(channel: string, payloads: string[]): Promise<void>;
  /** The data-dir lock, PGlite only. */
  lock?: DataDirLock;
  /** The embedded instance, for dumps in tests and backups. */
  pglite?: PGlite;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  /** Start PGlite from a migrated dump instead of an empty directory (tests). */
  loadDataDir?: Blob;
  /** In-memory PGlite (tests); no lock is taken. */
  inMemory?: boolean;
}

const MIGRATION_LOCK_KEY = 727_274_001; // arbitrary, stable: serialises migrations across instances

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on("error", () => {}); // idle client errors surface on the next query instead
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    kind: "postgres",
    db,
    async listen(channel, onMessage) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      client.on("notification", (msg) => {
        if (msg.channel === channel && msg.payload) onMessage(msg.payload);
      });
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      return async () => {
        await client.end();
      };
    },
    async notify(channel, payloads) {
      // The function scan yields the array in order, so the notifications go out in order.
      await pool.query("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p", [channel, payloads]);
    },
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
        client.release();
      }
    },
    async ping() {
      await pool.query("SELECT 1");
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPglite(options: OpenOptions): Promise<Database> {
  const lock = options.inMemory ? undefined : acquireLock(options.dataDir);
  try {
    const dir = options.inMemory ? undefined : path.join(options.dataDir, "pglite");
    const pglite = await createPglite(dir, options.loadDataDir);
    const db = drizzlePglite(pglite, { schema }) as unknown as Db;
    const checkpoints = startCheckpoints(pglite);
    return {
      kind: "pglite",
      db,
      lock,
      pglite,
      async migrate() {
        await migratePglite(drizzlePglite(pglite, { schema }), {
          migrationsFolder: MIGRATIONS_FOLDER,
        });
      },
      async ping() {
        await db.execute(sql`SELECT 1`);
      },
      async close() {
        await checkpoints.stop();
        await pglite.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

// PostgreSQL's default of 128 MB is zeroed, hence resident, from the start (WASM memory never
// shrinks); PGlite reads its files through the OS page cache, which keeps the rest of a hot
// working set in memory anyway. 32 MB holds the indexes the dashboards hit: start-up RSS
// ~100 MiB lower.
const PGLITE_SHARED_BUFFERS = "32MB";

/**
 * Opens PGlite. A cluster PGlite initialises itself (initdb) keeps what initdb allocated, about
 * 400 MiB, for the life of that instance: a new data dir is initialised in a child process
 * (pglite-initdb.mjs) and then opened.
 */
async function createPglite(dir: string | undefined, loadDataDir?: Blob): Promise<PGlite> {
  const extensions = await optionalPgliteExtensions();
  const startParams = [
    ...PGlite.defaultStartParams,
    "-c",
    `shared_buffers=${PGLITE_SHARED_BUFFERS}`,
    // A new WAL segment is not first filled with 16 MB of zeros: zeroing them was ~10 % of a
    // stored log line's cost (bench/RESULTS.md, 2026-11-28 03:30).
    "-c",
    "wal_init_zero=off",
  ];
  if (dir && !loadDataDir && !existsSync(path.join(dir, "PG_VERSION")))
    await initPgliteDir(dir, startParams);
  return PGlite.create(dir, { loadDataDir, extensions, startParams });
}

const INITDB_SCRIPT = fileURLToPath(new URL("./pglite-initdb.mjs", import.meta.url));

/** Runs initdb for a new data dir in a child process, whose memory goes back when it exits. */
async function initPgliteDir(dir: string, startParams: string[]): Promise<void> {
  const child = spawn(process.execPath, [INITDB_SCRIPT, dir, JSON.stringify(startParams)], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, "close")) as [number | null];
  if (code !== 0) {
    throw new Error(`PGlite could not initialise ${dir} (exit ${code}): ${stderr.trim()}`);
  }
}

// pgvector for PGlite ships as its own small package (the extension's WASM, ~50 kB; its peer
// pin on PGlite is overridden in package.json, verified with 0.5.16). It is loaded when
// installed; without it semantic search falls back to an exact scan, as on a PostgreSQL
// server without pgvector, so a slim install keeps working. Loading only registers the
// bundle (cheap); `CREATE EXTENSION` runs on the first semantic search.
const PGVECTOR_PACKAGE = "@electric-sql/pglite-pgvector";

// pg_trgm ships inside PGlite itself (contrib); migration 0022 creates it and the trigram
// indexes of inventory search.
async function optionalPgliteExtensions(): Promise<Extensions> {
  try {
    const mod = (await import(PGVECTOR_PACKAGE)) as { vector?: Extensions[string] };
    return mod.vector ? { vector: mod.vector, pg_trgm } : { pg_trgm };
  } catch {
    return { pg_trgm };
  }
}

/** Opens PostgreSQL when a URL is given, else the embedded PGlite under the data dir. */
export function openDatabase(options: OpenOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options);
}
