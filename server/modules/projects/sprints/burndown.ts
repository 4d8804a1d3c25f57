import Decimal from "decimal.js";
import { localMidnight } from "../../../platform/time-zone.ts";
import { addDays } from "../../costs/analysis/daily-series.ts";
import { measureSprint, type ReplayEvent, replayAt, type SprintMeasure } from "./replay.ts";

const earlier = (a: Date, b: Date) => new Date(Math.min(a.getTime(), b.getTime()));

/** The calendar days from `start` to `end`, both included. */
export function sprintDays(start: string, end: string): string[] {
  const days: string[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) days.push(day);
  return days;
}

export interface BurndownSprint {
  id: string;
  startDate: string;
  endDate: string;
  startedAt: Date | null;
  completedAt: Date | null;
  committed: string | null;
}

const text = (value: Decimal) => value.toDecimalPlaces(2).toFixed();

function pointOf(date: string, ideal: Decimal, idealTasks: Decimal, m: SprintMeasure | null) {
  return {
    date,
    ideal: text(ideal),
    idealTasks: text(idealTasks),
    remaining: m ? text(m.remaining) : null,
    scope: m ? text(m.scope) : null,
    completed: m ? text(m.scope.minus(m.remaining)) : null,
    remainingTasks: m ? m.remainingTasks : null,
    scopeTasks: m ? m.scopeTasks : null,
    completedTasks: m ? m.scopeTasks - m.remainingTasks : null,
  };
}

/**
 * A sprint's burndown from its project's task history: a start point (when it started, or its
 * first day's beginning) and the end of each day in the workspace's time zone (a DST day is 23
 * or 25 hours long). A day is measured at its end, or when the
 * sprint completed if that came first (carry-over moves at that instant are not counted); days
 * still to come have no actual values. The ideal line falls evenly from the committed estimate
 * (and from the tasks at the start, for the task series) to zero at the end of the last day.
 * Days are calendar days: there is no working-day calendar yet.
 */
export function burndownOf(
  sprint: BurndownSprint,
  events: readonly ReplayEvent[],
  at: { now: Date; timeZone: string },
) {
  const days = sprintDays(sprint.startDate, sprint.endDate);
  const cutoff = sprint.completedAt ?? at.now;
  const startAt = sprint.startedAt ?? localMidnight(sprint.startDate, at.timeZone);
  const instants = [earlier(startAt, cutoff)];
  const measured: boolean[] = [];
  for (const day of days) {
    const begins = localMidnight(day, at.timeZone);
    const ends = localMidnight(addDays(day, 1), at.timeZone);
    measured.push(begins < cutoff);
    instants.push(earlier(ends, cutoff));
  }
  const [start, ...ends] = replayAt(events, instants, (states) => measureSprint(states, sprint.id));
  const base = sprint.committed !== null ? new Decimal(sprint.committed) : start!.scope;
  const baseTasks = new Decimal(start!.scopeTasks);
  const n = days.length;
  const idealAt = (from: Decimal, k: number) => from.times(n - k).div(n);
  return {
    start: pointOf(sprint.startDate, base, baseTasks, start!),
    days: days.map((day, i) =>
      pointOf(day, idealAt(base, i + 1), idealAt(baseTasks, i + 1), measured[i] ? ends[i]! : null),
    ),
  };
}
