import { and, asc, eq, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { conflict, invalid, notFound } from "../../../platform/errors.ts";
import { createOutboundHttp, OutboundError } from "../../../platform/http/outbound.ts";
import { resources } from "../../inventory/inventory.schema.ts";
import { insertSamples, type MetricSample } from "../metrics/metric-store.ts";
import { policyOf } from "../uptime/checks.service.ts";
import { refusedMessage } from "../uptime/probe.ts";
import { isAddressRefused, type TargetPolicy } from "../uptime/target-policy.ts";
import { parseExposition } from "./exposition.ts";
import { scrapeTargets } from "./scrape.schema.ts";

export type ScrapeTarget = typeof scrapeTargets.$inferSelect;

/** node_exporter of a host is scraped every minute unless a person changes it. */
const HOST_INTERVAL_SECONDS = 60;
/** Longest scrape answer read: node_exporter on a big host is ~200 KB, kube-state-metrics more. */
const MAX_SCRAPE_BYTES = 32 * 1024 * 1024;
const SCRAPE_TIMEOUT_MS = 10_000;
/** Samples written per insertSamples call, so one huge target does not make one huge statement. */
const WRITE_BATCH = 5_000;

export function targetView(row: ScrapeTarget) {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    job: row.job,
    intervalSeconds: row.intervalSeconds,
    isEnabled: row.isEnabled,
    source: row.connectorId ? ("host" as const) : ("manual" as const),
    connectorId: row.connectorId,
    resourceId: row.resourceId,
    nextScrapeAt: row.nextScrapeAt,
    lastScrapeAt: row.lastScrapeAt,
    lastDurationMs: row.lastDurationMs,
    lastError: row.lastError,
    lastSamples: row.lastSamples,
    health: !row.lastScrapeAt
      ? ("unknown" as const)
      : row.lastError
        ? ("down" as const)
        : ("up" as const),
  };
}

/** An http(s) URL without credentials (those would be stored in the clear). */
export function checkScrapeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid("url", "not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw invalid("url", "must be http(s)");
  if (url.username || url.password) throw invalid("url", "must not carry a user name or password");
  return url.toString();
}

/**
 * Every live host resource with a node_exporter URL gets a scrape target (one per connector),
 * pointed at the URL discovery last saw. A person may change its interval or pause it; removing
 * it means removing the URL from the host connector.
 */
export async function syncHostTargets(db: Db, workspaceId?: string) {
  const url = sql<string | null>`${resources.attributes} -> 'nodeExporter' ->> 'url'`;
  const hosts = await db
    .select({
      workspaceId: resources.workspaceId,
      connectorId: resources.connectorId,
      resourceId: resources.id,
      name: resources.name,
      url,
    })
    .from(resources)
    .where(
      and(
        eq(resources.provider, "host"),
        eq(resources.type, "host"),
        isNull(resources.deletedAt),
        sql`${url} is not null`,
        workspaceId ? eq(resources.workspaceId, workspaceId) : undefined,
      ),
    );
  for (const host of hosts) {
    if (!host.connectorId || !host.url) continue;
    const [existing] = await db
      .select()
      .from(scrapeTargets)
      .where(eq(scrapeTargets.connectorId, host.connectorId));
    if (existing) {
      if (existing.url !== host.url || existing.resourceId !== host.resourceId)
        await db
          .update(scrapeTargets)
          .set({ url: host.url, resourceId: host.resourceId, updatedAt: new Date() })
          .where(eq(scrapeTargets.id, existing.id))
          .catch(() => undefined); // the URL is already a person's target: theirs stays
      continue;
    }
    await db
      .insert(scrapeTargets)
      .values({
        workspaceId: host.workspaceId,
        name: `${host.name} node_exporter`,
        url: host.url,
        job: "node",
        intervalSeconds: HOST_INTERVAL_SECONDS,
        connectorId: host.connectorId,
        resourceId: host.resourceId,
      })
      .onConflictDoNothing();
  }
}

export async function listTargets(db: Db, workspaceId: string) {
  await syncHostTargets(db, workspaceId);
  return db
    .select()
    .from(scrapeTargets)
    .where(eq(scrapeTargets.workspaceId, workspaceId))
    .orderBy(asc(scrapeTargets.name));
}

export async function targetOf(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(scrapeTargets)
    .where(and(eq(scrapeTargets.workspaceId, workspaceId), eq(scrapeTargets.id, id)));
  if (!row) throw notFound("Scrape target");
  return row;
}

export async function createTarget(
  db: Db,
  workspaceId: string,
  input: { name: string; url: string; job?: string; intervalSeconds: number; isEnabled?: boolean },
) {
  const url = checkScrapeUrl(input.url);
  const [clash] = await db
    .select({ id: scrapeTargets.id })
    .from(scrapeTargets)
    .where(and(eq(scrapeTargets.workspaceId, workspaceId), eq(scrapeTargets.url, url)));
  if (clash) throw conflict(`${url} is already a scrape target`);
  const [row] = await db
    .insert(scrapeTargets)
    .values({
      workspaceId,
      name: input.name,
      url,
      job: input.job ?? input.name,
      intervalSeconds: input.intervalSeconds,
      isEnabled: input.isEnabled ?? true,
    })
    .returning();
  return row!;
}

export async function updateTarget(
  db: Db,
  workspaceId: string,
  id: string,
  patch: {
    name?: string;
    url?: string;
    job?: string;
    intervalSeconds?: number;
    isEnabled?: boolean;
  },
) {
  const row = await targetOf(db, workspaceId, id);
  if (row.connectorId && patch.url !== undefined && patch.url !== row.url)
    throw invalid("url", "this target follows its host connector; change the URL there");
  const url = patch.url === undefined ? undefined : checkScrapeUrl(patch.url);
  const [updated] = await db
    .update(scrapeTargets)
    .set({ ...patch, ...(url ? { url } : {}), updatedAt: new Date() })
    .where(and(eq(scrapeTargets.workspaceId, workspaceId), eq(scrapeTargets.id, id)))
    .returning()
    .catch((error: unknown) => {
      if (String((error as { cause?: unknown }).cause ?? error).includes("unique"))
        throw conflict(`${url} is already a scrape target`);
      throw error;
    });
  return updated!;
}

export async function deleteTarget(db: Db, workspaceId: string, id: string) {
  const row = await targetOf(db, workspaceId, id);
  if (row.connectorId)
    throw invalid(
      "id",
      "this target is the node_exporter of a host connector; pause it, or remove the URL from the connector",
    );
  await db
    .delete(scrapeTargets)
    .where(and(eq(scrapeTargets.workspaceId, workspaceId), eq(scrapeTargets.id, id)));
}

export interface ScrapeOutcome {
  samples: number;
  durationMs: number;
  error: string | null;
}

/**
 * Scrapes one target through outbound.ts under the workspace's target policy (private and
 * loopback only when a workspace admin allows them, as for health checks), writes its samples
 * with `job` and `instance` labels (and `resource_id` for a host's node_exporter) and records
 * the scrape's health. Never throws for the target's own failures: they are the recorded error.
 */
export async function scrapeTarget(
  db: Db,
  target: ScrapeTarget,
  policy: TargetPolicy,
  now = new Date(),
): Promise<ScrapeOutcome> {
  const started = performance.now();
  let samples = 0;
  let error: string | null = null;
  try {
    const http = createOutboundHttp({
      blockPrivateNetworks: policy.instanceBlocksPrivate,
      refuseAddress: isAddressRefused(policy),
    });
    const response = await http.request(target.url, {
      headers: { accept: "text/plain;version=0.0.4;q=1,*/*;q=0.1" },
      timeoutMs: Math.min(SCRAPE_TIMEOUT_MS, target.intervalSeconds * 1000),
      maxResponseBytes: MAX_SCRAPE_BYTES,
    });
    if (response.status !== 200) throw new Error(`HTTP ${response.status} from ${target.url}`);
    const parsed = parseExposition(response.body.toString("utf8"));
    const instance = new URL(target.url).host;
    const base: Record<string, string> = { job: target.job, instance };
    if (target.resourceId) base.resource_id = target.resourceId;
    const rows: MetricSample[] = parsed.map((s) => ({
      workspaceId: target.workspaceId,
      name: s.name,
      // The target's labels win, as Prometheus does without honor_labels.
      labels: { ...s.labels, ...base },
      time: s.timeMs !== null ? new Date(s.timeMs) : now,
      value: s.value,
      resourceId: target.resourceId,
    }));
    for (let i = 0; i < rows.length; i += WRITE_BATCH)
      samples += await insertSamples(db, rows.slice(i, i + WRITE_BATCH));
  } catch (caught) {
    error =
      caught instanceof OutboundError || caught instanceof Error ? caught.message : String(caught);
    // The client's refusal blames GLASSPANE_BLOCK_PRIVATE_NETWORKS whatever refused the address:
    // name the actual rule (the workspace's Health setting or the metadata rule), as checks do.
    if (caught instanceof OutboundError && caught.code === "blocked_address")
      error = refusedMessage(error, policy, "scrape targets");
    error = error.slice(0, 500);
  }
  const durationMs = Math.round(performance.now() - started);
  await db
    .update(scrapeTargets)
    .set({ lastScrapeAt: now, lastDurationMs: durationMs, lastError: error, lastSamples: samples })
    .where(eq(scrapeTargets.id, target.id));
  return { samples, durationMs, error };
}

export async function scrapeNow(db: Db, target: ScrapeTarget, instanceBlocksPrivate: boolean) {
  const policy = await policyOf(db, target.workspaceId, instanceBlocksPrivate);
  return scrapeTarget(db, target, policy);
}

/**
 * Scrapes every enabled target that is due. Each target is claimed by moving its next scrape
 * time forward in one conditional update (still due → next), so two instances never scrape it
 * twice. (Compared with `<= now`, not equality: the database keeps microseconds, a JS Date not.)
 */
export async function scrapeDue(db: Db, instanceBlocksPrivate: boolean, now = new Date()) {
  await syncHostTargets(db);
  const due = await db
    .select()
    .from(scrapeTargets)
    .where(and(eq(scrapeTargets.isEnabled, true), lte(scrapeTargets.nextScrapeAt, now)))
    .orderBy(asc(scrapeTargets.nextScrapeAt))
    .limit(500);
  let scraped = 0;
  let failed = 0;
  const queue = [...due];
  const worker = async () => {
    for (let target = queue.shift(); target; target = queue.shift()) {
      const next = new Date(now.getTime() + target.intervalSeconds * 1000);
      const claimed = await db
        .update(scrapeTargets)
        .set({ nextScrapeAt: next })
        .where(and(eq(scrapeTargets.id, target.id), lte(scrapeTargets.nextScrapeAt, now)))
        .returning({ id: scrapeTargets.id });
      if (claimed.length === 0) continue;
      const outcome = await scrapeNow(db, target, instanceBlocksPrivate);
      scraped++;
      if (outcome.error) failed++;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return { due: due.length, scraped, failed };
}
