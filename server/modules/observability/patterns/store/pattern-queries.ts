import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../../../platform/db/database.ts";
import { invalid, notFound } from "../../../../platform/errors.ts";
import { histogramStep, type LogItem, lineId, parseLineId } from "../../logs/log-search.ts";
import { ensureLogStorage } from "../../logs/log-store.ts";
import { toTsquery } from "../../logs/log-words.ts";
import { WILDCARD } from "../mask.ts";
import { TemplateMiner } from "../miner.ts";
import { logPatternMiners, logPatterns } from "./patterns.schema.ts";

const HOUR_S = 3600;

export interface PatternFilter {
  from: Date;
  to: Date;
  service?: string;
  q?: string;
  limit: number;
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/**
 * Templates with lines in the period, busiest first, with their counts per bucket. Counts are
 * kept per hour of line time, so the period is taken in whole hours (the hour holding `from` to
 * the hour holding `to`). "New" means found after the workspace's mining baseline and first seen
 * inside the period.
 */
export async function listPatterns(db: Db, workspaceId: string, f: PatternFilter) {
  if (f.to <= f.from) throw invalid("to", "must be after from");
  const lo = Math.floor(f.from.getTime() / 1000 / HOUR_S) * HOUR_S;
  const hi = Math.ceil(f.to.getTime() / 1000 / HOUR_S) * HOUR_S;
  const step = Math.max(HOUR_S, histogramStep(new Date(lo * 1000), new Date(hi * 1000), 24));
  const buckets = Math.ceil((hi - lo) / step);
  const parts = [
    sql`h.workspace_id = ${workspaceId}`,
    sql`h.hour >= to_timestamp(${lo})`,
    sql`h.hour < to_timestamp(${hi})`,
  ];
  if (f.service) parts.push(sql`p.service = ${f.service}`);
  const q = f.q?.trim();
  if (q) {
    const like = `%${q.replaceAll("\\", "\\\\").replaceAll("%", "\\%").replaceAll("_", "\\_")}%`;
    parts.push(sql`(p.template ILIKE ${like} OR p.example ILIKE ${like})`);
  }
  const where = sql.join(parts, sql` AND `);
  const found = await rows<{
    id: string;
    service: string;
    template_id: string;
    template: string;
    level: string;
    example: string;
    is_new: boolean;
    first_seen: Date | string;
    last_seen: Date | string;
    total: string | number;
    in_range: string | number;
    trend: Array<string | number>;
  }>(
    db,
    sql`WITH top AS (
          SELECT h.pattern_id, sum(h.count) AS in_range FROM log_pattern_hours h
          JOIN log_patterns p ON p.id = h.pattern_id AND p.workspace_id = h.workspace_id
          WHERE ${where} GROUP BY h.pattern_id ORDER BY in_range DESC, h.pattern_id LIMIT ${f.limit}
        ), per_bucket AS (
          SELECT h.pattern_id, floor((extract(epoch FROM h.hour) - ${lo}) / ${step})::int AS b,
                 sum(h.count) AS n
          FROM log_pattern_hours h JOIN top ON top.pattern_id = h.pattern_id
          WHERE h.workspace_id = ${workspaceId} AND h.hour >= to_timestamp(${lo}) AND h.hour < to_timestamp(${hi})
          GROUP BY 1, 2
        )
        SELECT p.id, p.service, p.template_id, p.template, p.level, p.example, p.is_new,
               p.first_seen, p.last_seen, p.count AS total, top.in_range,
               (SELECT array_agg(coalesce(pb.n, 0) ORDER BY g) FROM generate_series(0, ${buckets - 1}) g
                LEFT JOIN per_bucket pb ON pb.pattern_id = p.id AND pb.b = g) AS trend
        FROM top JOIN log_patterns p ON p.id = top.pattern_id
        ORDER BY top.in_range DESC, p.id`,
  );
  const [state] = await db
    .select({ baselineAt: logPatternMiners.baselineAt, updatedAt: logPatternMiners.updatedAt })
    .from(logPatternMiners)
    .where(eq(logPatternMiners.workspaceId, workspaceId));
  return {
    stepSeconds: step,
    bucketStarts: Array.from({ length: buckets }, (_, i) => new Date((lo + i * step) * 1000)),
    minedAt: state?.updatedAt ?? null,
    baselineAt: state?.baselineAt ?? null,
    items: found.map((r) => {
      const firstSeen = asDate(r.first_seen);
      return {
        id: r.id,
        templateId: r.template_id,
        service: r.service,
        template: r.template,
        level: r.level,
        example: r.example,
        count: Number(r.in_range),
        totalCount: Number(r.total),
        firstSeen,
        lastSeen: asDate(r.last_seen),
        isNew: r.is_new && firstSeen >= f.from,
        trend: (r.trend ?? []).map(Number),
      };
    }),
  };
}

interface LineRow {
  id: string;
  time: Date | string;
  service: string;
  level: LogItem["level"];
  message: string;
  attributes: Record<string, unknown> | string;
  resource_id: string | null;
}

/** Literal words of a template, each one indexed word (log-words.ts): an index pre-filter. */
function literalWords(template: string): string[] {
  const words = template
    .split(" ")
    .filter((t) => t !== WILDCARD && /^[A-Za-z]{3,40}$/.test(t))
    .map((t) => t.toLowerCase());
  return [...new Set(words)].sort((a, b) => b.length - a.length).slice(0, 3);
}

/** Whether a line mined now as `matched` belongs to the pattern stored as `templateId`. */
function sameTemplate(miner: TemplateMiner, templateId: string, matched: string): boolean {
  if (matched === templateId) return true;
  // A template that later split into variants (root.variant) still owns their lines.
  if (templateId.includes(".")) return false;
  return miner.resolve(matched.split(".")[0] ?? "") === miner.resolve(templateId);
}

/**
 * Lines of one pattern, newest first. Lines are not tagged with their template (ingest stays
 * free of mining), so candidates of the pattern's service and period — narrowed by the
 * template's literal words through the full-text index — are matched against the workspace's
 * stored miner. At most `scanLimit` candidates are read per call; `nextCursor` continues.
 */
export async function patternLines(
  db: Db,
  workspaceId: string,
  input: {
    patternId: string;
    from: Date;
    to: Date;
    limit: number;
    cursor?: string;
    scanLimit?: number;
  },
) {
  if (input.to <= input.from) throw invalid("to", "must be after from");
  await ensureLogStorage(db);
  const [pattern] = await db
    .select()
    .from(logPatterns)
    .where(and(eq(logPatterns.workspaceId, workspaceId), eq(logPatterns.id, input.patternId)));
  if (!pattern) throw notFound("Log pattern");
  const [state] = await db
    .select({ snapshot: logPatternMiners.snapshot })
    .from(logPatternMiners)
    .where(eq(logPatternMiners.workspaceId, workspaceId));
  const miner = state?.snapshot
    ? TemplateMiner.restore(JSON.parse(state.snapshot))
    : new TemplateMiner();
  const words = literalWords(pattern.template);
  const scanLimit = input.scanLimit ?? 20_000;
  const items: LogItem[] = [];
  let after = input.cursor ? parseLineId("cursor", input.cursor) : undefined;
  let scanned = 0;
  let exhausted = false;
  while (items.length < input.limit && scanned < scanLimit) {
    const parts = [
      sql`workspace_id = ${workspaceId}`,
      sql`service = ${pattern.service}`,
      sql`time >= ${input.from.toISOString()}::timestamptz`,
      sql`time < ${input.to.toISOString()}::timestamptz`,
    ];
    if (words.length > 0)
      parts.push(
        sql`message_tsv @@ ${toTsquery([words.map((w) => ({ words: [w], isExcluded: false }))])}::tsquery`,
      );
    if (after)
      parts.push(
        sql`(time, id) < (${after.time.toISOString()}::timestamptz, ${after.seq}::bigint)`,
      );
    const chunk = Math.min(2000, scanLimit - scanned);
    const found = await rows<LineRow>(
      db,
      sql`SELECT id::text AS id, time, service, level, message, attributes, resource_id FROM log_lines
          WHERE ${sql.join(parts, sql` AND `)} ORDER BY time DESC, id DESC LIMIT ${chunk}`,
    );
    scanned += found.length;
    let full = false;
    for (const r of found) {
      const time = asDate(r.time);
      after = { time, seq: r.id };
      const matched = miner.match(r.message);
      if (!matched || !sameTemplate(miner, pattern.templateId, matched.templateId)) continue;
      items.push({
        id: lineId(time, r.id),
        time,
        service: r.service,
        level: r.level,
        message: r.message,
        attributes: typeof r.attributes === "string" ? JSON.parse(r.attributes) : r.attributes,
        resourceId: r.resource_id,
      });
      full = items.length === input.limit;
      if (full) break;
    }
    if (full) break;
    if (found.length < chunk) {
      exhausted = true;
      break;
    }
  }
  // The cursor is the last line read (matched or not): the next call resumes the scan there.
  const nextCursor = !exhausted && after ? lineId(after.time, after.seq) : null;
  return {
    pattern: { id: pattern.id, template: pattern.template, service: pattern.service },
    items,
    scanned,
    nextCursor,
  };
}
