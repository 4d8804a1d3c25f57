import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Logger } from "pino";
import { createConnectorContext } from "../../connectors/context.ts";
import { providerDefinition } from "../../connectors/registry.ts";
import { DEFAULT_RETRY, type RetryOptions } from "../../connectors/retry.ts";
import type { Connector, ConnectorContext, Provider } from "../../connectors/types.ts";
import type { Db } from "../../platform/db/database.ts";
import { conflict, invalid } from "../../platform/errors.ts";
import type { EventBus } from "../../platform/events/events.ts";
import type { Services } from "../../platform/services.ts";
import { importCostFile } from "../costs/import/importer.ts";
import { insertSamples, type MetricSample } from "../observability/metrics/metric-store.ts";
import { type ConnectorDeps, connectorOf, openConnector } from "./connectors.service.ts";
import { connectors, resources } from "./inventory.schema.ts";
import { connectorPulls } from "./pulls.schema.ts";

export type PullKind = "metrics" | "costs";
export type PullRow = typeof connectorPulls.$inferSelect;

export interface PullDeps extends ConnectorDeps {
  events: EventBus;
  log: Logger;
  /** Queues the budget and anomaly checks after new costs, as costs.import does. */
  jobs?: Pick<Services["jobs"], "enqueue">;
  retry?: RetryOptions;
  clock?: () => Date;
}

const MINUTE_MS = 60_000;
const PERIOD_MS = 5 * MINUTE_MS;
/**
 * CloudWatch and Azure Monitor publish a 5-minute point a few minutes after it ends; a window
 * that stops 10 minutes back is complete, so no point is pulled half-filled and never revisited.
 */
const METRICS_LAG_MS = 10 * MINUTE_MS;
/** The first pull (and a pull after a long pause) reaches back at most this far. */
const FIRST_WINDOW_MS = 3 * 3_600_000;
const MAX_WINDOW_MS = 24 * 3_600_000;
const ACTIVE = ["queued", "running"];
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 500);

/** Whether the provider's connector can pull this kind at all. */
export function providerPulls(provider: Provider, kind: PullKind): boolean {
  return providerDefinition(provider)?.pulls?.includes(kind) ?? false;
}

/** A queued pull of one kind for a connector, or the one already queued or running. */
export async function queuePull(
  db: Db,
  workspaceId: string,
  connectorId: string,
  kind: PullKind,
  trigger: "manual" | "schedule",
): Promise<{ pull: PullRow; isNew: boolean }> {
  const row = await connectorOf(db, workspaceId, connectorId);
  if (!providerPulls(row.provider as Provider, kind))
    throw invalid("id", `The ${row.provider} connector does not pull ${kind}`);
  const [active] = await db
    .select()
    .from(connectorPulls)
    .where(
      and(
        eq(connectorPulls.connectorId, connectorId),
        eq(connectorPulls.kind, kind),
        inArray(connectorPulls.status, ACTIVE),
      ),
    );
  if (active) return { pull: active, isNew: false };
  const [pull] = await db
    .insert(connectorPulls)
    .values({ workspaceId, connectorId, kind, trigger, status: "queued" })
    .returning();
  return { pull: pull!, isNew: true };
}

/** The metrics window after `until`: 5-minute aligned, ending METRICS_LAG_MS before now. */
export function metricsWindow(until: Date | null, now: Date): { from: Date; to: Date } {
  const to = new Date(Math.floor((now.getTime() - METRICS_LAG_MS) / PERIOD_MS) * PERIOD_MS);
  const earliest = to.getTime() - MAX_WINDOW_MS;
  const from = until ? Math.max(until.getTime(), earliest) : to.getTime() - FIRST_WINDOW_MS;
  return { from: new Date(Math.min(from, to.getTime())), to };
}

/** Runs one pull; records its outcome on the pull row (never throws for a provider error). */
export async function runPull(
  db: Db,
  deps: PullDeps,
  pullId: string,
  signal: AbortSignal,
): Promise<PullRow> {
  const clock = deps.clock ?? (() => new Date());
  const [pull] = await db.select().from(connectorPulls).where(eq(connectorPulls.id, pullId));
  if (!pull) throw conflict(`Pull ${pullId} no longer exists`);
  if (!ACTIVE.includes(pull.status)) return pull;
  let retries = 0;
  const save = async (patch: Partial<PullRow>) => {
    const [row] = await db
      .update(connectorPulls)
      .set({ ...patch, retries })
      .where(eq(connectorPulls.id, pullId))
      .returning();
    deps.events.publish(pull.workspaceId, {
      type: "inventory.pull",
      pullId,
      connectorId: pull.connectorId,
      kind: pull.kind,
      status: row?.status,
      items: row?.items,
    });
  };
  await save({ status: "running", startedAt: clock() });
  const retry: RetryOptions = {
    ...(deps.retry ?? DEFAULT_RETRY),
    onRetry: (info) => {
      retries += 1;
      deps.log.warn({ pullId, call: info.label, attempt: info.attempt }, "connector call retried");
    },
  };
  try {
    const row = await connectorOf(db, pull.workspaceId, pull.connectorId);
    const opened = await openConnector(db, deps, row);
    const ctx = createConnectorContext(signal, opened.definition.rateLimit, retry);
    const outcome =
      pull.kind === "metrics"
        ? await pullMetricsOf(db, row, opened.connector, ctx, clock(), save)
        : await pullCostsOf(db, row, opened.connector, ctx, clock(), deps);
    await save({ status: "succeeded", ...outcome, error: null, finishedAt: clock() });
  } catch (error) {
    deps.log.warn({ pullId, err: error }, "pull failed");
    await save({ status: "failed", error: describeFailure(error, retries), finishedAt: clock() });
  }
  const [done] = await db.select().from(connectorPulls).where(eq(connectorPulls.id, pullId));
  return done!;
}

/** What the user reads: the provider's message, and that retries were spent on it. */
function describeFailure(error: unknown, retries: number): string {
  const name = (error as { name?: string })?.name;
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const what = [name && name !== "Error" ? name : null, status ? `HTTP ${status}` : null]
    .filter(Boolean)
    .join(", ");
  const tail = retries > 0 ? ` (gave up after ${retries} retries)` : "";
  return `${what ? `${what}: ` : ""}${messageOf(error)}${tail}`.slice(0, 500);
}

async function pullMetricsOf(
  db: Db,
  row: typeof connectors.$inferSelect,
  connector: Connector,
  ctx: ConnectorContext,
  now: Date,
  save: (patch: Partial<PullRow>) => Promise<void>,
) {
  if (!connector.pullMetrics) throw invalid("id", `The ${row.provider} connector has no metrics`);
  const { from, to } = metricsWindow(row.metricsPulledUntil, now);
  await save({ periodFrom: from, periodTo: to });
  if (from.getTime() >= to.getTime()) return { items: 0, periodFrom: from, periodTo: to };
  const live = await db
    .select({
      id: resources.id,
      nativeId: resources.nativeId,
      type: resources.type,
      region: resources.region,
      name: resources.name,
      account: resources.account,
    })
    .from(resources)
    .where(
      and(
        eq(resources.workspaceId, row.workspaceId),
        eq(resources.connectorId, row.id),
        isNull(resources.deletedAt),
      ),
    );
  const byNativeId = new Map(live.map((r) => [r.nativeId, r]));
  let items = 0;
  for await (const batch of connector.pullMetrics({ targets: live, from, to }, ctx)) {
    const samples: MetricSample[] = [];
    for (const s of batch) {
      const resource = byNativeId.get(s.nativeId);
      if (!resource) continue;
      samples.push({
        workspaceId: row.workspaceId,
        name: s.name,
        // The resource in the labels too, so queries and charts can group by it.
        labels: {
          ...s.labels,
          provider: row.provider,
          account: resource.account,
          resource: resource.nativeId,
        },
        time: s.time,
        value: s.value,
        resourceId: resource.id,
      });
    }
    items += await insertSamples(db, samples);
    await save({ items });
  }
  // The cursor moves only after every sample of the window is stored.
  await db.update(connectors).set({ metricsPulledUntil: to }).where(eq(connectors.id, row.id));
  return { items, periodFrom: from, periodTo: to };
}

/** Previous and current month by default: providers restate a month until it closes. */
function defaultCostWindow(now: Date) {
  return { from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)), to: now };
}

async function pullCostsOf(
  db: Db,
  row: typeof connectors.$inferSelect,
  connector: Connector,
  ctx: ConnectorContext,
  now: Date,
  deps: PullDeps,
) {
  if (!connector.pullCosts) throw invalid("id", `The ${row.provider} connector has no costs`);
  const window = defaultCostWindow(now);
  const files = await connector.pullCosts(window, ctx);
  if (files.length === 0)
    return { items: 0, periodFrom: window.from, periodTo: window.to, importId: null };
  const dir = await mkdtemp(path.join(tmpdir(), "gp-pull-"));
  try {
    // One transaction for every file: the ledger changes all at once or not at all.
    const results = await db.transaction(async (tx) => {
      const out = [];
      for (const [i, file] of files.entries()) {
        const filePath = path.join(dir, `${i}.csv`);
        await writeFile(filePath, file.content);
        out.push(
          await importCostFile(tx as unknown as Db, {
            workspaceId: row.workspaceId,
            importedBy: null,
            filePath,
            fileName: file.fileName,
          }),
        );
      }
      return out;
    });
    for (const job of ["costs.evaluateBudgets", "costs.detectAnomalies"])
      await deps.jobs?.enqueue(
        db,
        job,
        { workspaceId: row.workspaceId },
        { workspaceId: row.workspaceId, singletonKey: `${job}:${row.workspaceId}` },
      );
    return {
      items: results.reduce((n, r) => n + r.rows, 0),
      periodFrom: window.from,
      periodTo: window.to,
      importId: results.at(-1)?.id ?? null,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Pulls of the workspace, newest first, optionally of one connector. */
export function listPulls(
  db: Db,
  workspaceId: string,
  filter: { connectorId?: string; kind?: PullKind; limit: number },
) {
  return db
    .select()
    .from(connectorPulls)
    .where(
      and(
        eq(connectorPulls.workspaceId, workspaceId),
        filter.connectorId ? eq(connectorPulls.connectorId, filter.connectorId) : undefined,
        filter.kind ? eq(connectorPulls.kind, filter.kind) : undefined,
      ),
    )
    .orderBy(desc(connectorPulls.createdAt))
    .limit(filter.limit);
}

/** Turns a connector's scheduled metrics and costs pulls on or off. */
export async function setPullOptions(
  db: Db,
  workspaceId: string,
  id: string,
  options: { metrics?: boolean; costs?: boolean },
) {
  const row = await connectorOf(db, workspaceId, id);
  const provider = row.provider as Provider;
  if (options.metrics && !providerPulls(provider, "metrics"))
    throw invalid("metrics", `The ${provider} connector does not pull metrics`);
  if (options.costs && !providerPulls(provider, "costs"))
    throw invalid("costs", `The ${provider} connector does not pull costs`);
  const [updated] = await db
    .update(connectors)
    .set({
      pullsMetrics: options.metrics ?? row.pullsMetrics,
      pullsCosts: options.costs ?? row.pullsCosts,
      updatedAt: new Date(),
    })
    .where(and(eq(connectors.workspaceId, workspaceId), eq(connectors.id, id)))
    .returning();
  return updated!;
}
