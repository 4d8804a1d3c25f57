import { and, desc, eq, inArray } from "drizzle-orm";
import { users } from "../../platform/auth/auth.schema.ts";
import type { Db } from "../../platform/db/database.ts";
import { costAnomalies } from "../costs/anomalies/anomalies.schema.ts";
import type { DemoSeeder } from "../demo/demo.service.ts";
import { projectColumns } from "./projects.schema.ts";
import { createProject } from "./projects.service.ts";
import { addDependency } from "./tasks/dependencies.ts";
import { createTaskFromAnomaly } from "./tasks/from-anomaly.ts";
import { columnsOf } from "./tasks/task-state.ts";
import { createTask, moveTask } from "./tasks/tasks.service.ts";
import type { Priority } from "./tasks/tasks.zod.ts";

/**
 * Demo projects: "WEB", the rebuild of client Acme's storefront (its cost scope is the demo
 * bill's client=acme tag), with a few weeks of history, and a smaller internal "OPS" project.
 * Invented tasks; dates are relative to today so the board always looks current.
 */

type Who = "owner" | "maya" | "leo" | "ana" | null;
type Where = "Backlog" | "To do" | "In progress" | "Review" | "Done";

interface DemoTask {
  title: string;
  where: Where;
  who: Who;
  estimate?: string;
  priority?: Priority;
  labels?: string[];
  /** Days from today; negative is past. */
  due?: number;
  /** Days ago it was created, and (for tasks past the backlog) moved to where it is. */
  createdDaysAgo: number;
  movedDaysAgo?: number;
  description?: string;
  parent?: string;
}

const WEB_TASKS: DemoTask[] = [
  {
    title: "Audit the current storefront's pages and traffic",
    where: "Done",
    who: "maya",
    estimate: "3",
    labels: ["research"],
    createdDaysAgo: 35,
    movedDaysAgo: 30,
  },
  {
    title: "Pick the new stack: Astro with a headless CMS",
    where: "Done",
    who: "owner",
    estimate: "2",
    labels: ["architecture"],
    priority: "high",
    createdDaysAgo: 35,
    movedDaysAgo: 28,
  },
  {
    title: "Design system: colours, type scale and spacing",
    where: "Done",
    who: "maya",
    estimate: "5",
    labels: ["design"],
    createdDaysAgo: 34,
    movedDaysAgo: 24,
  },
  {
    title: "Set up CI with preview deploys per pull request",
    where: "Done",
    who: "leo",
    estimate: "3",
    labels: ["infra"],
    createdDaysAgo: 33,
    movedDaysAgo: 21,
  },
  {
    title: "Move product images to S3 behind CloudFront",
    where: "Done",
    who: "leo",
    estimate: "5",
    labels: ["infra", "performance"],
    priority: "high",
    createdDaysAgo: 32,
    movedDaysAgo: 16,
  },
  {
    title: "Home page hero and featured products",
    where: "Done",
    who: "maya",
    estimate: "3",
    labels: ["frontend"],
    createdDaysAgo: 30,
    movedDaysAgo: 12,
  },
  {
    title: "Product listing with filters and sorting",
    where: "Done",
    who: "leo",
    estimate: "8",
    labels: ["frontend"],
    priority: "high",
    createdDaysAgo: 30,
    movedDaysAgo: 8,
  },
  {
    title: "Product page: gallery, variants, stock",
    where: "Review",
    who: "leo",
    estimate: "8",
    labels: ["frontend"],
    priority: "high",
    due: 2,
    createdDaysAgo: 28,
    movedDaysAgo: 2,
  },
  {
    title: "Cart drawer with quantity updates",
    where: "Review",
    who: "maya",
    estimate: "5",
    labels: ["frontend"],
    due: 3,
    createdDaysAgo: 27,
    movedDaysAgo: 1,
  },
  {
    title: "Checkout: Stripe payment element",
    where: "In progress",
    who: "owner",
    estimate: "8",
    labels: ["payments"],
    priority: "urgent",
    due: 5,
    createdDaysAgo: 26,
    movedDaysAgo: 4,
    description:
      "Use the **Payment Element** so cards, SEPA and wallets share one form.\n\n- [ ] test mode keys in the vault\n- [ ] webhooks for `payment_intent.succeeded`\n- [ ] 3-D Secure on the test cards",
  },
  {
    title: "Order confirmation e-mails",
    where: "In progress",
    who: "leo",
    estimate: "3",
    labels: ["payments", "email"],
    due: 7,
    createdDaysAgo: 24,
    movedDaysAgo: 3,
  },
  {
    title: "Right-size the RDS instance after load tests",
    where: "In progress",
    who: "owner",
    estimate: "2",
    labels: ["infra", "cost"],
    priority: "medium",
    due: -1,
    createdDaysAgo: 20,
    movedDaysAgo: 2,
  },
  {
    title: "Search with typo tolerance",
    where: "To do",
    who: "leo",
    estimate: "5",
    labels: ["frontend"],
    due: 10,
    createdDaysAgo: 22,
  },
  {
    title: "Accessibility pass: keyboard and screen readers",
    where: "To do",
    who: "maya",
    estimate: "5",
    labels: ["a11y"],
    priority: "high",
    due: 12,
    createdDaysAgo: 21,
  },
  {
    title: "Redirects from the old URLs",
    where: "To do",
    who: "owner",
    estimate: "2",
    labels: ["seo"],
    due: 14,
    createdDaysAgo: 21,
  },
  {
    title: "Load test checkout at 10× peak traffic",
    where: "To do",
    who: "leo",
    estimate: "3",
    labels: ["performance"],
    due: 9,
    createdDaysAgo: 19,
  },
  {
    title: "Cookie consent banner",
    where: "To do",
    who: null,
    estimate: "1",
    labels: ["legal"],
    due: 15,
    createdDaysAgo: 18,
  },
  {
    title: "Customer accounts and order history",
    where: "Backlog",
    who: null,
    estimate: "8",
    labels: ["frontend"],
    createdDaysAgo: 25,
  },
  {
    title: "Wishlist",
    where: "Backlog",
    who: null,
    estimate: "3",
    labels: ["frontend"],
    priority: "low",
    createdDaysAgo: 25,
  },
  {
    title: "Product reviews import from the old shop",
    where: "Backlog",
    who: "ana",
    estimate: "5",
    labels: ["data"],
    createdDaysAgo: 17,
  },
  {
    title: "Switch DNS and go live",
    where: "Backlog",
    who: "owner",
    estimate: "2",
    labels: ["infra"],
    priority: "urgent",
    due: 21,
    createdDaysAgo: 15,
  },
  {
    title: "Stripe webhook signature checks",
    where: "To do",
    who: "owner",
    estimate: "2",
    labels: ["payments", "security"],
    due: 6,
    createdDaysAgo: 10,
    parent: "Checkout: Stripe payment element",
  },
  {
    title: "Checkout error states and retries",
    where: "Backlog",
    who: "maya",
    estimate: "2",
    labels: ["payments"],
    createdDaysAgo: 10,
    parent: "Checkout: Stripe payment element",
  },
];

const OPS_TASKS: DemoTask[] = [
  {
    title: "Delete the orphaned EBS volume",
    where: "To do",
    who: "leo",
    estimate: "1",
    labels: ["cost"],
    priority: "high",
    due: 2,
    createdDaysAgo: 12,
  },
  {
    title: "Nightly pg_dump of agency-pg to object storage",
    where: "In progress",
    who: "owner",
    estimate: "3",
    labels: ["backup"],
    createdDaysAgo: 14,
    movedDaysAgo: 5,
  },
  {
    title: "Rotate the Cloudflare API token",
    where: "Done",
    who: "maya",
    estimate: "1",
    labels: ["security"],
    createdDaysAgo: 20,
    movedDaysAgo: 18,
  },
  {
    title: "Uptime checks for every client site",
    where: "Backlog",
    who: null,
    estimate: "3",
    labels: ["monitoring"],
    createdDaysAgo: 9,
  },
  {
    title: "Turn the staging box off at weekends",
    where: "Backlog",
    who: "leo",
    estimate: "2",
    labels: ["cost"],
    createdDaysAgo: 6,
  },
];

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
  await seedProject(
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
      projectId: web.project.id,
    });
};
