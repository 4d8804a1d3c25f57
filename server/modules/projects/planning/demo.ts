import { and, eq, inArray } from "drizzle-orm";
import { users } from "../../../platform/auth/auth.schema.ts";
import { addDays } from "../../costs/analysis/daily-series.ts";
import type { DemoSeeder } from "../../demo/demo.service.ts";
import { projects, sprints, tasks } from "../projects.schema.ts";
import { setCapacity } from "./capacity.service.ts";
import { createRisk } from "./risks.service.ts";
import { addItemDependency, createItem, setItemTask } from "./roadmap.service.ts";

/**
 * A demo roadmap, capacity and risk register over the demo projects (seeded before this; without
 * them, nothing): the website's epics follow its sprints, dates relative to today. Invented.
 */
export const seedDemoPlanning: DemoSeeder = async (db, ctx) => {
  const { workspaceId } = ctx;
  const rows = await db
    .select({ id: projects.id, key: projects.key })
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), inArray(projects.key, ["WEB", "OPS"])));
  const web = rows.find((r) => r.key === "WEB")?.id;
  const ops = rows.find((r) => r.key === "OPS")?.id;
  if (!web || !ops) return;
  const today = new Date().toISOString().slice(0, 10);
  const day = (n: number) => addDays(today, n);
  const people = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, ["maya.admin@demo.glasspane.dev", "leo.dev@demo.glasspane.dev"]));
  const leo = people.find((p) => p.email.startsWith("leo"))?.id ?? null;
  const maya = people.find((p) => p.email.startsWith("maya"))?.id ?? null;

  const epic = (
    projectId: string,
    title: string,
    from: number,
    to: number,
    status: "planned" | "in_progress" | "done",
    ownerId: string | null,
  ) =>
    createItem(db, workspaceId, {
      projectId,
      kind: "epic",
      title,
      startDate: day(from),
      endDate: day(to),
      status,
      ownerId,
    });
  const catalogue = await epic(web, "Catalogue on the new stack", -21, -8, "done", leo);
  const checkout = await epic(web, "Checkout with Stripe", -7, 6, "in_progress", leo);
  const hardening = await epic(web, "Launch hardening", 7, 20, "planned", maya);
  const goLive = await createItem(db, workspaceId, {
    projectId: web,
    kind: "milestone",
    title: "Acme store goes live",
    endDate: day(21),
    ownerId: maya,
  });
  const costs = await epic(
    ops,
    "Cut the agency's own AWS bill by 20%",
    -14,
    14,
    "in_progress",
    maya,
  );
  const drill = await createItem(db, workspaceId, {
    projectId: ops,
    kind: "milestone",
    title: "Quarterly backup restore drill",
    endDate: day(30),
    ownerId: leo,
  });
  for (const [itemId, dependsOnId] of [
    [checkout.id, catalogue.id],
    [hardening.id, checkout.id],
    [goLive.id, hardening.id],
    [drill.id, costs.id],
  ] as const) {
    await addItemDependency(db, workspaceId, { itemId, dependsOnId });
  }

  // Each sprint's tasks make up the epic it delivered.
  const sprintTasks = await db
    .select({ id: tasks.id, sprint: sprints.name })
    .from(tasks)
    .innerJoin(sprints, eq(sprints.id, tasks.sprintId))
    .where(eq(tasks.projectId, web));
  for (const task of sprintTasks) {
    const itemId = task.sprint === "Sprint 1" ? catalogue.id : checkout.id;
    await setItemTask(db, workspaceId, { itemId, taskId: task.id, linked: true });
  }

  const risk = (
    projectId: string,
    title: string,
    likelihood: number,
    impact: number,
    ownerId: string | null,
    mitigation: string,
  ) =>
    createRisk(db, workspaceId, {
      projectId,
      title,
      likelihood,
      impact,
      ownerId,
      mitigation,
      reviewDate: day(7),
    });
  await risk(
    web,
    "Stripe account review delays go-live",
    3,
    4,
    maya,
    "Submit the business details this week; keep PayPal as a fallback.",
  );
  await risk(
    web,
    "Black Friday traffic above the load-tested peak",
    2,
    5,
    leo,
    "Load test at 10× peak; pre-warm the CDN; autoscaling limits raised.",
  );
  await risk(
    web,
    "Product copy and photos arrive late from Acme",
    4,
    3,
    maya,
    "Launch with the current catalogue text; weekly check-in with Acme marketing.",
  );
  await risk(
    ops,
    "Only one person can reach the AWS root account",
    2,
    5,
    maya,
    "Second hardware key in the safe; break-glass runbook in the wiki.",
  );

  if (leo) {
    await setCapacity(db, workspaceId, { userId: leo, hours: 32, weekStart: null });
    const nextMonday = addDays(today, 7 - ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
    await setCapacity(db, workspaceId, { userId: leo, hours: 16, weekStart: nextMonday });
  }
  if (maya) await setCapacity(db, workspaceId, { userId: maya, hours: 24, weekStart: null });
};
