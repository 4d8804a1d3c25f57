// Audit scenarios for the projects board's mutations (projects, columns, tasks, their
// dependencies and links, saved views): one successful call each, for audit.test.ts.

import { costAnomalies } from "../../modules/costs/anomalies/anomalies.schema.ts";
import type { ScenarioKit } from "./cost-scenarios.testing.ts";

type Row = { id: string };
type Project = Row & { columns: Row[] };

export function projectScenarios(
  kit: ScenarioKit,
): Record<string, () => Promise<Record<string, unknown>>> {
  let serial = 0;
  // Keys are unique per workspace: each scenario makes its own project.
  const project = async () =>
    (await kit.as(kit.owner(), "projects.create", {
      key: `AUD${++serial}`,
      name: "Audited project",
    })) as Project;
  const task = async (projectId?: string) =>
    (await kit.as(kit.owner(), "tasks.create", {
      projectId: projectId ?? (await project()).id,
      title: "Audited task",
    })) as Row & { projectId: string };
  const view = () =>
    kit.as(kit.owner(), "views.create", {
      name: "Audited view",
      query: { filters: { labels: ["bug"] } },
    }) as Promise<Row>;

  return {
    "projects.create": () =>
      kit.call(kit.owner(), "projects.create", { key: "AUDNEW", name: "Audited" }),
    "projects.update": async () =>
      kit.call(kit.owner(), "projects.update", { id: (await project()).id, name: "Renamed" }),
    "projects.delete": async () =>
      kit.call(kit.owner(), "projects.delete", { id: (await project()).id }),
    "projects.columns.create": async () =>
      kit.call(kit.owner(), "projects.columns.create", {
        projectId: (await project()).id,
        name: "QA",
        category: "in_progress",
      }),
    "projects.columns.update": async () =>
      kit.call(kit.owner(), "projects.columns.update", {
        id: (await project()).columns[0]!.id,
        wipLimit: 3,
      }),
    "projects.columns.delete": async () => {
      const p = await project();
      return kit.call(kit.owner(), "projects.columns.delete", {
        id: p.columns[0]!.id,
        targetColumnId: p.columns[1]!.id,
      });
    },
    "projects.columns.reorder": async () => {
      const p = await project();
      return kit.call(kit.owner(), "projects.columns.reorder", {
        projectId: p.id,
        columnIds: p.columns.map((c) => c.id).reverse(),
      });
    },
    "tasks.create": async () =>
      kit.call(kit.owner(), "tasks.create", { projectId: (await project()).id, title: "New" }),
    "tasks.update": async () =>
      kit.call(kit.owner(), "tasks.update", { id: (await task()).id, estimate: "2" }),
    "tasks.move": async () => {
      const p = await project();
      const t = await task(p.id);
      return kit.call(kit.owner(), "tasks.move", { id: t.id, columnId: p.columns[4]!.id });
    },
    "tasks.delete": async () => kit.call(kit.owner(), "tasks.delete", { id: (await task()).id }),
    "tasks.createFromAnomaly": async () => {
      const [anomaly] = await kit
        .db()
        .insert(costAnomalies)
        .values({
          workspaceId: kit.workspaceId(),
          day: "2024-09-11",
          dimension: "ServiceName",
          key: "Audited task service",
          currency: "USD",
          actual: "90",
          expected: "10",
          lower: "8",
          upper: "12",
          score: 20,
          severity: "high",
          rootCause: [],
        })
        .returning({ id: costAnomalies.id });
      return kit.call(kit.owner(), "tasks.createFromAnomaly", {
        anomalyId: anomaly!.id,
        projectId: (await project()).id,
      });
    },
    "tasks.dependencies.add": async () => {
      const p = await project();
      const [a, b] = [await task(p.id), await task(p.id)];
      return kit.call(kit.owner(), "tasks.dependencies.add", { taskId: a.id, blockerId: b.id });
    },
    "tasks.dependencies.remove": async () => {
      const p = await project();
      const [a, b] = [await task(p.id), await task(p.id)];
      await kit.as(kit.owner(), "tasks.dependencies.add", { taskId: a.id, blockerId: b.id });
      return kit.call(kit.owner(), "tasks.dependencies.remove", { taskId: a.id, blockerId: b.id });
    },
    "tasks.links.add": async () =>
      kit.call(kit.owner(), "tasks.links.add", {
        taskId: (await task()).id,
        kind: "url",
        target: "https://example.com/audited",
      }),
    "tasks.links.remove": async () => {
      const link = (await kit.as(kit.owner(), "tasks.links.add", {
        taskId: (await task()).id,
        kind: "commit",
        target: "0123abcd",
      })) as Row;
      return kit.call(kit.owner(), "tasks.links.remove", { id: link.id });
    },
    "views.create": () =>
      kit.call(kit.owner(), "views.create", { name: "Audited", query: { filters: {} } }),
    "views.update": async () =>
      kit.call(kit.owner(), "views.update", { id: (await view()).id, shared: true }),
    "views.delete": async () => kit.call(kit.owner(), "views.delete", { id: (await view()).id }),
  };
}
