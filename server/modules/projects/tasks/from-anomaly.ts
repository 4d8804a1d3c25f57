import Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { conflict, notFound } from "../../../platform/errors.ts";
import { costAnomalies } from "../../costs/anomalies/anomalies.schema.ts";
import { tasks } from "../projects.schema.ts";
import { createTask } from "./tasks.service.ts";

/** A cost anomaly made into a task: titled from it, linked to it, and remembered by it. */

const money = (amount: string, currency: string) =>
  `${new Decimal(amount).toDecimalPlaces(2).toFixed(2)} ${currency}`;

/** The task's title and description, from the anomaly's numbers. */
export function describeAnomaly(anomaly: typeof costAnomalies.$inferSelect) {
  const what = anomaly.key || "Total cost";
  const deviation = new Decimal(anomaly.actual).minus(anomaly.expected);
  const direction = deviation.isNegative() ? "drop" : "spike";
  return {
    title: `${what} cost ${direction}: ${money(anomaly.actual, anomaly.currency)} on ${anomaly.day}`,
    description: [
      `Cost anomaly found on **${anomaly.day}** for ${anomaly.dimension} **${what}**.`,
      "",
      `- Actual: ${money(anomaly.actual, anomaly.currency)}`,
      `- Expected: ${money(anomaly.expected, anomaly.currency)} (range ${money(anomaly.lower, anomaly.currency)} – ${money(anomaly.upper, anomaly.currency)})`,
      `- Severity: ${anomaly.severity}`,
      "",
      "Find the cause, fix it or explain it, then close this task.",
    ].join("\n"),
  };
}

/** Creates a task for an anomaly in the given project and marks the anomaly as tracked by it. */
export async function createTaskFromAnomaly(
  db: Db,
  input: {
    workspaceId: string;
    actorId: string | null;
    anomalyId: string;
    projectId: string;
    columnId?: string;
    assigneeId?: string | null;
  },
) {
  const [anomaly] = await db
    .select()
    .from(costAnomalies)
    .where(
      and(eq(costAnomalies.workspaceId, input.workspaceId), eq(costAnomalies.id, input.anomalyId)),
    );
  if (!anomaly) throw notFound("Cost anomaly");
  if (anomaly.taskId) {
    const [existing] = await db
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(eq(tasks.workspaceId, input.workspaceId), eq(tasks.id, anomaly.taskId)));
    if (existing) throw conflict("This anomaly already has a task: open it from the anomaly page");
  }
  const { title, description } = describeAnomaly(anomaly);
  const task = await createTask(db, {
    workspaceId: input.workspaceId,
    actorId: input.actorId,
    projectId: input.projectId,
    columnId: input.columnId,
    fields: {
      title,
      description,
      priority: anomaly.severity === "high" ? "high" : "medium",
      assigneeId: input.assigneeId ?? null,
      labels: ["cost"],
    },
    links: [{ kind: "cost_anomaly", target: anomaly.id }],
  });
  await db
    .update(costAnomalies)
    .set({ taskId: task.id })
    .where(and(eq(costAnomalies.workspaceId, input.workspaceId), eq(costAnomalies.id, anomaly.id)));
  return task;
}
