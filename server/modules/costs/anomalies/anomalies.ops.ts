import Decimal from "decimal.js";
import { z } from "zod";
import { invalid, notFound } from "../../../platform/errors.ts";
import { defineOperation, userOf, workspaceOf } from "../../../platform/operations/define.ts";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";
import { forecastOperations } from "../forecast/forecast.ops.ts";
import { detectionRun, enqueueAnomalyDetection } from "./anomalies.jobs.ts";
import { clientOfAnomaly } from "./anomaly-client.ts";
import { type AnomalyGroup, groupAnomalies } from "./anomaly-groups.ts";
import {
  acknowledgeAnomalies,
  acknowledgeAnomaly,
  anomalySeries,
  getAnomaly,
  listAnomalies,
  type StoredAnomaly,
} from "./anomaly-queries.ts";
import type { Cause } from "./root-cause.ts";

const zDecimal = z.string().describe("A decimal amount, as a string");
const zDay = z.iso.date();
const SEVERITIES = ["low", "medium", "high"] as const;
const STATUSES = ["open", "acknowledged"] as const;

const zCause = z.object({
  dimension: z.string(),
  key: z.string(),
  name: z.string().optional().describe("ResourceName, for a resource"),
  actual: zDecimal,
  expected: zDecimal,
  deviation: zDecimal,
  share: z.number().describe("Share of the children's total deviation"),
});
const zAnomaly = z.object({
  id: zId,
  day: z.string(),
  dimension: z.string().describe('The FOCUS column or "tag:<key>" the series is cut by'),
  key: z.string(),
  currency: z.string(),
  actual: zDecimal,
  expected: zDecimal,
  lower: zDecimal,
  upper: zDecimal,
  deviation: zDecimal.describe("actual − expected"),
  score: z.number().describe("Robust z-score of the deviation"),
  severity: z.enum(SEVERITIES),
  rootCause: z.array(zCause).describe("The finer dimension's values that moved most"),
  status: z.enum(STATUSES),
  acknowledgedAt: zTimestamp.nullable(),
  acknowledgedBy: z.string().nullable().describe("The name of who acknowledged it"),
  restatedAt: zTimestamp
    .nullable()
    .describe(
      "When a restated bill took this day's unexpected cost away; its numbers are as found. " +
        "Only acknowledged anomalies and those that became a task are kept so",
    ),
  createdAt: zTimestamp,
});

const view = (row: StoredAnomaly) => ({
  ...row,
  severity: row.severity as (typeof SEVERITIES)[number],
  status: row.status as (typeof STATUSES)[number],
  rootCause: row.rootCause as Cause[],
});

/** The filters the list and the events take. */
const zFilter = {
  from: zDay.optional().describe("First day, YYYY-MM-DD"),
  to: zDay.optional().describe("Day after the last, YYYY-MM-DD (exclusive)"),
  status: z.enum(STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
};

export const anomaliesList = defineOperation({
  name: "costs.anomalies.list",
  summary: "Days whose cost was unexpected, per service, account or tag, newest first",
  input: z.object({
    ...zFilter,
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
  output: z.array(zAnomaly),
  permission: "costs:read",
  mutates: false,
  example: { status: "open", limit: 50 },
  handler: async (input, ctx) => {
    if (input.from && input.to && input.from >= input.to) throw invalid("to", "must be after from");
    const rows = await listAnomalies(ctx.db, { ...input, workspaceId: workspaceOf(ctx) });
    return rows.map(view);
  },
});

const zGroup = z.object({
  id: zId.describe("The anomaly of the headline series' largest day (its chart)"),
  firstDay: z.string(),
  lastDay: z.string(),
  dimension: z.string().describe("The headline series: the one the others' root causes name"),
  key: z.string(),
  currency: z.string(),
  actual: zDecimal.describe("The headline series' cost over its anomalous days"),
  expected: zDecimal,
  deviation: zDecimal,
  severity: z.enum(SEVERITIES).describe("The highest of all its days"),
  status: z.enum(STATUSES).describe("open while any of its days is open"),
  rootCause: z.array(zCause).describe("The headline's largest day's root cause"),
  restated: z
    .boolean()
    .describe("Every day of it was taken away by a restated bill (kept for its acknowledgement)"),
  related: z
    .array(
      z.object({
        dimension: z.string(),
        key: z.string(),
        firstDay: z.string(),
        lastDay: z.string(),
        deviation: zDecimal,
      }),
    )
    .describe("Other series anomalous in the same event"),
  anomalies: z.array(zAnomaly).describe("Every day of every series in it, newest first"),
});

const sum = (values: string[]) => values.reduce((s, v) => s.plus(v), new Decimal(0)).toFixed();

function groupView(group: AnomalyGroup<ReturnType<typeof view>>) {
  const { headline } = group;
  const days = headline.anomalies;
  return {
    id: headline.peak.id,
    firstDay: group.firstDay,
    lastDay: group.lastDay,
    dimension: headline.dimension,
    key: headline.key,
    currency: headline.currency,
    actual: sum(days.map((a) => a.actual)),
    expected: sum(days.map((a) => a.expected)),
    deviation: sum(days.map((a) => a.deviation)),
    severity: group.severity as (typeof SEVERITIES)[number],
    status: group.status,
    rootCause: headline.peak.rootCause,
    restated: [headline, ...group.related].every((e) => e.anomalies.every((a) => a.restatedAt)),
    related: group.related.map((e) => ({
      dimension: e.dimension,
      key: e.key,
      firstDay: e.firstDay,
      lastDay: e.lastDay,
      deviation: sum(e.anomalies.map((a) => a.deviation)),
    })),
    anomalies: [headline, ...group.related]
      .flatMap((e) => e.anomalies)
      .sort((x, y) => y.day.localeCompare(x.day) || Math.abs(y.score) - Math.abs(x.score)),
  };
}

/** Anomalies read to group, at most (whole days): years of a busy workspace's events. */
const GROUPED_ANOMALIES = 5000;
/** Ids one acknowledgeMany takes: as many as its audit entry lists in full. */
const ACKNOWLEDGE_MANY = 20;

export const anomaliesGroups = defineOperation({
  name: "costs.anomalies.groups",
  summary:
    "Cost anomalies as events: each series' consecutive days, and the series one cause moved",
  description:
    "One event shows up as many anomalies (a service, its account and its tags, each day it " +
    "lasts). Here a series' consecutive anomalous days are one episode, and episodes at the same " +
    "time whose root causes name one another's series, or the same thing, are one event. Its " +
    "headline is the series the others point to. Newest first; status and severity filter events. " +
    "Built from the newest 5,000 anomalies of the period, whole days (older: costs.anomalies.list).",
  input: z.object({
    ...zFilter,
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
  output: z.array(zGroup),
  permission: "costs:read",
  mutates: false,
  example: { status: "open", limit: 20 },
  handler: async (input, ctx) => {
    if (input.from && input.to && input.from >= input.to) throw invalid("to", "must be after from");
    const rows = await listAnomalies(ctx.db, {
      workspaceId: workspaceOf(ctx),
      from: input.from,
      to: input.to,
      limit: GROUPED_ANOMALIES,
    });
    // Newest first: at the cap, the oldest day read may be cut short; leave it out whole.
    const oldest = rows.at(-1)?.day;
    const whole =
      rows.length === GROUPED_ANOMALIES ? rows.filter((row) => row.day !== oldest) : rows;
    return groupAnomalies(whole.map(view))
      .filter((g) => !input.status || g.status === input.status)
      .filter((g) => !input.severity || g.severity === input.severity)
      .slice(0, input.limit)
      .map(groupView);
  },
});

export const anomaliesGet = defineOperation({
  name: "costs.anomalies.get",
  summary: "One anomaly with its series from 30 days before to 7 after, and the expected band",
  input: z.object({ id: zId }),
  output: zAnomaly.extend({
    series: z.array(
      z.object({
        date: z.string(),
        actual: zDecimal,
        expected: zDecimal.nullable().describe("null before the series has two weeks of history"),
        lower: zDecimal.nullable(),
        upper: zDecimal.nullable(),
      }),
    ),
    client: z
      .object({ id: zId, name: z.string() })
      .nullable()
      .describe(
        "The client the allocation rules give the day's cost (or the change's leading cause) to",
      ),
  }),
  permission: "costs:read",
  mutates: false,
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const row = await getAnomaly(ctx.db, workspaceId, input.id);
    if (!row) throw notFound("Anomaly");
    const client = await clientOfAnomaly(ctx.db, workspaceId, row);
    return {
      ...view(row),
      series: await anomalySeries(ctx.db, workspaceId, row),
      client: client && { id: client.id, name: client.name },
    };
  },
});

export const anomaliesAcknowledge = defineOperation({
  name: "costs.anomalies.acknowledge",
  summary: "Mark an anomaly as seen; the note is kept in the audit log",
  input: z.strictObject({
    id: zId,
    // The audit entry keeps 200 characters of each input string: a longer note would be cut.
    note: z.string().trim().max(200).optional().describe("Why it is fine, or what was done"),
  }),
  output: zAnomaly,
  permission: "costs:manage",
  mutates: true,
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    ctx.audit.targetId = input.id;
    await acknowledgeAnomaly(ctx.db, { workspaceId, id: input.id, userId: userOf(ctx) ?? null });
    const row = await getAnomaly(ctx.db, workspaceId, input.id);
    if (!row) throw notFound("Anomaly");
    return view(row);
  },
});

export const anomaliesAcknowledgeMany = defineOperation({
  name: "costs.anomalies.acknowledgeMany",
  summary: "Mark up to 20 anomalies as seen at once (an event's days); the audit log lists them",
  input: z.strictObject({
    ids: z
      .array(zId)
      .min(1)
      .max(ACKNOWLEDGE_MANY)
      .describe("At most 20, so the audit entry names each; an event with more takes more calls"),
    note: z.string().trim().max(200).optional().describe("Why it is fine, or what was done"),
  }),
  output: z.object({ acknowledged: z.number().describe("Of the ids, those that were open") }),
  permission: "costs:manage",
  mutates: true,
  handler: async (input, ctx) => {
    const acknowledged = await acknowledgeAnomalies(ctx.db, {
      workspaceId: workspaceOf(ctx),
      ids: [...new Set(input.ids)],
      userId: userOf(ctx) ?? null,
    });
    // The ids asked for are in the entry's input; its target is one that changed.
    ctx.audit.targetId = acknowledged[0];
    return { acknowledged: acknowledged.length };
  },
});

export const anomaliesDetect = defineOperation({
  name: "costs.anomalies.detect",
  summary: "Run anomaly detection for the workspace now, as a background job",
  description:
    "Returns the job; while one is queued or running for the workspace, that one is returned.",
  input: z.strictObject({}),
  output: z.object({ jobId: zId }),
  permission: "costs:manage",
  mutates: true,
  handler: async (_input, ctx) => {
    const job = await enqueueAnomalyDetection(ctx.db, ctx.services.jobs, workspaceOf(ctx));
    ctx.audit.targetId = job.id;
    return { jobId: job.id };
  },
});

export const anomaliesDetection = defineOperation({
  name: "costs.anomalies.detection",
  summary: "A detection run and what it found; without jobId, the workspace's latest",
  input: z.object({ jobId: zId.optional() }),
  output: z
    .object({
      jobId: zId,
      status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
      createdAt: zTimestamp,
      finishedAt: zTimestamp.nullable(),
      found: z.number().nullable().describe("Anomalies in the days it judged"),
      added: z.number().nullable().describe("Of which new"),
      error: z.string().nullable().describe("Why the last attempt failed"),
    })
    .nullable()
    .describe("null when detection never ran"),
  permission: "costs:read",
  mutates: false,
  handler: async (input, ctx) => {
    const run = await detectionRun(ctx.db, workspaceOf(ctx), input.jobId);
    if (!run && input.jobId) throw notFound("Detection run");
    return run ?? null;
  },
});

/** The anomalies operations, and the forecast that shares their analysis. */
export const anomalyOperations = [
  anomaliesList,
  anomaliesGroups,
  anomaliesGet,
  anomaliesAcknowledge,
  anomaliesAcknowledgeMany,
  anomaliesDetect,
  anomaliesDetection,
  ...forecastOperations,
] as const;
