import { and, asc, eq, inArray, lt } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { taskEvents } from "../projects.schema.ts";

/**
 * The fields of a task whose history matters to reports (burndown, velocity, cycle time).
 * Every change of one of them is recorded as an event with the values before and after.
 */
export interface TrackedState {
  columnId: string;
  /** The column's category is "done". */
  done: boolean;
  /** Decimal string in the project's estimate unit, or null when not estimated. */
  estimate: string | null;
  sprintId: string | null;
  assigneeId: string | null;
}

export type TaskEventType = "created" | "updated" | "deleted";

export interface TaskEventData {
  /** Absent for "created". */
  from?: Partial<TrackedState>;
  /** The whole state for "created"; the changed fields otherwise; absent for "deleted". */
  to?: Partial<TrackedState>;
}

export interface TaskEventInput {
  workspaceId: string;
  projectId: string;
  taskId: string;
  type: TaskEventType;
  data: TaskEventData;
  actorId?: string | null;
  /** Defaults to now; demo data and imports may backdate. */
  at?: Date;
}

const TRACKED: (keyof TrackedState)[] = ["columnId", "done", "estimate", "sprintId", "assigneeId"];

/** The tracked fields that differ between two states, as an event's from/to; null when none. */
export function changeOf(
  before: TrackedState,
  after: Partial<TrackedState>,
): Required<TaskEventData> | null {
  const from: Partial<TrackedState> = {};
  const to: Partial<TrackedState> = {};
  for (const key of TRACKED) {
    if (!(key in after)) continue;
    const a = before[key];
    const b = after[key];
    const same = key === "estimate" ? sameDecimal(a as string | null, b as string | null) : a === b;
    if (same) continue;
    (from as Record<string, unknown>)[key] = a;
    (to as Record<string, unknown>)[key] = b;
  }
  return Object.keys(to).length ? { from, to } : null;
}

function sameDecimal(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return Number(a) === Number(b);
}

/** Records task events in the caller's transaction. */
export async function recordTaskEvents(db: Db, events: TaskEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(taskEvents).values(
    events.map((e) => ({
      workspaceId: e.workspaceId,
      projectId: e.projectId,
      taskId: e.taskId,
      type: e.type,
      data: e.data,
      actorId: e.actorId ?? null,
      ...(e.at ? { at: e.at } : {}),
    })),
  );
}

/** A project's events up to `before` (exclusive), oldest first, optionally for some tasks. */
export async function eventsOf(
  db: Db,
  workspaceId: string,
  projectId: string,
  options: { before?: Date; taskIds?: string[] } = {},
) {
  const conditions = [eq(taskEvents.workspaceId, workspaceId), eq(taskEvents.projectId, projectId)];
  if (options.before) conditions.push(lt(taskEvents.at, options.before));
  if (options.taskIds) conditions.push(inArray(taskEvents.taskId, options.taskIds));
  return db
    .select()
    .from(taskEvents)
    .where(and(...conditions))
    .orderBy(asc(taskEvents.at), asc(taskEvents.id));
}
