import type Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import { users } from "../../../platform/auth/auth.schema.ts";
import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";
import { localDayOf } from "../../../platform/time-zone.ts";
import { addDays } from "../../costs/analysis/daily-series.ts";
import { clients } from "../../invoicing/invoicing.schema.ts";
import { projects, tasks, timeEntries } from "../projects.schema.ts";
import { checkRange, type EntryFilter, filterConditions } from "./entries.service.ts";
import {
  addAmount,
  amountsOf,
  entryAmount,
  hoursOf,
  NO_ROUNDING,
  roundingOf,
  roundSeconds,
} from "./rounding.ts";
import type { TimeSums, TotalsGroup } from "./time.zod.ts";

/** Finished entries with what reports group and price them by. */
async function reportRows(db: Db, workspaceId: string, filter: EntryFilter) {
  return db
    .select({
      userId: timeEntries.userId,
      userName: users.name,
      projectId: timeEntries.projectId,
      projectKey: projects.key,
      projectName: projects.name,
      clientId: projects.clientId,
      clientName: clients.name,
      rounding: projects.timeRounding,
      taskId: timeEntries.taskId,
      taskNumber: tasks.number,
      taskTitle: tasks.title,
      startedAt: timeEntries.startedAt,
      seconds: timeEntries.seconds,
      billable: timeEntries.billable,
      rate: timeEntries.rate,
      currency: timeEntries.currency,
    })
    .from(timeEntries)
    .innerJoin(users, eq(users.id, timeEntries.userId))
    .leftJoin(projects, eq(projects.id, timeEntries.projectId))
    .leftJoin(clients, eq(clients.id, projects.clientId))
    .leftJoin(tasks, eq(tasks.id, timeEntries.taskId))
    .where(
      and(
        eq(timeEntries.workspaceId, workspaceId),
        ...filterConditions({ ...filter, finishedOnly: true }),
      ),
    )
    .orderBy(timeEntries.startedAt, timeEntries.id);
}
type ReportRow = Awaited<ReturnType<typeof reportRows>>[number];

/** Running sums of a group: raw, billable, rounded billable seconds and amounts per currency. */
class Sums {
  seconds = 0;
  billable = 0;
  rounded = 0;
  unrated = 0;
  amounts = new Map<string, Decimal>();

  add(row: ReportRow) {
    const seconds = row.seconds ?? 0;
    this.seconds += seconds;
    if (!row.billable) return;
    this.billable += seconds;
    const rounded = roundSeconds(seconds, row.projectId ? roundingOf(row.rounding) : NO_ROUNDING);
    this.rounded += rounded;
    if (row.rate && row.currency)
      addAmount(this.amounts, row.currency, entryAmount(row.rate, rounded, row.currency));
    else this.unrated += rounded;
  }

  view(): TimeSums {
    return {
      seconds: this.seconds,
      hours: hoursOf(this.seconds),
      billableSeconds: this.billable,
      billableHours: hoursOf(this.billable),
      roundedBillableSeconds: this.rounded,
      roundedBillableHours: hoursOf(this.rounded),
      unratedBillableSeconds: this.unrated,
      amounts: amountsOf(this.amounts),
    };
  }
}

/** The Monday-first week of one person: a row per project and task, seconds per local day. */
export async function timesheet(
  db: Db,
  workspaceId: string,
  week: { userId: string; weekStart: string; timeZone: string },
) {
  const { userId, weekStart, timeZone } = week;
  if (new Date(`${weekStart}T00:00:00Z`).getUTCDay() !== 1)
    throw invalid("weekStart", "must be a Monday");
  const days = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  const rows = await reportRows(db, workspaceId, {
    from: weekStart,
    to: addDays(weekStart, 7),
    userId,
    timeZone,
  });
  const byTarget = new Map<string, { row: ReportRow; seconds: number[] }>();
  const dayTotals = days.map(() => 0);
  let billableTotal = 0;
  for (const row of rows) {
    const key = `${row.projectId ?? ""}|${row.taskId ?? ""}`;
    const line = byTarget.get(key) ?? { row, seconds: days.map(() => 0) };
    byTarget.set(key, line);
    // An entry counts on the local day it started, even when it runs past midnight.
    const day = days.indexOf(localDayOf(row.startedAt, timeZone));
    const seconds = row.seconds ?? 0;
    line.seconds[day] = (line.seconds[day] ?? 0) + seconds;
    dayTotals[day] = (dayTotals[day] ?? 0) + seconds;
    if (row.billable) billableTotal += seconds;
  }
  const lines = [...byTarget.values()].map(({ row, seconds }) => ({
    projectId: row.projectId,
    projectKey: row.projectKey,
    projectName: row.projectName,
    taskId: row.taskId,
    taskNumber: row.taskNumber,
    taskTitle: row.taskTitle,
    seconds,
    total: seconds.reduce((a, b) => a + b, 0),
  }));
  // Projects by name (no project last), then tasks by number (no task first).
  lines.sort(
    (a, b) =>
      (a.projectName === null ? 1 : 0) - (b.projectName === null ? 1 : 0) ||
      (a.projectName ?? "").localeCompare(b.projectName ?? "") ||
      (a.taskNumber ?? 0) - (b.taskNumber ?? 0),
  );
  return {
    weekStart,
    userId,
    timeZone,
    days,
    rows: lines,
    dayTotals,
    total: dayTotals.reduce((a, b) => a + b, 0),
    billableTotal,
  };
}

/** What a group is keyed and labelled by. */
function groupOf(row: ReportRow, groupBy: TotalsGroup): { key: string | null; label: string } {
  switch (groupBy) {
    case "person":
      return { key: row.userId, label: row.userName };
    case "project":
      return row.projectId
        ? { key: row.projectId, label: `${row.projectKey} · ${row.projectName}` }
        : { key: null, label: "No project" };
    case "task":
      return row.taskId
        ? { key: row.taskId, label: `${row.projectKey}-${row.taskNumber} ${row.taskTitle}` }
        : { key: null, label: "No task" };
    case "client":
      return row.clientId
        ? { key: row.clientId, label: row.clientName ?? "Client" }
        : { key: null, label: "No client" };
  }
}

/** Time and billable amounts in [from, to), grouped; groups by most time first. */
export async function totals(
  db: Db,
  workspaceId: string,
  filter: EntryFilter & { groupBy: TotalsGroup },
) {
  checkRange(filter.from, filter.to);
  const rows = await reportRows(db, workspaceId, filter);
  const groups = new Map<string | null, { label: string; sums: Sums }>();
  const all = new Sums();
  for (const row of rows) {
    const { key, label } = groupOf(row, filter.groupBy);
    const group = groups.get(key) ?? { label, sums: new Sums() };
    groups.set(key, group);
    group.sums.add(row);
    all.add(row);
  }
  return {
    from: filter.from,
    to: filter.to,
    timeZone: filter.timeZone,
    groupBy: filter.groupBy,
    groups: [...groups.entries()]
      .map(([key, { label, sums }]) => ({ key, label, ...sums.view() }))
      .sort((a, b) => b.seconds - a.seconds || a.label.localeCompare(b.label)),
    total: all.view(),
  };
}
