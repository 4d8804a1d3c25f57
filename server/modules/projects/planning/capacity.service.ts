import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";
import { localDayOf, localRange } from "../../../platform/time-zone.ts";
import { addDays, dayNumber, weekdayOfDay } from "../../costs/analysis/daily-series.ts";
import { assertMember } from "../tasks/task-state.ts";
import { memberCapacity } from "./planning.schema.ts";

/** Hours a week for someone whose capacity was never set: a full-time week. */
export const DEFAULT_WEEKLY_HOURS = 40;

export interface CapacityWeek {
  week: string;
  capacity: number;
  /** Hour estimates of open tasks falling in the week (due date, else spread over their sprint). */
  planned: number;
  logged: number;
}

export interface CapacityPerson {
  userId: string;
  name: string;
  defaultHours: number;
  weeks: CapacityWeek[];
  /** Open, assigned, hour-estimated tasks with neither a due date nor a sprint. */
  unscheduled: number;
}

export function isMonday(day: string): boolean {
  return weekdayOfDay(dayNumber(day)) === 1;
}

export async function setCapacity(
  db: Db,
  workspaceId: string,
  input: { userId: string; hours: number; weekStart: string | null },
) {
  await assertMember(db, workspaceId, input.userId, "userId");
  if (input.weekStart !== null && !isMonday(input.weekStart))
    throw invalid("weekStart", `${input.weekStart} is not a Monday`);
  await db
    .insert(memberCapacity)
    .values({ workspaceId, ...input, hours: String(input.hours) })
    .onConflictDoUpdate({
      target: [memberCapacity.workspaceId, memberCapacity.userId, memberCapacity.weekStart],
      set: { hours: String(input.hours) },
    });
}

export async function clearCapacityWeek(
  db: Db,
  workspaceId: string,
  input: { userId: string; weekStart: string },
) {
  await db
    .delete(memberCapacity)
    .where(
      and(
        eq(memberCapacity.workspaceId, workspaceId),
        eq(memberCapacity.userId, input.userId),
        eq(memberCapacity.weekStart, input.weekStart),
      ),
    );
}

/** The Monday of the week holding `day`. */
export function mondayOf(day: string): string {
  const weekday = weekdayOfDay(dayNumber(day));
  return addDays(day, -((weekday + 6) % 7));
}

/**
 * Capacity against planned and logged hours, per staff member and week. Only projects that
 * estimate in hours count towards "planned": points say nothing about a person's week.
 */
export async function capacityReport(
  db: Db,
  workspaceId: string,
  input: { from: string; weeks: number; projectId?: string; timeZone: string },
): Promise<{ weeks: string[]; people: CapacityPerson[] }> {
  const first = mondayOf(input.from);
  const weeks = Array.from({ length: input.weeks }, (_, i) => addDays(first, 7 * i));
  const end = addDays(first, 7 * input.weeks);
  const project = input.projectId ? sql`AND t.project_id = ${input.projectId}` : sql``;
  const people = rowsOf<{ user_id: string; name: string }>(
    await db.execute(sql`
      SELECT m.user_id, u.name FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.workspace_id = ${workspaceId} AND m.role <> 'client' ORDER BY u.name, u.id`),
  );
  const capacities = await db
    .select()
    .from(memberCapacity)
    .where(eq(memberCapacity.workspaceId, workspaceId));
  // One row per task and week it falls in, with its share of the estimate.
  const planned = rowsOf<{ user_id: string; week: string | null; hours: string }>(
    await db.execute(sql`
      WITH open AS (
        SELECT t.assignee_id, t.estimate::numeric AS estimate, t.due_date, s.start_date, s.end_date
        FROM tasks t JOIN projects p ON p.id = t.project_id
        LEFT JOIN sprints s ON s.id = t.sprint_id
        WHERE t.workspace_id = ${workspaceId} AND t.completed_at IS NULL
          AND t.assignee_id IS NOT NULL AND t.estimate IS NOT NULL
          AND p.estimate_unit = 'hours' ${project}
      ), placed AS (
        SELECT assignee_id, date_trunc('week', due_date)::date AS week, estimate AS hours
        FROM open WHERE due_date IS NOT NULL
        UNION ALL
        SELECT o.assignee_id, w::date, o.estimate / greatest(1, (
          SELECT count(*) FROM generate_series(date_trunc('week', o.start_date),
            date_trunc('week', o.end_date), interval '7 days')))
        FROM open o, generate_series(date_trunc('week', o.start_date),
          date_trunc('week', o.end_date), interval '7 days') w
        WHERE o.due_date IS NULL AND o.start_date IS NOT NULL
        UNION ALL
        SELECT assignee_id, NULL, estimate FROM open WHERE due_date IS NULL AND start_date IS NULL
      )
      SELECT assignee_id AS user_id, to_char(week, 'YYYY-MM-DD') AS week, sum(hours)::text AS hours
      FROM placed WHERE week IS NULL OR (week >= ${first}::date AND week < ${end}::date)
      GROUP BY 1, 2`),
  );
  // Logged time counts in the week of the local day it started on in the workspace's zone.
  const range = localRange(first, end, input.timeZone);
  const entries = rowsOf<{ user_id: string; started_at: string | Date; seconds: number }>(
    await db.execute(sql`
      SELECT user_id, started_at, seconds FROM time_entries t
      WHERE workspace_id = ${workspaceId} AND seconds IS NOT NULL
        AND started_at >= ${range.start} AND started_at < ${range.end} ${project}`),
  );
  const logged = new Map<string, { user_id: string; week: string; seconds: number }>();
  for (const e of entries) {
    const week = mondayOf(localDayOf(new Date(e.started_at), input.timeZone));
    const row = logged.get(`${e.user_id} ${week}`) ?? { user_id: e.user_id, week, seconds: 0 };
    row.seconds += Number(e.seconds);
    logged.set(`${e.user_id} ${week}`, row);
  }
  const key = (userId: string, week: string | null) => `${userId} ${week ?? "-"}`;
  const plannedBy = new Map(planned.map((r) => [key(r.user_id, r.week), Number(r.hours)]));
  const loggedBy = new Map(
    [...logged.values()].map((r) => [key(r.user_id, r.week), r.seconds / 3600]),
  );
  const hoursBy = new Map(capacities.map((c) => [key(c.userId, c.weekStart), Number(c.hours)]));
  return {
    weeks,
    people: people.map((p) => {
      const defaultHours = hoursBy.get(key(p.user_id, null)) ?? DEFAULT_WEEKLY_HOURS;
      return {
        userId: p.user_id,
        name: p.name,
        defaultHours,
        unscheduled: round2(plannedBy.get(key(p.user_id, null)) ?? 0),
        weeks: weeks.map((week) => ({
          week,
          capacity: hoursBy.get(key(p.user_id, week)) ?? defaultHours,
          planned: round2(plannedBy.get(key(p.user_id, week)) ?? 0),
          logged: round2(loggedBy.get(key(p.user_id, week)) ?? 0),
        })),
      };
    }),
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
