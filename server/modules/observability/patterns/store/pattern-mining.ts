import { eq, sql } from "drizzle-orm";
import type { Db } from "../../../../platform/db/database.ts";
import type { DomainEvents } from "../../../../platform/events/domain-events.ts";
import { LEVELS, type Level } from "../../logs/log-line.ts";
import { ensureLogStorage } from "../../logs/log-store.ts";
import { settledLineWatermark } from "../../logs/log-watermark.ts";
import { TemplateMiner } from "../miner.ts";
import { logPatternHours, logPatternMiners, logPatterns } from "./patterns.schema.ts";

export interface MiningOptions {
  /** Lines read and mined per transaction. */
  batchSize?: number;
  /** Batches per call: one call of the job never runs unbounded. */
  maxBatches?: number;
  /**
   * How long a run waits for the transactions writing lines when it starts to end (see
   * `settledLineWatermark`); if they have not, the run mines nothing and the next one tries again.
   */
  maxWriterWaitMs?: number;
}

export interface MiningResult {
  lines: number;
  batches: number;
  newPatterns: number;
  caughtUp: boolean;
}

interface LineRow {
  id: string | number;
  time: Date | string;
  service: string;
  level: Level;
  message: string;
}

interface Seen {
  service: string;
  templateId: string;
  template: string;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  level: Level;
  example: string;
  hours: Map<number, number>;
}

const HOUR_MS = 3_600_000;
const MAX_EXAMPLE_CHARS = 2000;
const LEVEL_RANK = new Map<string, number>(LEVELS.map((level, i) => [level, i]));
const LEVEL_ARRAY = sql.raw(`ARRAY[${LEVELS.map((l) => `'${l}'`).join(",")}]`);

/**
 * Restored miners kept between batches, per database and workspace. An entry is valid while the
 * stored row has the batch count it was taken at: another instance mining in between (or a
 * rolled-back batch) makes it stale, and the miner is restored from the stored snapshot again.
 */
const cached = new WeakMap<Db, Map<string, { batches: number; miner: TemplateMiner }>>();

function cacheOf(db: Db) {
  let map = cached.get(db);
  if (!map) {
    map = new Map();
    cached.set(db, map);
  }
  return map;
}

/** Drops the in-process miners, as a restart would: the next batch restores from the store. */
export function forgetCachedMiners(db: Db): void {
  cached.delete(db);
}

function summarise(rows: readonly LineRow[], miner: TemplateMiner): Map<string, Seen> {
  const seen = new Map<string, Seen>();
  for (const row of rows) {
    const { templateId, template } = miner.add(row.message);
    const time = row.time instanceof Date ? row.time : new Date(row.time);
    const key = `${row.service}\u0000${templateId}`;
    let s = seen.get(key);
    if (!s) {
      s = {
        service: row.service,
        templateId,
        template,
        count: 0,
        firstSeen: time,
        lastSeen: time,
        level: row.level,
        example: row.message.slice(0, MAX_EXAMPLE_CHARS),
        hours: new Map(),
      };
      seen.set(key, s);
    }
    s.template = template; // the latest wording: more positions become <*> as lines arrive
    s.count++;
    if (time < s.firstSeen) s.firstSeen = time;
    if (time > s.lastSeen) s.lastSeen = time;
    if ((LEVEL_RANK.get(row.level) ?? 0) > (LEVEL_RANK.get(s.level) ?? 0)) s.level = row.level;
    const hour = Math.floor(time.getTime() / HOUR_MS) * HOUR_MS;
    s.hours.set(hour, (s.hours.get(hour) ?? 0) + 1);
  }
  return seen;
}

async function saveTemplates(tx: Db, workspaceId: string, seen: Seen[], isNew: boolean) {
  const saved: Array<{ id: string; inserted: boolean; seen: Seen }> = [];
  const CHUNK = 500;
  for (let i = 0; i < seen.length; i += CHUNK) {
    const part = seen.slice(i, i + CHUNK);
    const rows = await tx
      .insert(logPatterns)
      .values(
        part.map((s) => ({
          workspaceId,
          service: s.service,
          templateId: s.templateId,
          template: s.template,
          count: s.count,
          firstSeen: s.firstSeen,
          lastSeen: s.lastSeen,
          level: s.level,
          example: s.example,
          isNew,
        })),
      )
      .onConflictDoUpdate({
        target: [logPatterns.workspaceId, logPatterns.service, logPatterns.templateId],
        set: {
          template: sql`excluded.template`,
          count: sql`${logPatterns.count} + excluded.count`,
          firstSeen: sql`least(${logPatterns.firstSeen}, excluded.first_seen)`,
          lastSeen: sql`greatest(${logPatterns.lastSeen}, excluded.last_seen)`,
          level: sql`CASE WHEN array_position(${LEVEL_ARRAY}, excluded.level) > array_position(${LEVEL_ARRAY}, ${logPatterns.level}) THEN excluded.level ELSE ${logPatterns.level} END`,
        },
      })
      // xmax is 0 only on a row this statement inserted (PostgreSQL's upsert idiom).
      .returning({
        id: logPatterns.id,
        service: logPatterns.service,
        templateId: logPatterns.templateId,
        inserted: sql<boolean>`(xmax = 0)`,
      });
    const byKey = new Map(part.map((s) => [`${s.service}\u0000${s.templateId}`, s]));
    for (const r of rows) {
      const s = byKey.get(`${r.service}\u0000${r.templateId}`);
      if (s) saved.push({ id: r.id, inserted: r.inserted, seen: s });
    }
  }
  const hours = saved.flatMap(({ id, seen: s }) =>
    [...s.hours].map(([hour, count]) => ({
      workspaceId,
      patternId: id,
      hour: new Date(hour),
      count,
    })),
  );
  for (let i = 0; i < hours.length; i += 1000) {
    await tx
      .insert(logPatternHours)
      .values(hours.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: [logPatternHours.patternId, logPatternHours.hour],
        set: { count: sql`${logPatternHours.count} + excluded.count` },
      });
  }
  return saved;
}

/**
 * Mines one batch of a workspace's lines past its cursor, in one transaction holding the
 * miner row's lock: two instances never mine the same lines, and the templates, hourly counts,
 * cursor and miner snapshot commit together or not at all.
 */
async function mineBatch(
  db: Db,
  events: Pick<DomainEvents, "emit">,
  workspaceId: string,
  batchSize: number,
  watermark: number,
) {
  const cache = cacheOf(db);
  try {
    return await db.transaction(async (txAny) => {
      const tx = txAny as unknown as Db;
      await tx.insert(logPatternMiners).values({ workspaceId }).onConflictDoNothing();
      const [state] = await tx
        .select()
        .from(logPatternMiners)
        .where(eq(logPatternMiners.workspaceId, workspaceId))
        .for("update");
      if (!state) throw new Error(`pattern miner row of ${workspaceId} vanished`);
      const hit = cache.get(workspaceId);
      const miner =
        hit && hit.batches === state.batches
          ? hit.miner
          : state.snapshot
            ? TemplateMiner.restore(JSON.parse(state.snapshot))
            : new TemplateMiner();
      cache.delete(workspaceId); // put back only once this batch has committed
      const found = (await tx.execute(
        sql`SELECT id, time, service, level, message FROM log_lines
            WHERE workspace_id = ${workspaceId} AND id > ${state.cursor} AND id <= ${watermark}
            ORDER BY id LIMIT ${batchSize}`,
      )) as unknown as { rows: LineRow[] };
      const lines = found.rows;
      const caughtUp = lines.length < batchSize;
      const last = lines[lines.length - 1];
      const baselineAt =
        state.baselineAt ?? (caughtUp && state.linesMined + lines.length > 0 ? new Date() : null);
      if (lines.length === 0 && baselineAt === state.baselineAt) {
        cache.set(workspaceId, { batches: state.batches, miner });
        return { lines: 0, newPatterns: 0, caughtUp, batches: state.batches };
      }
      // Templates first seen while the first catch-up is still running are the baseline.
      const isNew = state.baselineAt !== null;
      const saved = await saveTemplates(
        tx,
        workspaceId,
        [...summarise(lines, miner).values()],
        isNew,
      );
      await tx
        .update(logPatternMiners)
        .set({
          cursor: last ? Number(last.id) : state.cursor,
          batches: state.batches + 1,
          linesMined: state.linesMined + lines.length,
          baselineAt,
          snapshot: JSON.stringify(miner.snapshot()),
          updatedAt: new Date(),
        })
        .where(eq(logPatternMiners.workspaceId, workspaceId));
      const created = isNew ? saved.filter((s) => s.inserted) : [];
      for (const { id, seen: s } of created) {
        await events.emit(tx, workspaceId, "logs.newPattern", {
          patternId: id,
          templateId: s.templateId,
          service: s.service,
          template: s.template,
          level: s.level,
          firstSeen: s.firstSeen.toISOString(),
          example: s.example,
        });
      }
      cache.set(workspaceId, { batches: state.batches + 1, miner });
      return {
        lines: lines.length,
        newPatterns: created.length,
        caughtUp,
        batches: state.batches + 1,
      };
    });
  } catch (error) {
    cache.delete(workspaceId); // the miner may hold lines of the rolled-back batch
    throw error;
  }
}

/** Mines a workspace's lines ingested since its cursor, at most `maxBatches` batches. */
export async function mineWorkspacePatterns(
  db: Db,
  events: Pick<DomainEvents, "emit">,
  workspaceId: string,
  options: MiningOptions = {},
): Promise<MiningResult> {
  const { batchSize = 5000, maxBatches = 20 } = options;
  await ensureLogStorage(db);
  const result: MiningResult = { lines: 0, batches: 0, newPatterns: 0, caughtUp: false };
  // The cursor never passes a line that may still commit: this run reads up to the watermark.
  const watermark = await settledLineWatermark(db, options.maxWriterWaitMs ?? 10_000);
  if (watermark === undefined) return result;
  for (let i = 0; i < maxBatches; i++) {
    const step = await mineBatch(db, events, workspaceId, batchSize, watermark);
    result.lines += step.lines;
    result.newPatterns += step.newPatterns;
    if (step.lines > 0) result.batches++;
    if (step.caughtUp) {
      result.caughtUp = true;
      break;
    }
  }
  return result;
}
