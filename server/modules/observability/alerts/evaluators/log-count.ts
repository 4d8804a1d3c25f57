import { sql } from "drizzle-orm";
import { z } from "zod";
import { LEVELS } from "../../logs/log-line.ts";
import { whereOf } from "../../logs/log-search.ts";
import { ensureLogStorage } from "../../logs/log-store.ts";
import type { AlertEvaluator, Signal } from "../evaluators.ts";
import { formatValue, holds, msAgo, zComparator } from "./telemetry-params.ts";

const params = z.strictObject({
  q: z
    .string()
    .trim()
    .max(500)
    .optional()
    .describe(
      'Full-text query as the log explorer takes it, e.g. timeout -debug "connection reset"',
    ),
  service: z.string().trim().min(1).max(200).optional(),
  level: z.enum(LEVELS).optional(),
  windowMinutes: z.number().int().min(1).max(1440).default(5),
  comparator: zComparator,
  threshold: z.number().int().min(0),
  groupByService: z
    .boolean()
    .default(false)
    .describe("One alert per service (services with no matching line in the window do not count)"),
});

/**
 * Fires when the number of matching log lines in the window satisfies the comparison — e.g.
 * more than 100 errors in 5 minutes. One count over the window, served by the time partitions
 * and the full-text index, the same WHERE clause logs.search uses.
 */
export const logCountEvaluator: AlertEvaluator<typeof params> = {
  kind: "log_count",
  title: "Log lines matching a search",
  params,
  async evaluate(p, { db, workspaceId, now }) {
    await ensureLogStorage(db);
    const where = whereOf(workspaceId, {
      q: p.q,
      service: p.service,
      level: p.level,
      from: msAgo(now, p.windowMinutes),
      to: now,
    });
    const found = (
      (await db.execute(
        p.groupByService
          ? sql`SELECT service, count(*) AS n FROM log_lines WHERE ${where} GROUP BY service ORDER BY n DESC LIMIT 1000`
          : sql`SELECT NULL AS service, count(*) AS n FROM log_lines WHERE ${where}`,
      )) as unknown as { rows: { service: string | null; n: string | number }[] }
    ).rows;
    const what = [p.level ? `${p.level} ` : "", "lines", p.q ? ` matching "${p.q}"` : ""].join("");
    const signals: Signal[] = [];
    for (const r of found) {
      const count = Number(r.n);
      if (!holds(count, p.comparator, p.threshold)) continue;
      const service = r.service ?? p.service;
      signals.push({
        key: r.service === null ? "all" : `service:${r.service}`,
        summary: `${formatValue(count)} ${what}${service ? ` from ${service}` : ""} in ${p.windowMinutes} min, threshold ${p.comparator} ${p.threshold}`,
        labels: service ? { service } : {},
        annotations: { count: String(count) },
        groupKey: service ? `service:${service}` : `logs:${p.q ?? ""}:${p.level ?? ""}`,
      });
    }
    return signals;
  },
};
