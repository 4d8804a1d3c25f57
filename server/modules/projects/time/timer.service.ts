import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { isUniqueViolation } from "../../../platform/db/sql-state.ts";
import { conflict } from "../../../platform/errors.ts";
import { memberships } from "../../../platform/workspaces/workspaces.schema.ts";
import { projects, timeEntries } from "../projects.schema.ts";
import { entryView, type TimeEntry } from "./entries.service.ts";
import type { TimeEntryView } from "./time.zod.ts";
import { resolveRate, targetOf } from "./time-refs.ts";

/**
 * Serialises timer changes of one person in one workspace: two starts at once (two tabs, the
 * CLI and the web) queue on their membership row instead of racing to the unique index.
 */
async function lockPerson(db: Db, workspaceId: string, userId: string): Promise<void> {
  await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .for("update");
}

async function runningRow(db: Db, workspaceId: string, userId: string) {
  const [row] = await db
    .select()
    .from(timeEntries)
    .where(
      and(
        eq(timeEntries.workspaceId, workspaceId),
        eq(timeEntries.userId, userId),
        isNull(timeEntries.endedAt),
      ),
    );
  return row;
}

/** Ends a running entry at `now` and fixes its rate (the one in force when it stopped). */
async function finish(db: Db, row: TimeEntry, now: Date): Promise<void> {
  const seconds = Math.max(0, Math.round((now.getTime() - row.startedAt.getTime()) / 1000));
  const [project] = row.projectId
    ? await db
        .select({ hourlyRate: projects.hourlyRate, currency: projects.currency })
        .from(projects)
        .where(eq(projects.id, row.projectId))
    : [];
  const { rate, currency } = await resolveRate(db, row.workspaceId, row.userId, project ?? null);
  await db
    .update(timeEntries)
    .set({ endedAt: now, seconds, rate, currency, updatedAt: now })
    .where(eq(timeEntries.id, row.id));
}

export interface StartTimer {
  userId: string;
  projectId?: string;
  taskId?: string;
  description: string;
  billable?: boolean;
}

/**
 * Starts the person's timer. A timer already running is stopped at the same instant, and
 * returned as `stopped`, so switching tasks loses no second and logs none twice.
 */
export async function startTimer(
  db: Db,
  workspaceId: string,
  input: StartTimer,
  at?: Date,
): Promise<{ entry: TimeEntryView; stopped: TimeEntryView | null }> {
  const target = await targetOf(db, workspaceId, input);
  await lockPerson(db, workspaceId, input.userId);
  // Read the clock once the lock is held: a start that waited ends the other one after it began.
  const now = at ?? new Date();
  const running = await runningRow(db, workspaceId, input.userId);
  if (running) await finish(db, running, now);
  try {
    const [row] = await db
      .insert(timeEntries)
      .values({
        workspaceId,
        userId: input.userId,
        projectId: target.projectId,
        taskId: target.taskId,
        description: input.description,
        startedAt: now,
        billable: input.billable ?? target.projectId !== null,
      })
      .returning({ id: timeEntries.id });
    return {
      entry: await entryView(db, workspaceId, row!.id),
      stopped: running ? await entryView(db, workspaceId, running.id) : null,
    };
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("A timer is already running: stop it first");
    throw error;
  }
}

/** Stops the person's running timer and returns the finished entry. */
export async function stopTimer(
  db: Db,
  workspaceId: string,
  userId: string,
  at?: Date,
): Promise<TimeEntryView> {
  await lockPerson(db, workspaceId, userId);
  const now = at ?? new Date();
  const running = await runningRow(db, workspaceId, userId);
  if (!running) throw conflict("No timer is running");
  await finish(db, running, now);
  return entryView(db, workspaceId, running.id);
}

/** The person's running timer, or null. */
export async function currentTimer(
  db: Db,
  workspaceId: string,
  userId: string,
): Promise<TimeEntryView | null> {
  const running = await runningRow(db, workspaceId, userId);
  return running ? entryView(db, workspaceId, running.id) : null;
}
