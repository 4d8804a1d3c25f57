import { and, asc, eq, gte, isNotNull, lt, type SQL } from "drizzle-orm";
import { users } from "../../../platform/auth/auth.schema.ts";
import type { Db } from "../../../platform/db/database.ts";
import { conflict, forbidden, invalid, notFound } from "../../../platform/errors.ts";
import { localRange } from "../../../platform/time-zone.ts";
import { projects, tasks, timeEntries } from "../projects.schema.ts";
import { MAX_ENTRY_SECONDS, type TimeEntryView } from "./time.zod.ts";
import { resolveRate, targetOf } from "./time-refs.ts";

export type TimeEntry = typeof timeEntries.$inferSelect;

/** Who is acting on an entry, and whether they may touch other people's time. */
export interface Editor {
  userId: string;
  canManage: boolean;
}

/** Entries with the names a person reads, newest first; `where` is ANDed with the workspace. */
export async function entryViews(
  db: Db,
  workspaceId: string,
  where: SQL[] = [],
): Promise<TimeEntryView[]> {
  const rows = await db
    .select({
      entry: timeEntries,
      userName: users.name,
      projectKey: projects.key,
      projectName: projects.name,
      taskNumber: tasks.number,
      taskTitle: tasks.title,
    })
    .from(timeEntries)
    .innerJoin(users, eq(users.id, timeEntries.userId))
    .leftJoin(projects, eq(projects.id, timeEntries.projectId))
    .leftJoin(tasks, eq(tasks.id, timeEntries.taskId))
    .where(and(eq(timeEntries.workspaceId, workspaceId), ...where))
    .orderBy(asc(timeEntries.startedAt), asc(timeEntries.id));
  return rows.map(({ entry, ...names }) => ({
    ...entry,
    ...names,
    isLocked: entry.invoiceId !== null,
    isRunning: entry.endedAt === null,
  }));
}

/** One entry as the API shows it. */
export async function entryView(db: Db, workspaceId: string, id: string): Promise<TimeEntryView> {
  const [view] = await entryViews(db, workspaceId, [eq(timeEntries.id, id)]);
  if (!view) throw notFound("Time entry");
  return view;
}

export interface EntryFilter {
  /** First local day, inclusive. */
  from: string;
  /** Local day after the last, exclusive. */
  to: string;
  /** The workspace's IANA zone: the days begin at its midnights. */
  timeZone: string;
  userId?: string;
  projectId?: string;
  taskId?: string;
  billable?: boolean;
  /** Leave out running timers (they have no duration yet). */
  finishedOnly?: boolean;
}

/** Conditions for entries started in [from, to) with the filter's fields. */
export function filterConditions(filter: EntryFilter): SQL[] {
  const { start, end } = localRange(filter.from, filter.to, filter.timeZone);
  const where = [gte(timeEntries.startedAt, start), lt(timeEntries.startedAt, end)];
  if (filter.userId) where.push(eq(timeEntries.userId, filter.userId));
  if (filter.projectId) where.push(eq(timeEntries.projectId, filter.projectId));
  if (filter.taskId) where.push(eq(timeEntries.taskId, filter.taskId));
  if (filter.billable !== undefined) where.push(eq(timeEntries.billable, filter.billable));
  if (filter.finishedOnly) where.push(isNotNull(timeEntries.endedAt));
  return where;
}

/** Refuses a `to` that is not after `from`, naming the field. */
export function checkRange(from: string, to: string): void {
  if (to <= from) throw invalid("to", "must be after from (it is the day after the last day)");
}

/** Entries started in the range, oldest first. */
export async function listEntries(db: Db, workspaceId: string, filter: EntryFilter) {
  checkRange(filter.from, filter.to);
  return entryViews(db, workspaceId, filterConditions(filter));
}

async function rowOf(db: Db, workspaceId: string, id: string): Promise<TimeEntry> {
  const [row] = await db
    .select()
    .from(timeEntries)
    .where(and(eq(timeEntries.workspaceId, workspaceId), eq(timeEntries.id, id)));
  if (!row) throw notFound("Time entry");
  return row;
}

/** The entry, if the editor may change it: their own or with time:manage, and not invoiced. */
async function editableRow(db: Db, workspaceId: string, id: string, editor: Editor) {
  const row = await rowOf(db, workspaceId, id);
  if (row.userId !== editor.userId && !editor.canManage)
    throw forbidden("Only an admin can change someone else's time");
  if (row.invoiceId)
    throw conflict(
      "This entry is billed on an invoice and locked; credit the invoice to change it",
    );
  return row;
}

/**
 * Start and length from what the caller gave: seconds, or an end after the start; at most a day.
 */
export function timingOf(startedAt: Date, given: { seconds?: number; endedAt?: Date }) {
  if (given.seconds !== undefined && given.endedAt !== undefined)
    throw invalid("endedAt", "give either seconds or endedAt, not both");
  if (given.endedAt !== undefined) {
    const seconds = Math.round((given.endedAt.getTime() - startedAt.getTime()) / 1000);
    if (seconds <= 0) throw invalid("endedAt", "must be after startedAt");
    if (seconds > MAX_ENTRY_SECONDS)
      throw invalid("endedAt", "must be at most 24 hours after startedAt");
    return { startedAt, endedAt: given.endedAt, seconds };
  }
  if (given.seconds === undefined) throw invalid("seconds", "give seconds or endedAt");
  if (given.seconds <= 0) throw invalid("seconds", "must be more than 0");
  if (given.seconds > MAX_ENTRY_SECONDS) throw invalid("seconds", "must be at most 24 hours");
  return {
    startedAt,
    endedAt: new Date(startedAt.getTime() + given.seconds * 1000),
    seconds: given.seconds,
  };
}

export interface ManualEntry {
  userId: string;
  projectId?: string;
  taskId?: string;
  description: string;
  startedAt: Date;
  endedAt?: Date;
  seconds?: number;
  billable?: boolean;
}

/** Logs finished time by hand, with the rate in force now. */
export async function createEntry(db: Db, workspaceId: string, input: ManualEntry) {
  const timing = timingOf(input.startedAt, input);
  const target = await targetOf(db, workspaceId, input);
  const { rate, currency } = await resolveRate(db, workspaceId, input.userId, target.project);
  const [row] = await db
    .insert(timeEntries)
    .values({
      workspaceId,
      userId: input.userId,
      projectId: target.projectId,
      taskId: target.taskId,
      description: input.description,
      ...timing,
      billable: input.billable ?? target.projectId !== null,
      rate,
      currency,
    })
    .returning({ id: timeEntries.id });
  return entryView(db, workspaceId, row!.id);
}

export interface EntryPatch {
  projectId?: string | null;
  taskId?: string | null;
  description?: string;
  startedAt?: Date;
  endedAt?: Date;
  seconds?: number;
  billable?: boolean;
}

/** The project and task after a patch: a new project drops a task of the old one. */
function retargeted(row: TimeEntry, patch: EntryPatch) {
  if (patch.taskId) return { projectId: patch.projectId ?? undefined, taskId: patch.taskId };
  const projectId = patch.projectId === undefined ? row.projectId : patch.projectId;
  const keepsTask = patch.taskId === undefined && projectId === row.projectId;
  return { projectId, taskId: keepsTask ? row.taskId : null };
}

/**
 * Changes an entry. A new start keeps the length unless a new end or length is given; a new
 * project (or task in another project) re-resolves the rate. A running timer keeps running:
 * it is ended by time.stop.
 */
export async function updateEntry(
  db: Db,
  workspaceId: string,
  id: string,
  patch: EntryPatch,
  editor: Editor,
) {
  const row = await editableRow(db, workspaceId, id, editor);
  const changes: Partial<typeof timeEntries.$inferInsert> = { updatedAt: new Date() };
  const isRunning = row.endedAt === null;
  if (isRunning && (patch.endedAt !== undefined || patch.seconds !== undefined))
    throw invalid(patch.endedAt ? "endedAt" : "seconds", "the timer is running: stop it first");
  if (patch.startedAt && isRunning) {
    if (patch.startedAt.getTime() > Date.now())
      throw invalid("startedAt", "must not be in the future");
    changes.startedAt = patch.startedAt;
  } else if (!isRunning && (patch.startedAt || patch.endedAt || patch.seconds !== undefined)) {
    const startedAt = patch.startedAt ?? row.startedAt;
    const given =
      patch.endedAt || patch.seconds !== undefined
        ? { endedAt: patch.endedAt, seconds: patch.seconds }
        : { seconds: row.seconds ?? 0 };
    Object.assign(changes, timingOf(startedAt, given));
  }
  if (patch.description !== undefined) changes.description = patch.description;
  if (patch.billable !== undefined) changes.billable = patch.billable;
  if (patch.projectId !== undefined || patch.taskId !== undefined) {
    const target = await targetOf(db, workspaceId, retargeted(row, patch));
    changes.projectId = target.projectId;
    changes.taskId = target.taskId;
    if (!isRunning && target.projectId !== row.projectId)
      Object.assign(changes, await resolveRate(db, workspaceId, row.userId, target.project));
  }
  await db
    .update(timeEntries)
    .set(changes)
    .where(and(eq(timeEntries.workspaceId, workspaceId), eq(timeEntries.id, id)));
  return entryView(db, workspaceId, id);
}

/** Deletes an entry (a running timer too), unless it is invoiced. */
export async function deleteEntry(db: Db, workspaceId: string, id: string, editor: Editor) {
  await editableRow(db, workspaceId, id, editor);
  await db
    .delete(timeEntries)
    .where(and(eq(timeEntries.workspaceId, workspaceId), eq(timeEntries.id, id)));
}
