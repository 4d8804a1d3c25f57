// Test support for invoicing: a client with costs allocated to it, a project with billable
// time, written straight to the tables other modules own so these tests depend only on them.
import type { TestRuntime } from "../../../test/support/runtime.ts";
import type { Caller } from "../../platform/operations/execute.ts";
import { focusFile, type Line } from "../costs/import/focus-file.testing.ts";
import { projectColumns, projects, timeEntries } from "../projects/projects.schema.ts";

/** The September 2024 month focusFile writes costs into. */
export const PERIOD = { periodStart: "2024-09-01", periodEnd: "2024-10-01" };

export async function importCosts(rt: TestRuntime, caller: Caller, lines: Line[]) {
  await rt.as({ ...caller, upload: focusFile(lines) }, "costs.import", {});
}

/** An allocation rule giving everything tagged client=<tag> to the client key. */
export async function allocateTag(rt: TestRuntime, caller: Caller, tag: string, key: string) {
  await rt.as(caller, "costs.allocation.rules.create", {
    name: `client ${tag}`,
    match: { tags: { client: [tag] } },
    targets: [{ kind: "client", key, percent: "100" }],
  });
}

let projectCount = 0;

/** A project of the client, with a rounding rule for billable time. */
export async function projectFor(
  rt: TestRuntime,
  workspaceId: string,
  clientId: string,
  rounding = { mode: "none", minutes: 1 },
) {
  projectCount += 1;
  const [project] = await rt.database.db
    .insert(projects)
    .values({
      workspaceId,
      key: `P${projectCount}`,
      name: `Project ${projectCount}`,
      clientId,
      timeRounding: rounding,
    })
    .returning();
  await rt.database.db.insert(projectColumns).values({
    workspaceId,
    projectId: project!.id,
    name: "Done",
    category: "done",
    position: 0,
  });
  return project!;
}

/** A finished time entry of `seconds` starting at `startedAt`. */
export async function logTime(
  rt: TestRuntime,
  entry: {
    workspaceId: string;
    userId: string;
    projectId: string;
    taskId?: string;
    startedAt: string;
    seconds: number;
    rate?: string | null;
    currency?: string | null;
    billable?: boolean;
  },
) {
  const started = new Date(entry.startedAt);
  const [row] = await rt.database.db
    .insert(timeEntries)
    .values({
      workspaceId: entry.workspaceId,
      userId: entry.userId,
      projectId: entry.projectId,
      taskId: entry.taskId ?? null,
      startedAt: started,
      endedAt: new Date(started.getTime() + entry.seconds * 1000),
      seconds: entry.seconds,
      billable: entry.billable ?? true,
      rate: entry.rate ?? null,
      currency: entry.currency ?? null,
    })
    .returning();
  return row!;
}
