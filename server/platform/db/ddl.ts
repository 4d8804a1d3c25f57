import { sql } from "drizzle-orm";
import type { Db } from "./database.ts";
import { sqlStateOf } from "./sql-state.ts";

/**
 * What an idempotent DDL statement may meet when another instance (or request) ran it at the
 * same moment: a create finds a duplicate in the catalog (23505) or the object existing (42P07,
 * 42710); a drop finds it already gone (42704). Each means the goal is reached. 42704 is only
 * forgiven for a drop: on a create it also means "type does not exist", a real mistake.
 */
const CREATE_RACED = new Set(["23505", "42P07", "42710"]);
const DROP_RACED = new Set(["42704"]);

/**
 * Runs `CREATE … IF NOT EXISTS` / `DROP … IF EXISTS` style DDL that may race the same statement
 * elsewhere; the loser's error is ignored, any other is thrown. The SQLSTATE is read through
 * drizzle's wrapping (`sqlStateOf`).
 */
export async function runIdempotentDdl(db: Db, statement: string): Promise<void> {
  try {
    await db.execute(sql.raw(statement));
  } catch (error) {
    const code = sqlStateOf(error);
    const raced = /^\s*DROP\b/i.test(statement) ? DROP_RACED : CREATE_RACED;
    if (code === undefined || !raced.has(code)) throw error;
  }
}
