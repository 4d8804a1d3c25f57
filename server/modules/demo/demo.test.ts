import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  sessionCaller,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import type { Caller } from "../../platform/operations/execute.ts";
import { evaluateWorkspace } from "../observability/alerts/engine.ts";

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;
const HOUR_MS = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR_MS).toISOString();
const now = () => new Date(Date.now() + 60_000).toISOString();

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "demo-observability@example.com", "Own");
  const demo = await rt.services.demo.createDemoWorkspace(rt.database.db, o.userId);
  owner = await sessionCaller(rt, o.userId, demo.id);
  workspaceId = demo.id;
});
afterAll(async () => {
  await rt?.close();
});

describe("demo observability", () => {
  it("logs of the demo's services are searchable, errors of the storefront incident among them", async () => {
    const services = (await rt.as(owner, "logs.services", {
      from: ago(72),
      to: now(),
    })) as OperationOutput<"logs.services">;
    expect(services.items.map((s) => s.service)).toContain("storefront");
    expect(services).toMatchObject({ total: services.items.length, truncated: false });
    const found = (await rt.as(owner, "logs.search", {
      q: "acme-db",
      level: "error",
      service: "storefront",
      from: ago(72),
      to: now(),
    })) as OperationOutput<"logs.search">;
    expect(found.items.length).toBeGreaterThan(10);
    expect(found.items.every((l) => l.message.includes("acme-db"))).toBe(true);
    const all = (await rt.as(owner, "logs.search", {
      from: ago(72),
      to: now(),
      limit: 1000,
    })) as OperationOutput<"logs.search">;
    expect(new Set(all.items.map((l) => l.level))).toEqual(
      new Set(["debug", "info", "warn", "error"]),
    );
  });

  it("the last hour's rate-limit lines are a new pattern; older templates are the baseline", async () => {
    const patterns = (await rt.as(owner, "logs.patterns", {
      from: ago(72),
      to: now(),
      limit: 500,
    })) as OperationOutput<"logs.patterns">;
    const fresh = patterns.items.filter((p) => p.isNew);
    expect(fresh.map((p) => p.service)).toEqual(["globex-api"]);
    expect(fresh[0]?.template).toContain("rate limited");
    expect(patterns.items.length).toBeGreaterThan(10);
  });

  it("metrics have points per host with the latency spike of the incident", async () => {
    const latency = (await rt.as(owner, "metrics.query", {
      metric: "http_request_duration_p95_ms",
      from: ago(72),
      to: now(),
      step: 3600,
      aggregation: "max",
      groupBy: ["host"],
    })) as OperationOutput<"metrics.query">;
    expect(latency.series.map((s) => s.labels.host).sort()).toEqual([
      "acme-web-1",
      "acme-web-2",
      "globex-api",
      "initech-app",
    ]);
    const peak = (host: string) =>
      Math.max(...latency.series.find((s) => s.labels.host === host)!.points.map((p) => p.value));
    expect(peak("acme-web-2")).toBeGreaterThan(3 * peak("acme-web-1"));
    const cpu = (await rt.as(owner, "metrics.query", {
      metric: "cpu_utilization_percent",
      from: ago(2),
      to: now(),
      step: 60,
    })) as OperationOutput<"metrics.query">;
    expect(cpu.series[0]?.points.length).toBeGreaterThan(5);
  });

  it("its VMs' CPU makes savings advice: the tools box idles, the Initech VM is oversized", async () => {
    const savings = (await rt.as(owner, "costs.savings", {})) as OperationOutput<"costs.savings">;
    const advice = savings.items
      .filter((i) => i.inventoryId !== null)
      .map((i) => `${i.kind} ${i.title}`);
    expect(advice).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^idle .*agency-tools/),
        expect.stringMatching(/^rightsizing .*initech-app/),
        expect.stringMatching(/^unattached .*vol-orphaned/),
      ]),
    );
    // The busy web servers are neither.
    expect(advice.some((a) => a.includes("acme-web"))).toBe(false);
    expect(savings.unavailable).toEqual([]);
  });

  it("inventory states are in one case, as discovery stores them", async () => {
    const found = (await rt.as(owner, "inventory.search", { facets: true })) as {
      facets: { state: Array<{ value: string | null }> };
    };
    const states = found.facets.state.map((f) => f.value).filter((v) => v !== null);
    expect(states.length).toBeGreaterThan(2);
    expect(states.every((v) => v === v!.toLowerCase())).toBe(true);
  });

  it("a dashboard with metric and log panels", async () => {
    const list = (await rt.as(owner, "dashboards.list", {})) as OperationOutput<"dashboards.list">;
    expect(list.map((d) => [d.name, d.panelCount])).toEqual([["Web tier", 5]]);
  });

  it("checks have a week of uptime, the storefront's dented by the incident, and a status page", async () => {
    const checks = (await rt.as(
      owner,
      "health.checks.list",
      {},
    )) as OperationOutput<"health.checks.list">;
    expect(checks).toHaveLength(4);
    // Paused: the demo's checks watch invented .example hosts and are never probed.
    expect(checks.every((c) => !c.isEnabled && c.target.includes(".example"))).toBe(true);
    const storefront = checks.find((c) => c.name === "Acme storefront")!;
    const detail = (await rt.as(owner, "health.checks.get", {
      id: storefront.id,
    })) as OperationOutput<"health.checks.get">;
    expect(detail.uptime.week).toBeGreaterThan(0.99);
    expect(detail.uptime.week).toBeLessThan(1);
    expect(detail.changes.map((c) => c.status)).toContain("down");
    const settings = (await rt.as(
      owner,
      "health.settings.get",
      {},
    )) as OperationOutput<"health.settings.get">;
    expect(settings.statusPage.isEnabled).toBe(true);
    const page = (await rt.as(owner, "health.statusPage.view", {
      slug: settings.statusPage.slug!,
    })) as OperationOutput<"health.statusPage.view">;
    expect(page.components).toHaveLength(3);
    // The public page says monitoring is paused, not that nothing is known, and keeps the uptime.
    expect(page.status).toBe("paused");
    expect(page.components.every((c) => c.status === "paused" && c.uptime! > 0.99)).toBe(true);
  });

  it("alert rules, the incident's fired-and-resolved alerts and its timeline", async () => {
    const rules = (await rt.as(
      owner,
      "alerts.rules.list",
      {},
    )) as OperationOutput<"alerts.rules.list">;
    expect(rules).toHaveLength(4);
    const resolved = (await rt.as(owner, "alerts.list", {
      state: "resolved",
    })) as OperationOutput<"alerts.list">;
    expect(resolved).toHaveLength(2);
    const history = (await rt.as(owner, "alerts.history", {
      id: resolved[0]!.id,
    })) as OperationOutput<"alerts.history">;
    expect(history.map((h) => h.state)).toEqual(["pending", "firing", "resolved"]);
    const [incident] = (await rt.as(
      owner,
      "incidents.list",
      {},
    )) as OperationOutput<"incidents.list">;
    expect(incident?.status).toBe("resolved");
    expect(incident?.title).toBe("Storefront slow · storefront");
    const detail = (await rt.as(owner, "incidents.get", {
      id: incident!.id,
    })) as OperationOutput<"incidents.get">;
    expect(detail.timeline.map((e) => e.kind)).toEqual([
      "opened",
      "alert_joined",
      "acknowledged",
      "comment",
      "alert_resolved",
      "alert_resolved",
      "resolved",
    ]);
  });
});

describe("demo budgets", () => {
  it("three budgets over the demo ledger, Acme's forecast over its amount with the alert fired", async () => {
    const budgets = (await rt.as(owner, "budgets.list", {})) as OperationOutput<"budgets.list">;
    expect(budgets.map((b) => b.name)).toEqual([
      "Acme storefront (client)",
      "Agency monthly",
      "Globex data pipeline (project)",
    ]);
    const acme = budgets[0]!;
    expect(Number(acme.status.forecastPercent)).toBeGreaterThan(100);
    const detail = (await rt.as(owner, "budgets.get", {
      id: acme.id,
    })) as OperationOutput<"budgets.get">;
    expect(detail.alerts.map((a) => `${a.percent}/${a.basis}`)).toContain("100/forecast");
  });
});

describe("demo alerts once the engine runs", () => {
  it("the new log pattern and the cost demo's open anomaly fire their rules", async () => {
    const summary = await evaluateWorkspace(rt.database.db, rt.services, workspaceId);
    expect(summary.errors).toEqual([]);
    const firing = (await rt.as(owner, "alerts.list", {
      state: "firing",
    })) as OperationOutput<"alerts.list">;
    const rules = new Set(firing.map((a) => a.labels.alertname));
    expect(rules).toEqual(new Set(["New warning or error pattern", "Cost anomaly"]));
  });
});
