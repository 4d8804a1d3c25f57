import Decimal from "decimal.js";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { projects, sprints, tasks } from "../projects.schema.ts";
import { eventsOf } from "../tasks/task-events.ts";
import { burndownOf } from "./burndown.ts";
import { measureSprint, replayAt } from "./replay.ts";
import { sprintOf, sprintViews } from "./sprints.service.ts";

async function unitOf(db: Db, projectId: string): Promise<"points" | "hours"> {
  const [row] = await db
    .select({ unit: projects.estimateUnit })
    .from(projects)
    .where(eq(projects.id, projectId));
  return row?.unit === "hours" ? "hours" : "points";
}

/** A sprint's burndown, replayed from its project's task history up to now, in local days. */
export async function sprintBurndown(
  db: Db,
  workspaceId: string,
  id: string,
  timeZone: string,
  now = new Date(),
) {
  const sprint = await sprintOf(db, workspaceId, id);
  const events = await eventsOf(db, workspaceId, sprint.projectId, {
    before: sprint.completedAt ?? now,
  });
  const chart = burndownOf(sprint, events, { now, timeZone });
  const [view] = await sprintViews(db, workspaceId, [sprint]);
  const inSprint = await db
    .select({ estimate: tasks.estimate })
    .from(tasks)
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.sprintId, id)));
  return {
    sprint: view!,
    unit: await unitOf(db, sprint.projectId),
    ...chart,
    unestimatedTasks: inSprint.filter((t) => t.estimate === null).length,
    timeZone,
  };
}

const average = (values: Decimal[]) =>
  values.length === 0
    ? null
    : Decimal.sum(...values)
        .div(values.length)
        .toDecimalPlaces(2)
        .toFixed();

/**
 * Committed against completed for the project's last completed sprints, oldest first, with the
 * averages. Task counts are replayed: the tasks in the sprint when it started, and those done
 * in it when it completed.
 */
export async function projectVelocity(
  db: Db,
  workspaceId: string,
  projectId: string,
  last: number,
) {
  const done = await db
    .select()
    .from(sprints)
    .where(
      and(
        eq(sprints.workspaceId, workspaceId),
        eq(sprints.projectId, projectId),
        eq(sprints.state, "completed"),
      ),
    )
    .orderBy(desc(sprints.completedAt))
    .limit(last);
  done.reverse();
  const events = await eventsOf(db, workspaceId, projectId);
  // Two instants per sprint: when it started and when it completed.
  const instants = done.flatMap((s) => [s.startedAt ?? s.completedAt!, s.completedAt!]);
  const measured = replayAt(events, instants, (states, i) =>
    measureSprint(states, done[Math.floor(i / 2)]!.id),
  );
  const counts = done.map((_, i) => {
    const atStart = measured[2 * i]!;
    const atEnd = measured[2 * i + 1]!;
    return {
      committedTasks: atStart.scopeTasks,
      completedTasks: atEnd.scopeTasks - atEnd.remainingTasks,
    };
  });
  const rows = done.map((s, i) => ({
    id: s.id,
    name: s.name,
    startDate: s.startDate,
    endDate: s.endDate,
    completedAt: s.completedAt!,
    committed: s.committed ?? "0",
    completed: s.completed ?? "0",
    ...counts[i]!,
  }));
  return {
    unit: await unitOf(db, projectId),
    sprints: rows,
    averageCommitted: average(rows.map((r) => new Decimal(r.committed))),
    averageCompleted: average(rows.map((r) => new Decimal(r.completed))),
  };
}
