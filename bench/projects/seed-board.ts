import { sql } from "drizzle-orm";
import { generateNKeysBetween } from "fractional-indexing";
import {
  taskDependencies,
  taskEvents,
  tasks,
} from "../../server/modules/projects/projects.schema.ts";
import type { Db } from "../../server/platform/db/database.ts";

/**
 * A big board for the benchmark: `count` tasks spread over the project's columns (most done,
 * as on a long-lived project), a subtask every 20th task, a dependency every 50th, and a
 * "created" event each, written in bulk (creating them one by one through tasks.create would
 * measure the seeding, not the board). Invented titles; a fixed pattern keeps runs comparable.
 */
export async function seedBoard(
  db: Db,
  input: {
    workspaceId: string;
    projectId: string;
    columns: { id: string; category: string }[];
    assigneeIds: string[];
    count: number;
  },
): Promise<void> {
  const { workspaceId, projectId, columns, count } = input;
  const ranks = generateNKeysBetween(null, null, count);
  const labels = ["frontend", "backend", "infra", "bug", "design", "docs"];
  const priorities = ["urgent", "high", "medium", "low", "none"];
  // Share of tasks per column: a mature project has most of its tasks done.
  const weights = columns.map((c) =>
    c.category === "done" ? 6 : c.category === "backlog" ? 2 : 1,
  );
  const total = weights.reduce((a, b) => a + b, 0);
  const columnOf = (i: number) => {
    let at = (i * 7919) % total;
    for (const [k, w] of weights.entries()) {
      if (at < w) return columns[k]!;
      at -= w;
    }
    return columns.at(-1)!;
  };
  const now = Date.now();
  const rows = Array.from({ length: count }, (_, i) => {
    const column = columnOf(i);
    const created = new Date(now - ((count - i) % 120) * 86_400_000);
    return {
      id: crypto.randomUUID(),
      workspaceId,
      projectId,
      number: i + 1,
      title: `Benchmark task ${i + 1}: ${labels[i % labels.length]} work item`,
      columnId: column.id,
      rank: ranks[i]!,
      priority: priorities[i % priorities.length]!,
      assigneeId: i % 4 === 3 ? null : input.assigneeIds[i % input.assigneeIds.length]!,
      labels: [
        labels[i % labels.length]!,
        ...(i % 3 === 0 ? [labels[(i + 1) % labels.length]!] : []),
      ],
      estimate: String((i % 8) + 1),
      dueDate:
        i % 5 === 0
          ? new Date(now + ((i % 60) - 20) * 86_400_000).toISOString().slice(0, 10)
          : null,
      completedAt: column.category === "done" ? created : null,
      createdAt: created,
      updatedAt: created,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await db.insert(tasks).values(rows.slice(i, i + 500));
  // Subtasks: every 20th task belongs to the task before it.
  for (let i = 20; i < rows.length; i += 20)
    await db.execute(
      sql`UPDATE tasks SET parent_id = ${rows[i - 1]!.id} WHERE id = ${rows[i]!.id}`,
    );
  const dependencies = [];
  for (let i = 50; i < rows.length; i += 50)
    dependencies.push({ workspaceId, taskId: rows[i]!.id, blockerId: rows[i - 7]!.id });
  if (dependencies.length) await db.insert(taskDependencies).values(dependencies);
  const events = rows.map((r) => ({
    workspaceId,
    projectId,
    taskId: r.id,
    type: "created",
    data: {
      to: {
        columnId: r.columnId,
        done: r.completedAt !== null,
        estimate: r.estimate,
        sprintId: null,
        assigneeId: r.assigneeId,
      },
    },
    at: r.createdAt,
  }));
  for (let i = 0; i < events.length; i += 500)
    await db.insert(taskEvents).values(events.slice(i, i + 500));
  await db.execute(
    sql`UPDATE projects SET next_task_number = ${count + 1} WHERE id = ${projectId}`,
  );
  await db.execute(sql`ANALYZE tasks`);
}
