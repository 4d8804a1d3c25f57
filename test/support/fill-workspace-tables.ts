import { sql } from "drizzle-orm";
import { rowsOf } from "../../server/platform/db/copy.ts";
import type { Db } from "../../server/platform/db/database.ts";

interface Column {
  table: string;
  column: string;
  udt: string;
  typtype: string;
  notNull: boolean;
  hasDefault: boolean;
  /** Referenced "table.column" when the column is (the first column of) a foreign key. */
  ref: string | null;
  /** CHECK constraint texts naming the column (for allowed text values). */
  checks: string | null;
}

const rowsQ = async <T>(db: Db, q: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(q));

/** Every base or partitioned table of the schema that has a workspace_id column. */
export async function workspaceKeyedTables(db: Db): Promise<string[]> {
  const rows = await rowsQ<{ name: string }>(
    db,
    sql`SELECT c.relname AS name FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

async function columnsOf(db: Db, table: string): Promise<Column[]> {
  return rowsQ<Column>(
    db,
    sql`SELECT c.relname AS "table", a.attname AS "column", t.typname AS udt, t.typtype AS typtype,
        a.attnotnull AS "notNull",
        (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '') AS "hasDefault",
        (SELECT rc.relname || '.' || ra.attname FROM pg_constraint k
           JOIN pg_class rc ON rc.oid = k.confrelid
           JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[array_position(k.conkey, a.attnum)]
           WHERE k.conrelid = c.oid AND k.contype = 'f' AND a.attnum = ANY(k.conkey) LIMIT 1) AS ref,
        (SELECT string_agg(pg_get_constraintdef(k.oid), ' ') FROM pg_constraint k
           WHERE k.conrelid = c.oid AND k.contype = 'c' AND a.attnum = ANY(k.conkey)) AS checks
      FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_type t ON t.oid = a.atttypid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relname = ${table} ORDER BY a.attnum`,
  );
}

/** A plausible value for a NOT NULL column without a default, as SQL. */
async function valueFor(db: Db, col: Column, workspaceId: string) {
  if (col.column === "workspace_id") return sql`${workspaceId}::uuid`;
  if (col.ref) {
    const [refTable, refColumn] = col.ref.split(".") as [string, string];
    const scoped = (await workspaceKeyedTables(db)).includes(refTable);
    const [row] = await rowsQ<{ v: unknown }>(
      db,
      sql`SELECT ${sql.identifier(refColumn)}::text AS v FROM ${sql.identifier(refTable)}
        ${scoped ? sql`WHERE workspace_id = ${workspaceId}` : sql``} LIMIT 1`,
    );
    if (!row) return undefined; // the referenced table is not filled yet: try in a later pass
    return sql`${row.v}::${sql.raw(col.udt)}`;
  }
  const allowed = col.checks?.match(/'([^']*)'::/)?.[1];
  if (col.typtype === "e") {
    return sql`(SELECT enumlabel::${sql.identifier(col.udt)} FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = ${col.udt} ORDER BY enumsortorder LIMIT 1)`;
  }
  if (col.udt.startsWith("_")) return sql.raw(`'{}'::${col.udt.slice(1)}[]`);
  switch (col.udt) {
    case "uuid":
      return sql`gen_random_uuid()`;
    case "text":
    case "varchar":
    case "bpchar":
    case "citext":
      return sql`${allowed ?? `x-${Math.random().toString(36).slice(2, 10)}`}`;
    case "int2":
    case "int4":
    case "int8":
    case "numeric":
    case "float4":
    case "float8":
      return sql.raw(`1::${col.udt}`);
    case "bool":
      return sql`false`;
    case "timestamptz":
    case "timestamp":
      return sql`now()`;
    case "date":
      return sql`current_date`;
    case "json":
    case "jsonb":
      return sql.raw(`'{}'::${col.udt}`);
    case "bytea":
      return sql`'\\x00'::bytea`;
    case "interval":
      return sql`interval '1 hour'`;
    case "inet":
      return sql`'127.0.0.1'::inet`;
    case "tsvector":
      return sql`''::tsvector`;
    default:
      throw new Error(`${col.table}.${col.column}: no test value for type ${col.udt}`);
  }
}

/**
 * Puts at least one row of the workspace into every workspace-keyed table that has none yet,
 * from the catalog: NOT NULL columns get a value of their type (a referenced row of the same
 * workspace for foreign keys, the first value a CHECK names for text). Tables are retried in
 * passes until their referenced tables are filled. Returns the tables it could not fill, with
 * the database's reason.
 */
export async function fillWorkspaceTables(db: Db, workspaceId: string) {
  let pending = new Map<string, string>();
  for (const table of await workspaceKeyedTables(db)) {
    const [has] = await rowsQ<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE workspace_id = ${workspaceId}`,
    );
    if (!has?.n) pending.set(table, "not tried");
  }
  for (let pass = 0; pass < 8 && pending.size > 0; pass++) {
    const next = new Map<string, string>();
    for (const table of pending.keys()) {
      try {
        const columns = (await columnsOf(db, table)).filter(
          (c) => c.column === "workspace_id" || (c.notNull && !c.hasDefault),
        );
        const values = [];
        for (const c of columns) {
          const value = await valueFor(db, c, workspaceId);
          if (value === undefined) throw new Error(`waits for ${c.ref}`);
          values.push(value);
        }
        const names = sql.join(
          columns.map((c) => sql.identifier(c.column)),
          sql`, `,
        );
        await db.execute(
          sql`INSERT INTO ${sql.identifier(table)} (${names}) VALUES (${sql.join(values, sql`, `)})`,
        );
      } catch (error) {
        const cause = (error as { cause?: { message?: string } }).cause?.message;
        next.set(table, cause ?? (error as Error).message);
      }
    }
    pending = next;
  }
  return pending;
}
