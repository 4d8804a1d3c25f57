import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import type { DomainEvents } from "../../platform/events/domain-events.ts";
import type { DemoSeeder } from "../demo/demo.service.ts";
import { resources } from "../inventory/inventory.schema.ts";
import { createDashboard } from "./dashboards/dashboards.service.ts";
import type { PanelInput } from "./dashboards/dashboards.zod.ts";
import { seedDemoAlerts } from "./demo-alerts.ts";
import { seedDemoChecks } from "./demo-checks.ts";
import { demoLogLines } from "./demo-logs.ts";
import { DEMO_METRICS, demoCpuHistory, demoMetricSamples, METRIC_HOSTS } from "./demo-metrics.ts";
import { insertLogLines } from "./logs/log-store.ts";
import { insertSamples } from "./metrics/metric-store.ts";
import { mineWorkspacePatterns } from "./patterns/store/pattern-mining.ts";

/**
 * The demo's telemetry: three days of logs and metrics of the services the inventory and cost
 * demos name, written through the stores ingest uses (partitions, roll-ups) and mined like any
 * workspace's lines; a dashboard; health checks (demo-checks.ts); alert rules and an incident
 * (demo-alerts.ts).
 */

const HOUR_MS = 3_600_000;
const DAYS = 3;

const panel = (
  title: string,
  metric: string,
  at: { x: number; y: number },
  aggregation: "avg" | "sum" | "max" = "avg",
): PanelInput => ({
  title,
  query: { kind: "metric", metric, aggregation, groupBy: ["host"], where: {} },
  chart: "line",
  ...at,
  w: 6,
  h: 3,
});

const PANELS: PanelInput[] = [
  panel("Requests per second", DEMO_METRICS.rate, { x: 0, y: 0 }, "sum"),
  panel("p95 latency (ms)", DEMO_METRICS.latency, { x: 6, y: 0 }, "max"),
  panel("CPU (%)", DEMO_METRICS.cpu, { x: 0, y: 3 }),
  panel("Memory used (bytes)", DEMO_METRICS.memory, { x: 6, y: 3 }),
  {
    title: "Errors",
    query: { kind: "logCount", level: "error" },
    chart: "bar",
    x: 0,
    y: 6,
    w: 12,
    h: 3,
  },
];

/** The observability seeder; mining tells automations of new patterns, as the job would. */
export function createObservabilityDemoSeeder(deps: {
  domainEvents: Pick<DomainEvents, "emit">;
}): DemoSeeder {
  return async (db: Db, ctx) => {
    const { workspaceId } = ctx;
    const now = Date.now();
    const from = now - DAYS * 24 * HOUR_MS;
    // Everything but the last two hours is mined first: that is the workspace's baseline, so a
    // template that only the last hour has shows as new, as it would on a live instance.
    const recentFrom = now - 2 * HOUR_MS;
    await insertLogLines(db, demoLogLines(workspaceId, now, from, recentFrom));
    await mineWorkspacePatterns(db, deps.domainEvents, workspaceId);
    await insertLogLines(db, demoLogLines(workspaceId, now, recentFrom, now));
    await mineWorkspacePatterns(db, deps.domainEvents, workspaceId);

    // Each host's series belong to the inventory resource of its name (seeded before this).
    const hosts = await db
      .select({ id: resources.id, name: resources.name })
      .from(resources)
      .where(
        and(
          eq(resources.workspaceId, workspaceId),
          inArray(
            resources.name,
            METRIC_HOSTS.map((h) => h.host),
          ),
        ),
      );
    const resourceIds = new Map(hosts.map((h) => [h.name, h.id]));
    await insertSamples(db, demoCpuHistory(workspaceId, from, resourceIds));
    await insertSamples(db, demoMetricSamples(workspaceId, from, now, resourceIds));
    await createDashboard(
      db,
      { workspaceId, userId: ctx.ownerUserId, role: "owner" },
      {
        name: "Web tier",
        description: "Traffic, latency and resources of the client services (demo data)",
        range: "24h",
        panels: PANELS,
      },
    );
    const [storefront] = await seedDemoChecks(db, ctx, now);
    await seedDemoAlerts(db, ctx, storefront!, now);
  };
}
