import { and, eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { invalid, notFound } from "../../../platform/errors.ts";
import { memberships, workspaces } from "../../../platform/workspaces/workspaces.schema.ts";
import { memberRates, projects, tasks } from "../projects.schema.ts";

export type Project = typeof projects.$inferSelect;

/** A project of the workspace; another workspace's id is "not found", like a missing one. */
export async function projectOf(db: Db, workspaceId: string, id: string): Promise<Project> {
  const [row] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), eq(projects.id, id)));
  if (!row) throw notFound("Project");
  return row;
}

/** A task of the workspace, with the project it belongs to. */
export async function taskOf(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select({ id: tasks.id, projectId: tasks.projectId })
    .from(tasks)
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)));
  if (!row) throw notFound("Task");
  return row;
}

/** Refuses anyone who is not a member of the workspace (as "not found"). */
export async function assertMember(db: Db, workspaceId: string, userId: string): Promise<void> {
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  if (!row) throw notFound("Member");
}

/**
 * What an entry is logged against. A task decides the project; naming a project as well is
 * allowed only when it is the task's own.
 */
export async function targetOf(
  db: Db,
  workspaceId: string,
  input: { projectId?: string | null; taskId?: string | null },
): Promise<{ projectId: string | null; taskId: string | null; project: Project | null }> {
  if (input.taskId) {
    const task = await taskOf(db, workspaceId, input.taskId);
    if (input.projectId && input.projectId !== task.projectId)
      throw invalid("taskId", "the task belongs to another project");
    return {
      projectId: task.projectId,
      taskId: task.id,
      project: await projectOf(db, workspaceId, task.projectId),
    };
  }
  if (input.projectId) {
    const project = await projectOf(db, workspaceId, input.projectId);
    return { projectId: project.id, taskId: null, project };
  }
  return { projectId: null, taskId: null, project: null };
}

/**
 * The hourly rate an entry is billed at, fixed when it is logged: the person's own rate, else
 * the project's rate (in the project's currency, else the workspace's); none when neither is set.
 */
export async function resolveRate(
  db: Db,
  workspaceId: string,
  userId: string,
  project: Pick<Project, "hourlyRate" | "currency"> | null,
): Promise<{ rate: string | null; currency: string | null }> {
  const [personal] = await db
    .select({ hourlyRate: memberRates.hourlyRate, currency: memberRates.currency })
    .from(memberRates)
    .where(and(eq(memberRates.workspaceId, workspaceId), eq(memberRates.userId, userId)));
  if (personal?.hourlyRate) return { rate: personal.hourlyRate, currency: personal.currency };
  if (project?.hourlyRate) {
    if (project.currency) return { rate: project.hourlyRate, currency: project.currency };
    const [workspace] = await db
      .select({ currency: workspaces.currency })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId));
    return { rate: project.hourlyRate, currency: workspace?.currency ?? null };
  }
  return { rate: null, currency: null };
}
