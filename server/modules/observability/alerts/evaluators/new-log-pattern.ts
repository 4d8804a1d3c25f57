import { and, eq, gte, inArray } from "drizzle-orm";
import { z } from "zod";
import { LEVELS } from "../../logs/log-line.ts";
import { logPatterns } from "../../patterns/store/patterns.schema.ts";
import type { AlertEvaluator } from "../evaluators.ts";

const params = z.strictObject({
  service: z.string().max(200).optional().describe("Only patterns of this service"),
  minLevel: z
    .enum(LEVELS)
    .optional()
    .describe("Only patterns logged at this level or worse (e.g. warn: warn, error, fatal)"),
  windowMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60)
    .describe("A new pattern's alert resolves this long after the pattern was found"),
});

/**
 * Fires once per log template found after the workspace's mining baseline (one alert per
 * pattern, keyed by its id) and resolves by itself once the pattern is older than the window.
 */
export const newLogPatternEvaluator: AlertEvaluator<typeof params> = {
  kind: "new_log_pattern",
  title: "New log pattern",
  params,
  async evaluate({ service, minLevel, windowMinutes }, { db, workspaceId, now }) {
    const since = new Date(now.getTime() - windowMinutes * 60_000);
    const levels = minLevel ? LEVELS.slice(LEVELS.indexOf(minLevel)) : undefined;
    const rows = await db
      .select()
      .from(logPatterns)
      .where(
        and(
          eq(logPatterns.workspaceId, workspaceId),
          eq(logPatterns.isNew, true),
          gte(logPatterns.discoveredAt, since),
          service ? eq(logPatterns.service, service) : undefined,
          levels ? inArray(logPatterns.level, [...levels]) : undefined,
        ),
      )
      .limit(500);
    return rows
      .filter((p) => p.discoveredAt <= now)
      .map((p) => ({
        key: p.id,
        summary: `New ${p.level} log pattern in ${p.service}: ${p.template.slice(0, 200)}`,
        labels: { patternId: p.id, templateId: p.templateId, service: p.service, level: p.level },
        groupKey: `service:${p.service}`,
      }));
  },
};
