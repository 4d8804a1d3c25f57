import { z } from "zod";
import { invalid } from "../../../platform/errors.ts";
import {
  defineOperation,
  type OperationContext,
  timeZoneOf,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { roleHas } from "../../../platform/operations/permissions.ts";
import { zId, zOk } from "../../../platform/operations/zod.ts";
import {
  createEntry,
  deleteEntry,
  type Editor,
  listEntries,
  updateEntry,
} from "./entries.service.ts";
import { listRates, setRate } from "./rates.service.ts";
import {
  TOTALS_GROUPS,
  zCurrency,
  zDay,
  zDescription,
  zInstant,
  zMemberRate,
  zRate,
  zSeconds,
  zTimeEntry,
  zTimeSums,
  zTimesheet,
} from "./time.zod.ts";
import { assertMember, projectOf, taskOf } from "./time-refs.ts";
import { timesheet, totals } from "./time-reports.ts";
import { currentTimer, startTimer, stopTimer } from "./timer.service.ts";

/** The person the call acts for: time belongs to people, so a call without one names one. */
function personOf(ctx: OperationContext): string {
  const userId = userOf(ctx);
  if (!userId) throw invalid("userId", "this caller is not a person: name the person");
  return userId;
}

function editorOf(ctx: OperationContext): Editor {
  const role = ctx.membership?.role;
  return { userId: userOf(ctx) ?? "", canManage: !!role && roleHas(role, "time:manage") };
}

/** Checks that the filter's ids are the workspace's own (else "not found", as for a typo). */
async function checkFilter(
  ctx: OperationContext,
  filter: { userId?: string; projectId?: string; taskId?: string },
) {
  const workspaceId = workspaceOf(ctx);
  if (filter.userId) await assertMember(ctx.db, workspaceId, filter.userId);
  if (filter.projectId) await projectOf(ctx.db, workspaceId, filter.projectId);
  if (filter.taskId) await taskOf(ctx.db, workspaceId, filter.taskId);
}

const zRange = {
  from: zDay.describe("First day in the workspace's time zone, YYYY-MM-DD"),
  to: zDay.describe("Day after the last in the workspace's time zone, YYYY-MM-DD (exclusive)"),
};

export const timeStart = defineOperation({
  name: "time.start",
  summary: "Start your timer on a task or project; a timer already running stops at that instant",
  input: z.strictObject({
    taskId: zId.optional().describe("The task's project is taken as the project"),
    projectId: zId.optional(),
    description: zDescription.default(""),
    billable: z.boolean().optional().describe("Defaults to true with a project, false without"),
  }),
  output: z.object({
    entry: zTimeEntry,
    stopped: zTimeEntry.nullable().describe("The timer that was running and was stopped"),
  }),
  permission: "time:track",
  mutates: true,
  handler: async (input, ctx) => {
    const result = await startTimer(ctx.db, workspaceOf(ctx), { ...input, userId: personOf(ctx) });
    ctx.audit.targetId = result.entry.id;
    return result;
  },
});

export const timeStop = defineOperation({
  name: "time.stop",
  summary: "Stop your running timer; returns the finished entry",
  input: z.strictObject({}),
  output: zTimeEntry,
  permission: "time:track",
  mutates: true,
  handler: async (_input, ctx) => {
    const entry = await stopTimer(ctx.db, workspaceOf(ctx), personOf(ctx));
    ctx.audit.targetId = entry.id;
    return entry;
  },
});

export const timeCurrent = defineOperation({
  name: "time.current",
  summary: "Your running timer, or null",
  input: z.object({}),
  output: zTimeEntry.nullable(),
  permission: "time:track",
  mutates: false,
  handler: async (_input, ctx) => currentTimer(ctx.db, workspaceOf(ctx), personOf(ctx)),
});

export const timeEntriesList = defineOperation({
  name: "time.entries.list",
  summary: "Time entries started in a range of the workspace's days, oldest first",
  input: z.object({
    ...zRange,
    userId: zId.optional().describe("One person; everyone when left out"),
    projectId: zId.optional(),
    taskId: zId.optional(),
    billable: z.boolean().optional(),
  }),
  output: z.array(zTimeEntry),
  permission: "time:read",
  mutates: false,
  handler: async (input, ctx) => {
    await checkFilter(ctx, input);
    return listEntries(ctx.db, workspaceOf(ctx), { ...input, timeZone: await timeZoneOf(ctx) });
  },
});

export const timeEntriesCreate = defineOperation({
  name: "time.entries.create",
  summary: "Log time by hand: a start and either seconds or an end (at most 24 hours)",
  input: z.strictObject({
    userId: zId.optional().describe("Someone else's time needs time:manage; yours by default"),
    taskId: zId.optional(),
    projectId: zId.optional(),
    description: zDescription.default(""),
    startedAt: zInstant,
    seconds: zSeconds.optional(),
    endedAt: zInstant.optional(),
    billable: z.boolean().optional().describe("Defaults to true with a project, false without"),
  }),
  output: zTimeEntry,
  permission: "time:track",
  mutates: true,
  example: {
    projectId: "00000000-0000-4000-8000-000000000000",
    description: "Client call",
    startedAt: "2025-03-03T09:00:00Z",
    seconds: 5400,
  },
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const editor = editorOf(ctx);
    const userId = input.userId ?? personOf(ctx);
    if (userId !== editor.userId) {
      if (!editor.canManage) throw invalid("userId", "only an admin can log someone else's time");
      await assertMember(ctx.db, workspaceId, userId);
    }
    const entry = await createEntry(ctx.db, workspaceId, {
      ...input,
      userId,
      startedAt: new Date(input.startedAt),
      endedAt: input.endedAt ? new Date(input.endedAt) : undefined,
    });
    ctx.audit.targetId = entry.id;
    return entry;
  },
});

export const timeEntriesUpdate = defineOperation({
  name: "time.entries.update",
  summary: "Change a time entry (not one billed on an invoice); others' need time:manage",
  input: z.strictObject({
    id: zId,
    taskId: zId.nullable().optional().describe("null removes the task"),
    projectId: zId.nullable().optional().describe("null removes the project (and task)"),
    description: zDescription.optional(),
    startedAt: zInstant.optional().describe("Alone, moves the entry and keeps its length"),
    seconds: zSeconds.optional(),
    endedAt: zInstant.optional(),
    billable: z.boolean().optional(),
  }),
  output: zTimeEntry,
  permission: "time:track",
  mutates: true,
  handler: async (input, ctx) => {
    const { id, startedAt, endedAt, ...patch } = input;
    ctx.audit.targetId = id;
    return updateEntry(
      ctx.db,
      workspaceOf(ctx),
      id,
      {
        ...patch,
        startedAt: startedAt ? new Date(startedAt) : undefined,
        endedAt: endedAt ? new Date(endedAt) : undefined,
      },
      editorOf(ctx),
    );
  },
});

export const timeEntriesDelete = defineOperation({
  name: "time.entries.delete",
  summary: "Delete a time entry (not one billed on an invoice); others' need time:manage",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "time:track",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    await deleteEntry(ctx.db, workspaceOf(ctx), input.id, editorOf(ctx));
    return { ok: true as const };
  },
});

export const timeRatesList = defineOperation({
  name: "time.rates.list",
  summary: "Each staff member's billing and cost rate per hour",
  input: z.object({}),
  output: z.array(zMemberRate),
  permission: "time:manage",
  mutates: false,
  handler: async (_input, ctx) => listRates(ctx.db, workspaceOf(ctx)),
});

export const timeRatesSet = defineOperation({
  name: "time.rates.set",
  summary: "Set a person's billing and cost rate; logged entries keep the rate they had",
  input: z.strictObject({
    userId: zId,
    hourlyRate: zRate.nullable().optional().describe("What a client pays per hour; null clears"),
    costRate: zRate.nullable().optional().describe("What an hour costs the agency; null clears"),
    currency: zCurrency,
  }),
  output: zMemberRate,
  permission: "time:manage",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.userId;
    return setRate(ctx.db, workspaceOf(ctx), input);
  },
});

export const timeTimesheet = defineOperation({
  name: "time.timesheet",
  summary: "A person's week: seconds per project and task per day, with totals",
  description:
    "Days are the workspace's days (its time zone, set with workspaces.update); an entry counts on the day it started. Running timers are not counted until stopped.",
  input: z.object({
    weekStart: zDay.describe("The Monday, YYYY-MM-DD"),
    userId: zId.optional().describe("Yours by default"),
  }),
  output: zTimesheet,
  permission: "time:read",
  mutates: false,
  handler: async (input, ctx) => {
    const userId = input.userId ?? personOf(ctx);
    await assertMember(ctx.db, workspaceOf(ctx), userId);
    return timesheet(ctx.db, workspaceOf(ctx), {
      userId,
      weekStart: input.weekStart,
      timeZone: await timeZoneOf(ctx),
    });
  },
});

export const timeTotals = defineOperation({
  name: "time.totals",
  summary:
    "Time, billable time after rounding and amounts, grouped by task, project, client or person",
  input: z.object({
    ...zRange,
    groupBy: z.enum(TOTALS_GROUPS),
    userId: zId.optional(),
    projectId: zId.optional(),
    billable: z.boolean().optional(),
  }),
  output: z.object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string().describe("The workspace's time zone, whose days from and to are"),
    groupBy: z.enum(TOTALS_GROUPS),
    groups: z.array(
      zTimeSums.extend({
        key: z.string().nullable().describe("The id grouped by; null for none"),
        label: z.string(),
      }),
    ),
    total: zTimeSums,
  }),
  permission: "time:read",
  mutates: false,
  handler: async (input, ctx) => {
    await checkFilter(ctx, input);
    return totals(ctx.db, workspaceOf(ctx), { ...input, timeZone: await timeZoneOf(ctx) });
  },
});

/** The time tracking operations. */
export const timeOperations = [
  timeStart,
  timeStop,
  timeCurrent,
  timeEntriesList,
  timeEntriesCreate,
  timeEntriesUpdate,
  timeEntriesDelete,
  timeRatesList,
  timeRatesSet,
  timeTimesheet,
  timeTotals,
] as const;
