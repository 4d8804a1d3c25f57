// Audit scenarios for the roadmap, capacity and risk register: one successful call of each
// mutation, for audit.test.ts.

import type { ScenarioKit } from "./cost-scenarios.testing.ts";

type Scenarios = Record<string, () => Promise<Record<string, unknown>>>;

export function planningScenarios(kit: ScenarioKit): Scenarios {
  let project: Promise<{ id: string }> | undefined;
  const projectId = async () => {
    project ??= kit.as(kit.owner(), "projects.create", {
      key: "PLAN",
      name: "Planned",
    }) as Promise<{ id: string }>;
    return (await project).id;
  };
  const item = async (title = "Audited milestone") =>
    (await kit.as(kit.owner(), "roadmap.create", {
      projectId: await projectId(),
      kind: "milestone",
      title,
      endDate: "2026-06-30",
    })) as { id: string };
  const risk = async () =>
    (await kit.as(kit.owner(), "risks.create", {
      projectId: await projectId(),
      title: "Audited risk",
      likelihood: 2,
      impact: 3,
    })) as { id: string };
  const ownerId = () => (kit.owner().actor as { userId: string }).userId;

  return {
    "roadmap.create": async () =>
      kit.call(kit.owner(), "roadmap.create", {
        projectId: await projectId(),
        kind: "epic",
        title: "Audited epic",
        startDate: "2026-06-01",
        endDate: "2026-06-30",
      }),
    "roadmap.update": async () =>
      kit.call(kit.owner(), "roadmap.update", { id: (await item()).id, status: "in_progress" }),
    "roadmap.move": async () =>
      kit.call(kit.owner(), "roadmap.move", {
        id: (await item()).id,
        startDate: null,
        endDate: "2026-07-15",
      }),
    "roadmap.delete": async () =>
      kit.call(kit.owner(), "roadmap.delete", { id: (await item()).id }),
    "roadmap.dependencies.add": async () =>
      kit.call(kit.owner(), "roadmap.dependencies.add", {
        itemId: (await item("After")).id,
        dependsOnId: (await item("Before")).id,
      }),
    "roadmap.dependencies.remove": async () => {
      const input = { itemId: (await item("Later")).id, dependsOnId: (await item("Sooner")).id };
      await kit.as(kit.owner(), "roadmap.dependencies.add", input);
      return kit.call(kit.owner(), "roadmap.dependencies.remove", input);
    },
    "roadmap.tasks.set": async () => {
      const task = (await kit.as(kit.owner(), "tasks.create", {
        projectId: await projectId(),
        title: "Counted",
      })) as { id: string };
      return kit.call(kit.owner(), "roadmap.tasks.set", {
        itemId: (await item()).id,
        taskId: task.id,
        linked: true,
      });
    },
    "planning.capacity.set": () =>
      kit.call(kit.owner(), "planning.capacity.set", { userId: ownerId(), hours: 30 }),
    "planning.capacity.clear": async () => {
      const week = { userId: ownerId(), weekStart: "2026-06-01" };
      await kit.as(kit.owner(), "planning.capacity.set", { ...week, hours: 10 });
      return kit.call(kit.owner(), "planning.capacity.clear", week);
    },
    "risks.create": async () =>
      kit.call(kit.owner(), "risks.create", {
        projectId: await projectId(),
        title: "Audited risk",
        likelihood: 4,
        impact: 4,
      }),
    "risks.update": async () =>
      kit.call(kit.owner(), "risks.update", { id: (await risk()).id, status: "mitigating" }),
    "risks.delete": async () => kit.call(kit.owner(), "risks.delete", { id: (await risk()).id }),
  };
}
