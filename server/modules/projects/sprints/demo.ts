import { and, eq } from "drizzle-orm";
import type { DemoSeeder } from "../../demo/demo.service.ts";
import { projectColumns, projects, tasks } from "../projects.schema.ts";
import { createTask, moveTask } from "../tasks/tasks.service.ts";
import { completeSprint, createSprint, planSprint, startSprint } from "./sprints.service.ts";

/**
 * Demo sprints on the demo project "WEB" (seeded by the projects seeder; without it, nothing):
 * a completed two-week sprint and the current one, half-way through. Planning, a task added
 * mid-sprint, completions and the carry-over are backdated so burndown and velocity have a
 * shape. Invented work, dates relative to today.
 */

const DAY = 86_400_000;

/** Tasks of WEB (titles from the projects seeder) in each sprint. */
const SPRINT_1 = [
  "Set up CI with preview deploys per pull request",
  "Move product images to S3 behind CloudFront",
  "Home page hero and featured products",
  "Product listing with filters and sorting",
  "Product page: gallery, variants, stock",
  "Cart drawer with quantity updates",
];
const SPRINT_1_ADDED = "Right-size the RDS instance after load tests";
const SPRINT_2 = [
  "Checkout: Stripe payment element",
  "Order confirmation e-mails",
  "Search with typo tolerance",
  "Accessibility pass: keyboard and screen readers",
  "Load test checkout at 10× peak traffic",
];
const SPRINT_2_ADDED = "Stripe webhook signature checks";
/** Small tasks of the current sprint, finished along the way: [title, estimate, done days ago]. */
const SPRINT_2_EXTRA: [string, string, number][] = [
  ["Fix broken image URLs in the product feed", "3", 6],
  ["Price formatting per locale", "5", 4],
  ["Product structured data for search engines", "3", 2],
  ["Favicon and social preview images", "2", 1],
];

export const seedDemoSprints: DemoSeeder = async (db, ctx) => {
  const { workspaceId, ownerUserId } = ctx;
  const [web] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), eq(projects.key, "WEB")));
  if (!web) return;
  const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  /** The instant `days` from today's start (negative: past) at `hour` UTC. */
  const at = (days: number, hour: number) => new Date(today + days * DAY + hour * 3_600_000);
  const day = (days: number) => at(days, 0).toISOString().slice(0, 10);
  const actor = { workspaceId, actorId: ownerUserId };
  const rows = await db
    .select({ id: tasks.id, title: tasks.title })
    .from(tasks)
    .where(eq(tasks.projectId, web.id));
  const idsOf = (titles: string[]) =>
    titles.flatMap((t) => rows.filter((r) => r.title === t).map((r) => r.id));

  const s1 = await createSprint(db, workspaceId, web.id, {
    name: "Sprint 1",
    goal: "Catalogue pages on the new stack",
    startDate: day(-21),
    endDate: day(-8),
  });
  await planSprint(db, actor, { id: s1.id, add: idsOf(SPRINT_1), remove: [] }, at(-22, 15));
  await startSprint(db, workspaceId, s1.id, at(-21, 9));
  await planSprint(db, actor, { id: s1.id, add: idsOf([SPRINT_1_ADDED]), remove: [] }, at(-17, 11));

  const s2 = await createSprint(db, workspaceId, web.id, {
    name: "Sprint 2",
    goal: "Checkout works end to end with Stripe",
    startDate: day(-7),
    endDate: day(6),
  });
  await completeSprint(db, actor, { id: s1.id, carryOver: { sprintId: s2.id } }, at(-7, 8));
  const columns = await db
    .select({ id: projectColumns.id, category: projectColumns.category })
    .from(projectColumns)
    .where(eq(projectColumns.projectId, web.id))
    .orderBy(projectColumns.position);
  const open = columns.find((c) => c.category === "todo")!.id;
  const done = columns.find((c) => c.category === "done")!.id;
  const extra: { id: string; doneDaysAgo: number }[] = [];
  for (const [title, estimate, doneDaysAgo] of SPRINT_2_EXTRA) {
    const task = await createTask(db, {
      ...actor,
      projectId: web.id,
      columnId: open,
      at: at(-8, 16),
      fields: { title, estimate, labels: ["frontend"], priority: "low" },
    });
    extra.push({ id: task.id, doneDaysAgo });
  }
  await planSprint(
    db,
    actor,
    { id: s2.id, add: [...idsOf(SPRINT_2), ...extra.map((t) => t.id)], remove: [] },
    at(-8, 17),
  );
  await startSprint(db, workspaceId, s2.id, at(-7, 9));
  await planSprint(db, actor, { id: s2.id, add: idsOf([SPRINT_2_ADDED]), remove: [] }, at(-3, 10));
  for (const t of extra)
    await moveTask(db, { ...actor, id: t.id, columnId: done, at: at(-t.doneDaysAgo, 14) });
};
