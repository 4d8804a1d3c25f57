import { and, eq, or, sql } from "drizzle-orm";
import { users } from "../../../platform/auth/auth.schema.ts";
import type { Db } from "../../../platform/db/database.ts";
import { forbidden, notFound } from "../../../platform/errors.ts";
import { savedViews, sprints } from "../projects.schema.ts";
import { assertMember, columnIn, columnOfProject, projectIn, taskIn } from "./task-state.ts";
import type { GROUPINGS, TaskFilters } from "./tasks.zod.ts";

/** Saved task-list views: a person's own, and those shared with the workspace. */

export interface ViewQuery {
  filters: TaskFilters;
  groupBy: (typeof GROUPINGS)[number];
}

interface ViewFields {
  projectId?: string | null;
  name?: string;
  query?: ViewQuery;
  shared?: boolean;
}

/**
 * Every id a view's filters name must be the workspace's own: a view is read back by others,
 * so it must not carry (or probe for) another workspace's ids.
 */
async function checkQuery(db: Db, workspaceId: string, projectId: string | null, q: ViewQuery) {
  const f = q.filters;
  const viewProject = projectId ?? f.projectId ?? null;
  if (f.projectId) await projectIn(db, workspaceId, f.projectId);
  for (const id of f.columnIds ?? []) {
    if (viewProject)
      await columnOfProject(db, workspaceId, viewProject, id, "query.filters.columnIds");
    else await columnIn(db, workspaceId, id);
  }
  if (f.assigneeId && f.assigneeId !== "me" && f.assigneeId !== "none")
    await assertMember(db, workspaceId, f.assigneeId, "query.filters.assigneeId");
  if (f.sprintId) {
    const [sprint] = await db
      .select({ id: sprints.id })
      .from(sprints)
      .where(and(eq(sprints.workspaceId, workspaceId), eq(sprints.id, f.sprintId)));
    if (!sprint) throw notFound("Sprint");
  }
  if (f.parentId) await taskIn(db, workspaceId, f.parentId, "Parent task");
}

const viewColumns = {
  id: savedViews.id,
  projectId: savedViews.projectId,
  ownerId: savedViews.ownerId,
  name: savedViews.name,
  query: savedViews.query,
  shared: savedViews.shared,
  ownerName: users.name,
  createdAt: savedViews.createdAt,
};

/** The caller's views and the shared ones, for one project (and workspace-wide ones) or all. */
export async function listViews(
  db: Db,
  input: { workspaceId: string; userId: string | null; projectId?: string },
) {
  if (input.projectId) await projectIn(db, input.workspaceId, input.projectId);
  const visible = input.userId
    ? or(eq(savedViews.ownerId, input.userId), eq(savedViews.shared, true))
    : eq(savedViews.shared, true);
  const rows = await db
    .select(viewColumns)
    .from(savedViews)
    .leftJoin(users, eq(users.id, savedViews.ownerId))
    .where(
      and(
        eq(savedViews.workspaceId, input.workspaceId),
        visible,
        input.projectId
          ? sql`(${savedViews.projectId} = ${input.projectId} OR ${savedViews.projectId} IS NULL)`
          : undefined,
      ),
    )
    .orderBy(savedViews.name, savedViews.id);
  return rows.map((r) => viewOf(r, input.userId));
}

type ViewRow = {
  id: string;
  projectId: string | null;
  ownerId: string;
  name: string;
  query: unknown;
  shared: boolean;
  ownerName: string | null;
  createdAt: Date;
};

function viewOf(row: ViewRow, userId: string | null) {
  const { ownerId, ...rest } = row;
  return { ...rest, query: row.query as ViewQuery, isMine: ownerId === userId };
}

async function ownView(db: Db, workspaceId: string, userId: string, id: string) {
  const [row] = await db
    .select(viewColumns)
    .from(savedViews)
    .leftJoin(users, eq(users.id, savedViews.ownerId))
    .where(and(eq(savedViews.workspaceId, workspaceId), eq(savedViews.id, id)));
  if (!row || (row.ownerId !== userId && !row.shared)) throw notFound("View");
  if (row.ownerId !== userId) throw forbidden("Only the person who saved a view can change it");
  return row;
}

export async function createView(
  db: Db,
  input: {
    workspaceId: string;
    userId: string;
    fields: Required<Omit<ViewFields, "projectId">> & { projectId: string | null };
  },
) {
  const { fields, workspaceId } = input;
  if (fields.projectId) await projectIn(db, workspaceId, fields.projectId);
  await checkQuery(db, workspaceId, fields.projectId, fields.query);
  const [row] = await db
    .insert(savedViews)
    .values({ ...fields, workspaceId, ownerId: input.userId })
    .returning({ id: savedViews.id });
  return viewOf(await ownView(db, workspaceId, input.userId, row!.id), input.userId);
}

export async function updateView(
  db: Db,
  input: { workspaceId: string; userId: string; id: string; patch: ViewFields },
) {
  const before = await ownView(db, input.workspaceId, input.userId, input.id);
  const projectId = input.patch.projectId === undefined ? before.projectId : input.patch.projectId;
  if (projectId) await projectIn(db, input.workspaceId, projectId);
  await checkQuery(
    db,
    input.workspaceId,
    projectId,
    input.patch.query ?? (before.query as ViewQuery),
  );
  await db
    .update(savedViews)
    .set(input.patch)
    .where(and(eq(savedViews.workspaceId, input.workspaceId), eq(savedViews.id, input.id)));
  return viewOf(await ownView(db, input.workspaceId, input.userId, input.id), input.userId);
}

export async function deleteView(
  db: Db,
  input: { workspaceId: string; userId: string; id: string },
) {
  await ownView(db, input.workspaceId, input.userId, input.id);
  await db
    .delete(savedViews)
    .where(and(eq(savedViews.workspaceId, input.workspaceId), eq(savedViews.id, input.id)));
}
