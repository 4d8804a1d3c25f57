// Audit scenarios for time tracking and sprints: one successful call of each mutation, for
// audit.test.ts.

import type { ScenarioKit } from "./cost-scenarios.testing.ts";

type Scenarios = Record<string, () => Promise<Record<string, unknown>>>;

const manual = { startedAt: "2025-03-03T09:00:00Z", seconds: 1800, description: "Audited time" };

export function timeScenarios(kit: ScenarioKit): Scenarios {
  let project: Promise<{ id: string }> | undefined;
  let sprintCount = 0;
  /** One project for every scenario, made on first use. */
  const projectId = async () => {
    project ??= kit.as(kit.owner(), "projects.create", {
      key: "AUDT",
      name: "Audited",
    }) as Promise<{
      id: string;
    }>;
    return (await project).id;
  };
  const newSprint = async () =>
    (await kit.as(kit.owner(), "sprints.create", {
      projectId: await projectId(),
      name: `Audited sprint ${++sprintCount}`,
      startDate: "2025-03-03",
      endDate: "2025-03-14",
    })) as { id: string };
  const entry = async () =>
    (await kit.as(kit.owner(), "time.entries.create", manual)) as { id: string };
  /** The owner's timer is stopped by time.stop's scenario; others leave none running. */
  const ownerId = () => (kit.owner().actor as { userId: string }).userId;

  return {
    "time.start": async () => {
      const input = { projectId: await projectId(), description: "Audited timer" };
      await kit.call(kit.owner(), "time.start", input);
      await kit.as(kit.owner(), "time.stop", {});
      return input;
    },
    "time.stop": async () => {
      await kit.as(kit.owner(), "time.start", { description: "to stop" });
      return kit.call(kit.owner(), "time.stop", {});
    },
    "time.entries.create": () => kit.call(kit.owner(), "time.entries.create", manual),
    "time.entries.update": async () =>
      kit.call(kit.owner(), "time.entries.update", { id: (await entry()).id, seconds: 900 }),
    "time.entries.delete": async () =>
      kit.call(kit.owner(), "time.entries.delete", { id: (await entry()).id }),
    "time.rates.set": () =>
      kit.call(kit.owner(), "time.rates.set", {
        userId: ownerId(),
        hourlyRate: "90",
        costRate: "35",
        currency: "EUR",
      }),
    "sprints.create": async () =>
      kit.call(kit.owner(), "sprints.create", {
        projectId: await projectId(),
        name: "Audited create",
        startDate: "2025-03-03",
        endDate: "2025-03-14",
      }),
    "sprints.update": async () =>
      kit.call(kit.owner(), "sprints.update", { id: (await newSprint()).id, goal: "Ship it" }),
    "sprints.delete": async () =>
      kit.call(kit.owner(), "sprints.delete", { id: (await newSprint()).id }),
    "sprints.plan": async () => {
      const task = (await kit.as(kit.owner(), "tasks.create", {
        projectId: await projectId(),
        title: "Audited task",
        estimate: "2",
      })) as { id: string };
      return kit.call(kit.owner(), "sprints.plan", { id: (await newSprint()).id, add: [task.id] });
    },
    "sprints.start": async () => {
      const sprint = await newSprint();
      const input = await kit.call(kit.owner(), "sprints.start", { id: sprint.id });
      await kit.as(kit.owner(), "sprints.complete", { id: sprint.id, carryOver: "backlog" });
      return input;
    },
    "sprints.complete": async () => {
      const sprint = await newSprint();
      await kit.as(kit.owner(), "sprints.start", { id: sprint.id });
      return kit.call(kit.owner(), "sprints.complete", { id: sprint.id, carryOver: "backlog" });
    },
  };
}
