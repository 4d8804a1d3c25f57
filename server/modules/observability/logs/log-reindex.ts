import { sql } from "drizzle-orm";
import { arrayLiteral } from "../../../platform/db/array-param.ts";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { sqlStateOf } from "../../../platform/db/sql-state.ts";
import { indexWords } from "./log-words.ts";

/*
 * Until 2026-11-28 PostgreSQL's parser built `message_tsv` (a GENERATED column); since then the
 * words of log-words.ts are stored, and searched for. Lines stored before would be found by plain
 * words only, not by a host name, a path or `a_b` as one term. When a database with the generated
 * column is opened, the column becomes a plain one and every day partition that then exists is
 * queued here, up to the page it then ended at; a job rewrites those lines' vectors a range of
 * pages at a time (a TID range scan: no index needed), oldest partitions first, until none is
 * left. A partition dropped by retention meanwhile just leaves the queue.
 */

/** Queued partitions: pages before `next_page` are done, the queue entry goes at `end_page`. */
export const REINDEX_DDL = `CREATE TABLE IF NOT EXISTS log_word_reindex (
  partition text PRIMARY KEY,
  next_page integer NOT NULL DEFAULT 0,
  end_page integer NOT NULL
)`;

/** Pages a batch reads: ~50 lines a page, so about 2,000 lines. */
const PAGES_PER_BATCH = 40;

/**
 * Makes the generated column a plain one and queues what it holds, once: a database already
 * converted (or new) is left alone. Runs after the table exists, in one transaction.
 */
export async function convertGeneratedWords(db: Db): Promise<void> {
  const [column] = rowsOf<{ generated: string }>(
    await db.execute(
      sql`SELECT attgenerated AS generated FROM pg_attribute
          WHERE attrelid = to_regclass('log_lines') AND attname = 'message_tsv'`,
    ),
  );
  if (column?.generated !== "s") return;
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO log_word_reindex (partition, end_page)
          SELECT c.relname, (pg_relation_size(c.oid) / current_setting('block_size')::int)::int
          FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'log_lines'::regclass
          ON CONFLICT (partition) DO NOTHING`,
    );
    await tx.execute(
      sql.raw("ALTER TABLE log_lines ALTER COLUMN message_tsv DROP EXPRESSION IF EXISTS"),
    );
  });
}

/** The tsvector's text form (`'word':1,3 'other':2`): words never hold a quote or backslash. */
function tsvectorText(message: string): string {
  const index = indexWords(message);
  const parts: string[] = [];
  let at = 0;
  for (let w = 0; w < index.words.length; w++) {
    const positions: number[] = [];
    for (let end = at + index.counts[w]!; at < end; at++) positions.push(index.positions[at]!);
    parts.push(`'${index.words[w]}':${positions.join(",")}`);
  }
  return parts.join(" ");
}

/**
 * Rewrites the vectors of queued lines, a batch of pages at a time, until about `maxLines` were
 * read or the queue is empty; returns the lines rewritten and whether anything is left.
 */
export async function reindexLogWords(
  db: Db,
  { maxLines = 20_000 }: { maxLines?: number } = {},
): Promise<{ lines: number; isDone: boolean }> {
  let lines = 0;
  while (lines < maxLines) {
    const [next] = rowsOf<{ partition: string; next_page: number; end_page: number }>(
      await db.execute(
        sql`SELECT partition, next_page, end_page FROM log_word_reindex ORDER BY partition LIMIT 1`,
      ),
    );
    if (!next) return { lines, isDone: true };
    if (!/^log_lines_p\d{8}$/.test(next.partition)) {
      await forget(db, next.partition); // not one of ours: never interpolated into SQL
      continue;
    }
    const to = Math.min(next.next_page + PAGES_PER_BATCH, next.end_page);
    // The batch's page range, so both statements read only it (a TID range scan).
    const range = sql.raw(`l.ctid >= '(${next.next_page},0)'::tid AND l.ctid < '(${to},0)'::tid`);
    try {
      lines += await db.transaction(async (tx) => {
        const rows = rowsOf<{ ctid: string; message: string }>(
          await tx.execute(
            sql`SELECT l.ctid::text AS ctid, l.message FROM ${sql.identifier(next.partition)} AS l
                WHERE ${range}`,
          ),
        );
        if (rows.length > 0)
          await tx.execute(
            sql`UPDATE ${sql.identifier(next.partition)} AS l SET message_tsv = v.tsv::tsvector
                FROM unnest(${arrayLiteral(rows.map((r) => r.ctid))}::tid[],
                            ${arrayLiteral(rows.map((r) => tsvectorText(r.message)))}::text[])
                  AS v(ctid, tsv)
                WHERE ${range} AND l.ctid = v.ctid`,
          );
        if (to >= next.end_page)
          await tx.execute(sql`DELETE FROM log_word_reindex WHERE partition = ${next.partition}`);
        else
          await tx.execute(
            sql`UPDATE log_word_reindex SET next_page = ${to} WHERE partition = ${next.partition}`,
          );
        return rows.length;
      });
    } catch (error) {
      // Dropped by retention since it was queued: nothing left to rewrite.
      if (sqlStateOf(error) !== "42P01") throw error;
      await forget(db, next.partition);
    }
  }
  const [left] = rowsOf<{ n: number }>(
    await db.execute(sql`SELECT count(*)::int AS n FROM log_word_reindex`),
  );
  return { lines, isDone: (left?.n ?? 0) === 0 };
}

async function forget(db: Db, partition: string) {
  await db.execute(sql`DELETE FROM log_word_reindex WHERE partition = ${partition}`);
}
