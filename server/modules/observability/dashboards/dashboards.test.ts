import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { insertSamples } from "../metrics/metric-store.ts";

interface Dashboard {
  id: string;
  name: string;
  range: string;
  canEdit: boolean;
  panels: Array<{ id: string; title: string; x: number; y: number; w: number; h: number }>;
}

let rt: TestRuntime;
let owner: Caller;
let member: Caller;
let otherMember: Caller;
let viewer: Caller;
let outsider: Caller;
let workspaceId: string;

const metricPanel = (over: Record<string, unknown> = {}) => ({
  title: "CPU",
  query: { kind: "metric", metric: "cpu_usage", aggregation: "avg", groupBy: ["host"] },
  chart: "line",
  x: 0,
  y: 0,
  w: 6,
  h: 3,
  ...over,
});

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; details?: { field?: string } };
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "dash@example.com", "Dashboards");
  owner = o.caller;
  workspaceId = o.workspaceId;
  member = (await addMember(rt, o.workspaceId, "dash-member@example.com", "member")).caller;
  otherMember = (await addMember(rt, o.workspaceId, "dash-m2@example.com", "member")).caller;
  viewer = (await addMember(rt, o.workspaceId, "dash-viewer@example.com", "viewer")).caller;
  outsider = (await createOwner(rt, "dash-other@example.com", "Other")).caller;
});
afterAll(async () => {
  await rt?.close();
});

describe("dashboards", () => {
  it("are created with panels, listed and read by the whole workspace", async () => {
    const made = (await rt.as(member, "dashboards.create", {
      name: "Web tier",
      range: "6h",
      panels: [
        metricPanel(),
        metricPanel({ title: "Errors", x: 6, query: { kind: "logCount", level: "error" } }),
      ],
    })) as Dashboard;
    expect(made.panels.map((p) => p.title)).toEqual(["CPU", "Errors"]);
    expect(made.panels[0]!.id).toBeTruthy();
    expect(made.canEdit).toBe(true);

    const list = (await rt.as(viewer, "dashboards.list", {})) as Array<{
      id: string;
      panelCount: number;
      canEdit: boolean;
    }>;
    expect(list).toContainEqual(expect.objectContaining({ id: made.id, panelCount: 2 }));
    const seen = (await rt.as(viewer, "dashboards.get", { id: made.id })) as Dashboard;
    expect(seen.range).toBe("6h");
    expect(seen.canEdit).toBe(false);
  });

  it("are arranged and edited by their creator and admins, not by other members", async () => {
    const made = (await rt.as(member, "dashboards.create", {
      name: "Arranged",
      panels: [metricPanel()],
    })) as Dashboard;
    const id = made.panels[0]!.id;
    const moved = (await rt.as(member, "dashboards.update", {
      id: made.id,
      panels: [metricPanel({ id, x: 4, y: 2, w: 8, h: 4 })],
    })) as Dashboard;
    expect(moved.panels[0]).toMatchObject({ id, x: 4, y: 2, w: 8, h: 4 });

    const refused = await failure(
      rt.as(otherMember, "dashboards.update", { id: made.id, name: "Mine now" }),
    );
    expect(refused.code).toBe("forbidden");
    expect((await failure(rt.as(otherMember, "dashboards.delete", { id: made.id }))).code).toBe(
      "forbidden",
    );
    const renamed = (await rt.as(owner, "dashboards.update", {
      id: made.id,
      name: "Renamed by owner",
    })) as Dashboard;
    expect(renamed.name).toBe("Renamed by owner");
    expect(renamed.panels).toHaveLength(1);

    await rt.as(member, "dashboards.delete", { id: made.id });
    expect((await failure(rt.as(member, "dashboards.get", { id: made.id }))).code).toBe(
      "not_found",
    );
  });

  it("name the bad field: a panel wider than the grid, overlapping panels, a bad chart", async () => {
    const wide = await failure(
      rt.as(owner, "dashboards.create", { name: "Bad", panels: [metricPanel({ x: 8, w: 6 })] }),
    );
    expect(wide.code).toBe("invalid_input");
    expect(wide.message).toContain("panels.0.w");
    const overlap = await failure(
      rt.as(owner, "dashboards.create", {
        name: "Bad",
        panels: [metricPanel(), metricPanel({ title: "Second", x: 3, y: 1 })],
      }),
    );
    expect(overlap.message).toContain("panels.1");
    expect(overlap.message).toContain("overlaps");
    const chart = await failure(
      rt.as(owner, "dashboards.create", { name: "Bad", panels: [metricPanel({ chart: "pie" })] }),
    );
    expect(chart.code).toBe("invalid_input");
    expect(chart.message).toContain("chart");
    const blank = await failure(rt.as(owner, "dashboards.create", { name: " " }));
    expect(blank.message).toContain("name");
  });

  it("of another workspace are not found, and viewers cannot create", async () => {
    const made = (await rt.as(owner, "dashboards.create", { name: "Private" })) as Dashboard;
    expect((await failure(rt.as(outsider, "dashboards.get", { id: made.id }))).code).toBe(
      "not_found",
    );
    expect(
      (await failure(rt.as(outsider, "dashboards.update", { id: made.id, name: "x" }))).code,
    ).toBe("not_found");
    expect(await rt.as(outsider, "dashboards.list", {})).toEqual([]);
    expect((await failure(rt.as(viewer, "dashboards.create", { name: "No" }))).code).toBe(
      "forbidden",
    );
  });
});

describe("saved log searches", () => {
  it("are saved, listed for the workspace, unique by name and deleted by their creator", async () => {
    const saved = (await rt.as(member, "logs.savedSearches.create", {
      name: "Checkout errors",
      query: {
        service: "checkout",
        level: "error",
        q: "timeout",
        range: "1h",
        attributes: { "http.status_code": "504" },
      },
    })) as { id: string; canDelete: boolean };
    expect(saved.canDelete).toBe(true);
    const list = (await rt.as(viewer, "logs.savedSearches.list", {})) as Array<{
      name: string;
      query: Record<string, unknown>;
      canDelete: boolean;
    }>;
    expect(list).toEqual([
      expect.objectContaining({
        name: "Checkout errors",
        query: {
          service: "checkout",
          level: "error",
          q: "timeout",
          range: "1h",
          attributes: { "http.status_code": "504" },
        },
        canDelete: false,
      }),
    ]);
    const twice = await failure(
      rt.as(owner, "logs.savedSearches.create", { name: "Checkout errors", query: {} }),
    );
    expect(twice.code).toBe("conflict");
    const badLevel = await failure(
      rt.as(owner, "logs.savedSearches.create", { name: "x", query: { level: "loud" } }),
    );
    expect(badLevel.message).toContain("level");
    expect(
      (await failure(rt.as(otherMember, "logs.savedSearches.delete", { id: saved.id }))).code,
    ).toBe("forbidden");
    expect(
      (await failure(rt.as(outsider, "logs.savedSearches.delete", { id: saved.id }))).code,
    ).toBe("not_found");
    await rt.as(member, "logs.savedSearches.delete", { id: saved.id });
    expect(await rt.as(owner, "logs.savedSearches.list", {})).toEqual([]);
  });
});

describe("a resource's metrics", () => {
  it("are the series sent with that resource's ingest key, and only those", async () => {
    const resourceId = "6f1c2a4e-0000-4000-8000-00000000abcd";
    const t0 = Date.UTC(2026, 10, 20, 0, 0, 0);
    const sample = (name: string, value: number, resource: string | null, i: number) => ({
      workspaceId,
      name,
      labels: { host: resource ? "db-1" : "web-1" },
      time: new Date(t0 + i * 60_000),
      value,
      resourceId: resource,
    });
    await insertSamples(rt.database.db, [
      ...Array.from({ length: 5 }, (_, i) => sample("db_connections", 10 + i, resourceId, i)),
      ...Array.from({ length: 5 }, (_, i) => sample("db_connections", 99, null, i)),
      sample("web_requests", 1, null, 0),
    ]);
    const names = await rt.as(viewer, "metrics.names", { resourceId });
    expect(names).toEqual([{ name: "db_connections", series: 1 }]);
    const result = (await rt.as(viewer, "metrics.query", {
      metric: "db_connections",
      from: new Date(t0).toISOString(),
      to: new Date(t0 + 10 * 60_000).toISOString(),
      step: 300,
      aggregation: "max",
      resourceId,
    })) as { series: Array<{ points: Array<{ value: number }> }> };
    expect(result.series).toHaveLength(1);
    expect(result.series[0]!.points.map((p) => p.value)).toEqual([14]);
  });
});
