import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { rowsOf } from "../../platform/db/copy.ts";
import type { Db } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import { costAnomalies } from "../costs/anomalies/anomalies.schema.ts";
import { type Filters, type Metric, summarise, timeSeries } from "../costs/explorer/query.ts";
import { projectColumns, projects, tasks } from "./projects.schema.ts";
import { type ColumnCategory, DEFAULT_COLUMNS } from "./projects.zod.ts";
import { type Project, projectIn } from "./tasks/task-state.ts";

export type { Project };

export interface ProjectFields {
  key: string;
  name: string;
  description?: string;
  clientId?: string | null;
  costScope?: Filters;
  estimateUnit?: "points" | "hours";
  hourlyRate?: string | null;
  currency?: string | null;
  timeRounding?: { mode: "none" | "up" | "nearest" | "down"; minutes: number };
  status?: "active" | "archived";
}

const keyTaken = (key: string) =>
  new AppError("conflict", `key: ${key} is already the key of another project`, { field: "key" });

async function assertKeyFree(db: Db, workspaceId: string, key: string, exceptId?: string) {
  const [row] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(
      and(
        eq(projects.workspaceId, workspaceId),
        eq(projects.key, key),
        exceptId ? ne(projects.id, exceptId) : undefined,
      ),
    );
  if (row) throw keyTaken(key);
}

/** Whether a cost scope selects anything narrower than the whole workspace. */
export function hasScope(scope: unknown): boolean {
  return Object.values((scope ?? {}) as Record<string, unknown>).some((v) =>
    Array.isArray(v) ? v.length > 0 : v && typeof v === "object" && Object.keys(v).length > 0,
  );
}

export { projectIn as getProject };

/** The project whose key is given (WEB), or not_found. */
export async function projectByKey(db: Db, workspaceId: string, key: string): Promise<Project> {
  const [row] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), eq(projects.key, key.toUpperCase())));
  if (!row) throw new AppError("not_found", `Project ${key} not found`);
  return row;
}

/** The workspace's projects, active first, by name. */
export async function listProjects(db: Db, workspaceId: string, includeArchived: boolean) {
  return db
    .select()
    .from(projects)
    .where(
      and(
        eq(projects.workspaceId, workspaceId),
        includeArchived ? undefined : eq(projects.status, "active"),
      ),
    )
    .orderBy(asc(projects.status), asc(projects.name), asc(projects.id));
}

/** Open, done and overdue task counts per project. */
export async function taskCountsOf(db: Db, workspaceId: string, today: string) {
  const result = await db.execute(sql`
    SELECT project_id AS "projectId", count(*)::int AS total,
      count(completed_at)::int AS done,
      count(*) FILTER (WHERE completed_at IS NULL AND due_date < ${today}::date)::int AS overdue
    FROM tasks WHERE workspace_id = ${workspaceId} GROUP BY project_id`);
  const counts = new Map<string, { open: number; done: number; total: number; overdue: number }>();
  for (const r of rowsOf<{ projectId: string; total: number; done: number; overdue: number }>(
    result,
  ))
    counts.set(r.projectId, {
      open: r.total - r.done,
      done: r.done,
      total: r.total,
      overdue: r.overdue,
    });
  return counts;
}

/** Creates a project with the default columns Backlog, To do, In progress, Review and Done. */
export async function createProject(
  db: Db,
  input: { workspaceId: string; createdBy: string | null; fields: ProjectFields },
): Promise<Project> {
  const { workspaceId, fields } = input;
  await assertKeyFree(db, workspaceId, fields.key);
  const [project] = await db
    .insert(projects)
    .values({ ...fields, workspaceId, createdBy: input.createdBy })
    .returning();
  await db.insert(projectColumns).values(
    DEFAULT_COLUMNS.map((c, position) => ({
      workspaceId,
      projectId: project!.id,
      name: c.name,
      category: c.category,
      position,
    })),
  );
  return project!;
}

/** Changes a project; a new key renumbers nothing (WEB-12 becomes NEW-12). */
export async function updateProject(
  db: Db,
  input: { workspaceId: string; id: string; patch: Partial<ProjectFields> },
): Promise<Project> {
  await projectIn(db, input.workspaceId, input.id);
  if (input.patch.key) await assertKeyFree(db, input.workspaceId, input.patch.key, input.id);
  const [row] = await db
    .update(projects)
    .set({ ...input.patch, updatedAt: new Date() })
    .where(and(eq(projects.workspaceId, input.workspaceId), eq(projects.id, input.id)))
    .returning();
  return row!;
}

/**
 * Deletes a project with its columns, tasks and history. Anomalies that became its tasks are
 * opened to detection again; logged time keeps its hours without the project.
 */
export async function deleteProject(db: Db, workspaceId: string, id: string): Promise<void> {
  await projectIn(db, workspaceId, id);
  const taskIds = db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.projectId, id)));
  await db
    .update(costAnomalies)
    .set({ taskId: null })
    .where(and(eq(costAnomalies.workspaceId, workspaceId), inArray(costAnomalies.taskId, taskIds)));
  await db.delete(projects).where(and(eq(projects.workspaceId, workspaceId), eq(projects.id, id)));
}

/** The labels used on a project's tasks, most used first. */
export async function labelsOf(db: Db, workspaceId: string, projectId: string) {
  const result = await db.execute(sql`
    SELECT label, count(*)::int AS count FROM tasks, unnest(labels) AS label
    WHERE workspace_id = ${workspaceId} AND project_id = ${projectId}
    GROUP BY label ORDER BY count(*) DESC, label LIMIT 200`);
  return rowsOf<{ label: string; count: number }>(result);
}

/** Tasks and estimate per column, keyed by column id. */
export async function columnCountsOf(db: Db, workspaceId: string, projectId: string) {
  const result = await db.execute(sql`
    SELECT column_id AS "columnId", count(*)::int AS count,
      trim_scale(coalesce(sum(estimate), 0))::text AS estimate
    FROM tasks WHERE workspace_id = ${workspaceId} AND project_id = ${projectId}
    GROUP BY column_id`);
  return new Map(
    rowsOf<{ columnId: string; count: number; estimate: string }>(result).map((r) => [
      r.columnId,
      r,
    ]),
  );
}

/** The first of this month and of the next, for "this month's cost". */
export function monthOf(today: string): { from: string; to: string } {
  const [y, m] = today.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  return { from: `${today.slice(0, 7)}-01`, to: next };
}

/** The project's cloud spend this month, from its cost scope; null without a scope. */
export async function monthCostOf(db: Db, project: Project, today: string) {
  if (!hasScope(project.costScope)) return null;
  const { from, to } = monthOf(today);
  const summary = await summarise(db, {
    workspaceId: project.workspaceId,
    from,
    to,
    filters: project.costScope as Filters,
    metric: "BilledCost",
  });
  return { from, to, total: summary.total, currency: summary.currency };
}

/** The project's spend per day and its costliest services, through the explorer's queries. */
export async function projectCosts(
  db: Db,
  project: Project,
  range: { from: string; to: string; metric: Metric },
) {
  if (range.from >= range.to)
    throw new AppError("invalid_input", "to: must be after from", {
      field: "to",
    });
  const scoped = hasScope(project.costScope);
  const scope = {
    workspaceId: project.workspaceId,
    from: range.from,
    to: range.to,
    filters: project.costScope as Filters,
    metric: range.metric,
  };
  if (!scoped)
    return {
      ...range,
      currency: null,
      currencies: [],
      total: "0",
      dates: [],
      daily: [],
      services: [],
      hasScope: false,
    };
  const series = await timeSeries(db, { ...scope, granularity: "day", top: 1 });
  const services = await summarise(db, { ...scope, groupBy: "ServiceName", limit: 10 });
  return {
    ...range,
    currency: series.currency,
    currencies: series.currencies,
    total: series.total,
    dates: series.dates,
    daily: series.series[0]?.values ?? [],
    services: services.groups.map((g) => ({ service: g.key, total: g.total })),
    hasScope: true,
  };
}

export type { ColumnCategory };
