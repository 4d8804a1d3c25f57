import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { createConnectorContext } from "../../connectors/context.ts";
import { forEachConcurrent } from "../../connectors/rate-limit.ts";
import { DEFAULT_RETRY, type RetryOptions } from "../../connectors/retry.ts";
import type { DiscoveredResource, ScanScope } from "../../connectors/types.ts";
import type { Db } from "../../platform/db/database.ts";
import { conflict } from "../../platform/errors.ts";
import type { EventBus } from "../../platform/events/events.ts";
import { applyScope, deleteVanished } from "./apply-scope.ts";
import { type ConnectorDeps, connectorOf, openConnector } from "./connectors.service.ts";
import { connectors, type ScanScopeState, scans } from "./inventory.schema.ts";

export interface DiscoveryDeps extends ConnectorDeps {
  events: EventBus;
  log: Logger;
  retry?: RetryOptions;
  clock?: () => Date;
}

export type ScanRow = typeof scans.$inferSelect;
const ACTIVE = ["queued", "running"];
/** Created + deleted resources after which a scan refreshes the planner statistics. */
const ANALYZE_AFTER = 1000;
const scopeKey = (s: ScanScope) => `${s.service}@${s.region}`;
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 500);

/** A queued scan for a connector, or the one already queued or running (never two at once). */
export async function queueScan(
  db: Db,
  workspaceId: string,
  connectorId: string,
  trigger: "manual" | "schedule",
): Promise<{ scan: ScanRow; isNew: boolean }> {
  await connectorOf(db, workspaceId, connectorId);
  const [active] = await db
    .select()
    .from(scans)
    .where(and(eq(scans.connectorId, connectorId), inArray(scans.status, ACTIVE)));
  if (active) return { scan: active, isNew: false };
  const [scan] = await db
    .insert(scans)
    .values({ workspaceId, connectorId, trigger, status: "queued" })
    .returning();
  await db.update(connectors).set({ lastScanId: scan!.id }).where(eq(connectors.id, connectorId));
  return { scan: scan!, isNew: true };
}

/**
 * Runs one scan: lists the connector's scopes, scans them concurrently under the provider's
 * limit, and writes each successful scope's resources as it finishes (created/modified changes).
 * Deletion comes last and only when every scope succeeded: a scope that failed, or a scan that
 * stopped half way, could not tell "gone" from "not listed", so nothing is marked deleted.
 */
export async function runScan(
  db: Db,
  deps: DiscoveryDeps,
  scanId: string,
  signal: AbortSignal,
): Promise<ScanRow> {
  const clock = deps.clock ?? (() => new Date());
  const [scan] = await db.select().from(scans).where(eq(scans.id, scanId));
  if (!scan) throw conflict(`Scan ${scanId} no longer exists`);
  if (!ACTIVE.includes(scan.status)) return scan;
  const { workspaceId } = scan;
  const now = clock();
  let retries = 0;
  const publish = (row: Partial<ScanRow>) =>
    deps.events.publish(workspaceId, {
      type: "inventory.scan",
      scanId,
      connectorId: scan.connectorId,
      status: row.status,
      scopesTotal: states.length,
      scopesDone: states.filter((s) => s.status === "succeeded" || s.status === "failed").length,
      resourcesSeen: row.resourcesSeen,
    });
  let states: ScanScopeState[] = [];
  // Scope lanes finish concurrently; their progress writes go one after another.
  let writes = Promise.resolve();
  const save = (patch: Partial<ScanRow>) => {
    writes = writes.then(async () => {
      await db
        .update(scans)
        .set({ ...patch, scopes: states, retries })
        .where(eq(scans.id, scanId));
      publish(patch);
    });
    return writes;
  };

  await save({ status: "running", startedAt: now });
  const row = await connectorOf(db, workspaceId, scan.connectorId);
  let scopes: ScanScope[];
  let opened: Awaited<ReturnType<typeof openConnector>>;
  const retry: RetryOptions = {
    ...(deps.retry ?? DEFAULT_RETRY),
    onRetry: (info) => {
      retries += 1;
      deps.log.warn({ scanId, call: info.label, attempt: info.attempt }, "connector call retried");
    },
  };
  try {
    opened = await openConnector(db, deps, row);
    const ctx = createConnectorContext(signal, opened.definition.rateLimit, retry);
    scopes = await opened.connector.scopes(ctx);
    states = scopes.map((s) => ({ ...s, status: "pending", resources: 0 }));
    await save({});
    const totals = { seen: 0, created: 0, modified: 0 };
    const seen = new Map<string, string[]>();
    let account: string | null = null;
    await forEachConcurrent(scopes, opened.definition.rateLimit.concurrency, async (scope, i) => {
      const state = states[i] as ScanScopeState;
      state.status = "running";
      try {
        const found: DiscoveredResource[] = [];
        for await (const r of opened.connector.scan(scope, ctx)) found.push(r);
        const counts = await applyScope(
          db,
          { workspaceId, connectorId: row.id, scanId, scope: scopeKey(scope), now },
          found,
        );
        account ??= found[0]?.account ?? null;
        seen.set(
          scopeKey(scope),
          found.map((r) => r.nativeId),
        );
        totals.seen += found.length;
        totals.created += counts.created;
        totals.modified += counts.modified;
        state.status = "succeeded";
        state.resources = found.length;
      } catch (error) {
        if (signal.aborted) throw error;
        state.status = "failed";
        state.error = messageOf(error);
        deps.log.warn({ scanId, scope, err: error }, "scan scope failed");
      }
      await save({ resourcesSeen: totals.seen, ...totals });
    });
    const failed = states.filter((s) => s.status === "failed").length;
    let deleted = 0;
    if (failed === 0)
      for (const [scope, ids] of seen)
        deleted += await deleteVanished(
          db,
          { workspaceId, connectorId: row.id, scanId, scope, now },
          ids,
        );
    // PGlite has no autovacuum: after a large change the planner would keep its empty-table
    // statistics and pick scans over the search indexes. Best-effort (a lost race is harmless).
    if (totals.created + deleted >= ANALYZE_AFTER)
      await db.execute(sql`ANALYZE resources`).catch(() => {});
    if (account) await db.update(connectors).set({ account }).where(eq(connectors.id, row.id));
    await save({
      status: failed === 0 ? "succeeded" : failed === states.length ? "failed" : "partial",
      resourcesSeen: totals.seen,
      created: totals.created,
      modified: totals.modified,
      deleted,
      error: failed
        ? `${failed} of ${states.length} scopes failed; nothing was marked deleted`
        : null,
      finishedAt: clock(),
    });
  } catch (error) {
    await save({ status: "failed", error: messageOf(error), finishedAt: clock() });
  }
  await writes;
  const [done] = await db.select().from(scans).where(eq(scans.id, scanId));
  return done!;
}

/** Scans of the workspace, newest first, optionally of one connector or one scan. */
export function listScans(
  db: Db,
  workspaceId: string,
  filter: { connectorId?: string; scanId?: string; limit: number },
) {
  return db
    .select()
    .from(scans)
    .where(
      and(
        eq(scans.workspaceId, workspaceId),
        filter.connectorId ? eq(scans.connectorId, filter.connectorId) : undefined,
        filter.scanId ? eq(scans.id, filter.scanId) : undefined,
      ),
    )
    .orderBy(desc(scans.createdAt))
    .limit(filter.limit);
}
