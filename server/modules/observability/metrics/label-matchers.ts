import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";

/**
 * Prometheus' four label matchers. A missing label reads as the empty string, and regexes are
 * anchored at both ends, as in PromQL (`job=~"api|web"` matches `api`, not `api-2`).
 */
export const MATCHER_OPS = ["=", "!=", "=~", "!~"] as const;

export const zLabelMatcher = z
  .strictObject({
    label: z
      .string()
      .regex(/^[a-zA-Z_][a-zA-Z0-9_.]{0,99}$/, "must be a label name (letters, digits, _ and .)"),
    op: z.enum(MATCHER_OPS).default("="),
    value: z.string().max(500),
  })
  .superRefine((m, ctx) => {
    if (m.op !== "=~" && m.op !== "!~") return;
    try {
      new RegExp(m.value);
    } catch {
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: "is not a valid regular expression",
      });
    }
  });
export type LabelMatcher = z.output<typeof zLabelMatcher>;

/** The matchers as SQL conditions on `<alias>.labels` (alias of a metric_series row). */
export function matchersSql(matchers: readonly LabelMatcher[], alias = "s"): SQL {
  const labels = sql.raw(`${alias}.labels`);
  return sql.join(
    matchers.map((m) => {
      const value = sql`coalesce(${labels}->>${m.label}, '')`;
      const anchored = `^(?:${m.value})$`;
      if (m.op === "=") return sql` AND ${value} = ${m.value}`;
      if (m.op === "!=") return sql` AND ${value} <> ${m.value}`;
      if (m.op === "=~") return sql` AND ${value} ~ ${anchored}`;
      return sql` AND ${value} !~ ${anchored}`;
    }),
    sql``,
  );
}

/**
 * Refuses a regex the database cannot run: PostgreSQL, not JavaScript, evaluates them, and its
 * dialect lacks some of JavaScript's (named groups, lookbehind). Saved, such a rule would fail
 * at every evaluation and never fire. Each is tried in a savepoint, so a refusal leaves the
 * caller's transaction usable.
 */
export async function checkRegexesRun(
  db: Db,
  matchers: readonly LabelMatcher[],
  field: string,
): Promise<void> {
  for (const [i, m] of matchers.entries()) {
    if (m.op !== "=~" && m.op !== "!~") continue;
    try {
      await db.transaction(async (tx) => {
        await tx.execute(sql`SELECT '' ~ ${`^(?:${m.value})$`}`);
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw invalid(
        `${field}.${i}.value`,
        `is not a regular expression PostgreSQL runs (${reason})`,
      );
    }
  }
}
