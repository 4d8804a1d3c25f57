/**
 * What COPY into cost_line_items pays for, per row: the same COPY tuples (the importer's own
 * binary ones, from a CUR file) copied into a freshly migrated database with the table's
 * indexes changed one at a time, each inside a transaction that is rolled back.
 *
 *   node --import tsx bench/costs/copy-variants.ts --file /tmp/cur-200k.csv [--targets pglite,postgres]
 *
 * Prints one line per (target, variant, run): wall s, µs per row of wall and of the database's
 * CPU.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { costImports } from "../../server/modules/costs/costs.schema.ts";
import { detectFormat } from "../../server/modules/costs/formats/index.ts";
import { LEDGER_TARGET } from "../../server/modules/costs/import/importer.ts";
import { LedgerChunkWriter } from "../../server/modules/costs/import/ledger-binary.ts";
import { CHUNK_ROWS } from "../../server/modules/costs/import/ledger-lines.ts";
import { openSource } from "../../server/modules/costs/import/readers.ts";
import { copyBinary, rowsOf } from "../../server/platform/db/copy.ts";
import { type Db, openDatabase } from "../../server/platform/db/database.ts";
import { workspaces } from "../../server/platform/workspaces/workspaces.schema.ts";

const { values: args } = parseArgs({
  options: {
    file: { type: "string" },
    targets: { type: "string", default: "pglite,postgres" },
    "database-url": {
      type: "string",
      default: process.env.BENCH_DATABASE_URL ?? "postgres://postgres:postgres@localhost/postgres",
    },
    runs: { type: "string", default: "2" },
    variants: { type: "string" },
  },
});
if (!args.file) throw new Error("--file <CUR csv> is required");

/** The importer's COPY chunks of the file, for this workspace and import. */
async function copyChunks(
  file: string,
  workspaceId: string,
  importId: string,
): Promise<{ chunks: Uint8Array<ArrayBuffer>[]; rows: number }> {
  const source = await openSource(file);
  const format = detectFormat(source.columns);
  if (!format) throw new Error(`${file}: no format claims its columns`);
  const mapRow = format.createMapper(source.columns);
  const writer = new LedgerChunkWriter(workspaceId, importId);
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let line = 0;
  let rows = 0;
  for await (const record of source.records()) {
    line++;
    const row = mapRow(record);
    if (!row) continue;
    writer.add(line, row);
    rows++;
    if (writer.rows === CHUNK_ROWS) chunks.push(writer.take());
  }
  if (writer.rows > 0) chunks.push(writer.take());
  return { chunks, rows };
}

type Variant = { name: string; ddl: (db: Db) => Promise<void> };

async function namesOf(db: Db, query: ReturnType<typeof sql>): Promise<string[]> {
  return rowsOf<{ name: string }>(await db.execute(query)).map((r) => r.name);
}
const secondaryIndexes = (db: Db) =>
  namesOf(
    db,
    sql`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'cost_line_items' AND indexname NOT LIKE '%_pk%'`,
  );
async function dropIndexes(db: Db, keep: (name: string) => boolean = () => false) {
  for (const name of await secondaryIndexes(db))
    if (!keep(name)) await db.execute(sql.raw(`DROP INDEX "${name}"`));
}
async function dropPrimaryKey(db: Db) {
  await db.execute(
    sql`ALTER TABLE cost_line_items DROP CONSTRAINT cost_line_items_import_id_source_row_pk`,
  );
}
const VARIANTS: Variant[] = [
  { name: "as migrated", ddl: async () => {} },
  { name: "no secondary index (the key kept)", ddl: (db) => dropIndexes(db) },
  {
    name: "bare: no index, no primary key",
    ddl: async (db) => {
      await dropIndexes(db);
      await dropPrimaryKey(db);
    },
  },
];

async function main() {
  const file = args.file as string;
  const wanted = args.variants?.split(",").map(Number);
  const variants = wanted ? VARIANTS.filter((_, i) => wanted.includes(i)) : VARIANTS;
  for (const kind of (args.targets as string).split(",")) {
    const dataDir = mkdtempSync(path.join(tmpdir(), "gp-copy-variants-"));
    const database = await openDatabase(
      kind === "postgres" ? { databaseUrl: args["database-url"], dataDir } : { dataDir },
    );
    try {
      await database.migrate();
      const [ws] = await database.db
        .insert(workspaces)
        .values({ name: "COPY bench" })
        .returning({ id: workspaces.id });
      const workspaceId = ws!.id;
      const [record] = await database.db
        .insert(costImports)
        .values({
          workspaceId,
          fileName: "bench",
          format: "aws-cur",
          container: "csv",
          bytes: 0,
          rows: 0,
          status: "importing",
          periods: [],
          durationMs: 0,
        })
        .returning({ id: costImports.id });
      const t0 = performance.now();
      const { chunks, rows } = await copyChunks(file, workspaceId, record!.id);
      const bytes = chunks.reduce((n, c) => n + c.length, 0);
      console.log(
        `${rows} rows, ${(bytes / rows).toFixed(0)} bytes a row, made in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      for (let run = 0; run < Number(args.runs); run++)
        for (const variant of variants) {
          const { ms, cpuMs } = await database.db
            .transaction(async (tx) => {
              await variant.ddl(tx);
              const backend = await cpuClock(tx, kind);
              const started = performance.now();
              for (const chunk of chunks) await copyBinary(tx, LEDGER_TARGET, [chunk]);
              const elapsed = performance.now() - started;
              throw new Rollback(elapsed, await backend());
            })
            .catch((e) => {
              if (e instanceof Rollback) return e;
              throw e;
            });
          const load = loadavg()[0]!.toFixed(1);
          console.log(
            `${kind}\t${variant.name}\trun ${run + 1}\t${(ms / 1000).toFixed(2)} s\t${((ms * 1000) / rows).toFixed(1)} µs/row wall\t${((cpuMs * 1000) / rows).toFixed(1)} µs/row CPU\tload ${load}`,
          );
        }
    } finally {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

/**
 * A CPU clock for the database's work: PGlite runs in this process (its CPU is ours);
 * PostgreSQL's backend is another process on this machine, read from /proc. CPU time, unlike
 * wall time, barely moves with the other sessions' load.
 */
async function cpuClock(db: Db, kind: string): Promise<() => Promise<number>> {
  if (kind !== "postgres") {
    const start = process.cpuUsage();
    return async () => {
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 1000;
    };
  }
  const [row] = rowsOf<{ pid: number }>(await db.execute(sql`SELECT pg_backend_pid() AS pid`));
  const ticks = () => {
    const fields = readFileSync(`/proc/${row!.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  };
  const start = ticks();
  return async () => ((ticks() - start) * 1000) / 100; // USER_HZ is 100 on Linux
}

class Rollback extends Error {
  constructor(
    readonly ms: number,
    readonly cpuMs: number,
  ) {
    super("rollback");
  }
}

await main();
