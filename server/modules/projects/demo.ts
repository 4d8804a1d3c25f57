import { and, desc, eq, inArray } from "drizzle-orm";
import { users } from "../../platform/auth/auth.schema.ts";
import type { Db } from "../../platform/db/database.ts";
import { costAnomalies } from "../costs/anomalies/anomalies.schema.ts";
import type { DemoSeeder } from "../demo/demo.service.ts";
/**
 * Demo projects: "WEB", the rebuild of client Acme's storefront (its cost scope is the demo
 * bill's client=acme tag), with a few weeks of history, and a smaller internal "OPS" project.
 * Invented tasks; dates are relative to today so the board always looks current.
 */
import { type DemoTask, OPS_TASKS, WEB_TASKS, type Where, type Who } from "./demo-tasks.ts";
import { projectColumns } from "./projects.schema.ts";
import { createProject } from "./projects.service.ts";
import { addDependency } from "./tasks/dependencies.ts";
import { createTaskFromAnomaly } from "./tasks/from-anomaly.ts";
import { columnsOf } from "./tasks/task-state.ts";
import { createTask, moveTask } from "./tasks/tasks.service.ts";

const PEOPLE: Record<Exclude<Who, "owner" | null>, string> = {
  maya: "maya.admin@demo.glasspane.dev",
  leo: "leo.dev@demo.glasspane.dev",
  ana: "ana.viewer@demo.glasspane.dev",
};

const DAY = 86_400_000;

async function peopleOf(db: Db, ownerUserId: string): Promise<Record<Exclude<Who, null>, string>> {
  const rows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, Object.values(PEOPLE)));
  const byEmail = new Map(rows.map((r) => [r.email, r.id]));
  const idOf = (who: keyof typeof PEOPLE) => byEmail.get(PEOPLE[who]) ?? ownerUserId;
  return { owner: ownerUserId, maya: idOf("maya"), leo: idOf("leo"), ana: idOf("ana") };
}

async function seedProject(
  db: Db,
  ctx: { workspaceId: string; ownerUserId: string; now: number },
  project: { key: string; name: string; description: string; scope: Record<string, string[]> },
  list: DemoTask[],
) {
  const { workspaceId, ownerUserId, now } = ctx;
  const people = await peopleOf(db, ownerUserId);
  const created = await createProject(db, {
    workspaceId,
    createdBy: ownerUserId,
    fields: {
      key: project.key,
      name: project.name,
      description: project.description,
      costScope: { tags: project.scope },
      hourlyRate: "95",
      currency: "USD",
    },
  });
  // WIP limits on the working columns, so the board shows them.
  for (const [name, wipLimit] of [
    ["In progress", 4],
    ["Review", 2],
  ] as const)
    await db
      .update(projectColumns)
      .set({ wipLimit })
      .where(and(eq(projectColumns.projectId, created.id), eq(projectColumns.name, name)));
  const columns = await columnsOf(db, workspaceId, created.id);
  const columnId = (name: Where) => columns.find((c) => c.name === name)!.id;
  const ids = new Map<string, string>();
  // Oldest first, so numbers follow creation like a real project's.
  const ordered = [...list].sort((a, b) => b.createdDaysAgo - a.createdDaysAgo);
  for (const t of ordered) {
    const actorId = t.who ? people[t.who] : ownerUserId;
    const day = (offset: number) => new Date(now + offset * DAY).toISOString().slice(0, 10);
    const task = await createTask(db, {
      workspaceId,
      actorId: ownerUserId,
      projectId: created.id,
      columnId: columnId(t.where === "Backlog" ? "Backlog" : "To do"),
      at: new Date(now - t.createdDaysAgo * DAY),
      fields: {
        title: t.title,
        description: t.description ?? "",
        priority: t.priority ?? "medium",
        assigneeId: t.who ? people[t.who] : null,
        labels: t.labels ?? [],
        estimate: t.estimate ?? null,
        dueDate: t.due === undefined ? null : day(t.due),
        parentId: t.parent ? (ids.get(t.parent) ?? null) : null,
      },
    });
    ids.set(t.title, task.id);
    if (t.where !== "Backlog" && t.where !== "To do") {
      const movedAt = new Date(now - (t.movedDaysAgo ?? 0) * DAY);
      if (t.where !== "In progress") {
        // Work passes through In progress first, a few days before it lands.
        const started = new Date(movedAt.getTime() - 3 * DAY);
        await moveTask(db, {
          workspaceId,
          actorId,
          id: task.id,
          columnId: columnId("In progress"),
          at: started,
        });
      }
      await moveTask(db, {
        workspaceId,
        actorId,
        id: task.id,
        columnId: columnId(t.where),
        at: movedAt,
      });
    }
  }
  return { project: created, ids };
}

/** Seeds WEB and OPS into the demo workspace. */
export const seedDemoProjects: DemoSeeder = async (db, ctx) => {
  const now = Date.now();
  const base = { ...ctx, now };
  const web = await seedProject(
    db,
    base,
    {
      key: "WEB",
      name: "Acme website rebuild",
      description: "The new storefront for **Acme**: Astro, a headless CMS and Stripe checkout.",
      scope: { client: ["acme"] },
    },
    WEB_TASKS,
  );
  const id = (title: string) => web.ids.get(title)!;
  await addDependency(db, {
    workspaceId: ctx.workspaceId,
    taskId: id("Switch DNS and go live"),
    blockerId: id("Load test checkout at 10× peak traffic"),
  });
  await addDependency(db, {
    workspaceId: ctx.workspaceId,
    taskId: id("Order confirmation e-mails"),
    blockerId: id("Checkout: Stripe payment element"),
  });
  const [anomaly] = await db
    .select({ id: costAnomalies.id })
    .from(costAnomalies)
    .where(and(eq(costAnomalies.workspaceId, ctx.workspaceId), eq(costAnomalies.severity, "high")))
    .orderBy(desc(costAnomalies.score))
    .limit(1);
  const ops = await seedProject(
    db,
    base,
    {
      key: "OPS",
      name: "Agency operations",
      description: "Backups, monitoring and keeping the agency's own bill down.",
      scope: { project: ["internal"] },
    },
    OPS_TASKS,
  );
  if (anomaly)
    await createTaskFromAnomaly(db, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.ownerUserId,
      anomalyId: anomaly.id,
      // The strongest anomaly is Globex's Lambda runaway: never Acme's project. Globex has no
      // project, so the agency's own operations track it.
      projectId: ops.project.id,
    });
};
