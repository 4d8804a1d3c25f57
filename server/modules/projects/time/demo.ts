import { and, eq, inArray } from "drizzle-orm";
import { users } from "../../../platform/auth/auth.schema.ts";
import type { Db } from "../../../platform/db/database.ts";
import { seededRandom } from "../../costs/analysis/seeded-random.ts";
import type { DemoSeeder } from "../../demo/demo.service.ts";
import { projects, tasks } from "../projects.schema.ts";
import { createEntry } from "./entries.service.ts";
import { setRate } from "./rates.service.ts";

/**
 * Demo time: two working weeks up to yesterday for the demo team on WEB (billable, on their
 * own tasks) and OPS (internal, not billable), with billing and cost rates. Invented hours from
 * a seeded generator, so the demo looks the same every time. Without the WEB project (seeded by
 * the projects seeder) there is nothing to log against: nothing is seeded.
 */

const DAY = 86_400_000;

const PEOPLE = [
  { email: null, hourlyRate: "130", costRate: "60" },
  { email: "maya.admin@demo.glasspane.dev", hourlyRate: "110", costRate: "45" },
  { email: "leo.dev@demo.glasspane.dev", hourlyRate: null, costRate: "40" },
] as const;

const NOTES = ["", "Pairing", "Review feedback", "Client call", "Tests", "Fixes after review"];

async function projectByKey(db: Db, workspaceId: string, key: string) {
  const [row] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), eq(projects.key, key)));
  return row?.id;
}

export const seedDemoTime: DemoSeeder = async (db, ctx) => {
  const { workspaceId, ownerUserId } = ctx;
  const web = await projectByKey(db, workspaceId, "WEB");
  if (!web) return;
  const ops = await projectByKey(db, workspaceId, "OPS");
  const emails = PEOPLE.flatMap((p) => (p.email ? [p.email] : []));
  const found = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, emails));
  const people = PEOPLE.map((p) => ({
    ...p,
    userId: p.email ? found.find((f) => f.email === p.email)?.id : ownerUserId,
  })).filter((p): p is typeof p & { userId: string } => !!p.userId);
  for (const p of people)
    await setRate(db, workspaceId, {
      userId: p.userId,
      hourlyRate: p.hourlyRate,
      costRate: p.costRate,
      currency: "USD",
    });

  const webTasks = await db
    .select({ id: tasks.id, assigneeId: tasks.assigneeId })
    .from(tasks)
    .where(eq(tasks.projectId, web));
  const random = seededRandom(20_250_303);
  const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  for (let daysAgo = 14; daysAgo >= 1; daysAgo--) {
    const dayStart = today - daysAgo * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const [i, person] of people.entries()) {
      const mine = webTasks.filter((t) => t.assigneeId === person.userId);
      const pool = mine.length > 0 ? mine : webTasks;
      // A working day of six to eight hours in two stretches, from 08:30 or so.
      let clock = dayStart + (8 * 60 + 30 + i * 15) * 60_000;
      for (const stretch of [0, 1]) {
        const minutes = 150 + Math.floor(random() * 10) * 10;
        const internal = ops && stretch === 1 && random() < 0.3;
        const task = pool[Math.floor(random() * pool.length)];
        await createEntry(db, workspaceId, {
          userId: person.userId,
          ...(internal ? { projectId: ops } : { taskId: task?.id, projectId: web }),
          description: NOTES[Math.floor(random() * NOTES.length)]!,
          startedAt: new Date(clock),
          seconds: minutes * 60,
          billable: !internal,
        });
        clock += (minutes + 45) * 60_000;
      }
    }
  }
};
