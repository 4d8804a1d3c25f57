import { inArray } from "drizzle-orm";
import { z } from "zod";
import { users } from "../../../platform/auth/auth.schema.ts";
import {
  defineOperation,
  type OperationContext,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId, zOk, zTimestamp } from "../../../platform/operations/zod.ts";
import {
  acknowledgeIncident,
  commentOnIncident,
  getIncident,
  type Incident,
  incidentFigures,
  listIncidents,
  resolveIncident,
  timelineOf,
} from "./incidents.service.ts";

const STATUSES = ["open", "acknowledged", "resolved"] as const;
const zIncident = z.object({
  id: zId,
  title: z.string(),
  status: z.enum(STATUSES),
  groupKey: z.string(),
  severity: z.string(),
  openedAt: zTimestamp,
  lastAlertAt: zTimestamp,
  acknowledgedAt: zTimestamp.nullable(),
  resolvedAt: zTimestamp.nullable(),
  assigneeUserId: zId.nullable().describe("Who is on it (set by a routing rule)"),
});
const view = (i: Incident) => ({ ...i, status: i.status as (typeof STATUSES)[number] });

const changed = (ctx: OperationContext, operation: string) =>
  ctx.services.events.publish(workspaceOf(ctx), { type: "changed", operation });

export const incidentsList = defineOperation({
  name: "incidents.list",
  summary: "Incidents, newest first",
  input: z.object({
    status: z
      .enum([...STATUSES, "unresolved"])
      .optional()
      .describe("unresolved: open and acknowledged (list them apart from the resolved history)"),
    limit: z.coerce.number().int().min(1).max(5000).default(100),
  }),
  output: z.array(zIncident),
  permission: "alerts:read",
  mutates: false,
  handler: async (input, ctx) => (await listIncidents(ctx.db, workspaceOf(ctx), input)).map(view),
});

export const incidentsFigures = defineOperation({
  name: "incidents.figures",
  summary:
    "How the last days went: incidents opened, unresolved now, mean time to acknowledge and resolve",
  input: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }),
  output: z.object({
    opened: z.number().describe("Incidents opened in the period"),
    unresolved: z.number().describe("Incidents open or acknowledged now, whenever opened"),
    mttaSeconds: z
      .number()
      .nullable()
      .describe("Mean time to acknowledge, of the period's incidents that were"),
    mttrSeconds: z
      .number()
      .nullable()
      .describe("Mean time to resolve, of the period's incidents that were"),
  }),
  permission: "alerts:read",
  mutates: false,
  handler: async ({ days }, ctx) =>
    incidentFigures(ctx.db, workspaceOf(ctx), new Date(Date.now() - days * 86_400_000)),
});

export const incidentsGet = defineOperation({
  name: "incidents.get",
  summary: "One incident with its timeline",
  input: z.object({ id: zId }),
  output: zIncident.extend({
    timeline: z.array(
      z.object({
        at: zTimestamp,
        kind: z
          .string()
          .describe("opened | alert_joined | alert_resolved | acknowledged | comment | resolved"),
        body: z.string(),
        actor: z.string().nullable().describe("Who did it; null for the alerts engine"),
        alertId: zId.nullable(),
      }),
    ),
  }),
  permission: "alerts:read",
  mutates: false,
  handler: async ({ id }, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const incident = await getIncident(ctx.db, workspaceId, id);
    const events = await timelineOf(ctx.db, workspaceId, id);
    const actorIds = [...new Set(events.map((e) => e.actorUserId).filter((x): x is string => !!x))];
    const names = new Map(
      actorIds.length
        ? (
            await ctx.db
              .select({ id: users.id, name: users.name })
              .from(users)
              .where(inArray(users.id, actorIds))
          ).map((u) => [u.id, u.name])
        : [],
    );
    return {
      ...view(incident),
      timeline: events.map((e) => ({
        at: e.at,
        kind: e.kind,
        body: e.body,
        actor: e.actorUserId ? (names.get(e.actorUserId) ?? null) : null,
        alertId: e.alertId,
      })),
    };
  },
});

export const incidentsAcknowledge = defineOperation({
  name: "incidents.acknowledge",
  summary: "Say someone is on an open incident",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "alerts:manage",
  mutates: true,
  handler: async ({ id }, ctx) => {
    await acknowledgeIncident(ctx.db, workspaceOf(ctx), id, userOf(ctx) ?? null);
    ctx.audit.targetId = id;
    changed(ctx, "incidents.acknowledge");
    return { ok: true as const };
  },
});

export const incidentsResolve = defineOperation({
  name: "incidents.resolve",
  summary: "Close an incident, with an optional note",
  description:
    "Alerts of the incident that still fire are let go of it: if they still fire at the next " +
    "evaluation (each minute) they open a new incident, and people are told again.",
  input: z.strictObject({ id: zId, note: z.string().trim().min(1).max(2000).optional() }),
  output: zOk.extend({
    stillFiring: z.number().int().describe("Its alerts still firing when it was resolved"),
  }),
  permission: "alerts:manage",
  mutates: true,
  handler: async ({ id, note }, ctx) => {
    const { stillFiring } = await resolveIncident(
      ctx.db,
      workspaceOf(ctx),
      id,
      userOf(ctx) ?? null,
      note,
    );
    ctx.audit.targetId = id;
    changed(ctx, "incidents.resolve");
    return { ok: true as const, stillFiring };
  },
});

export const incidentsComment = defineOperation({
  name: "incidents.comment",
  summary: "Add a comment to an incident's timeline",
  input: z.strictObject({ id: zId, body: z.string().trim().min(1).max(4000) }),
  output: zOk,
  permission: "alerts:manage",
  mutates: true,
  handler: async ({ id, body }, ctx) => {
    await commentOnIncident(ctx.db, workspaceOf(ctx), id, userOf(ctx) ?? null, body);
    ctx.audit.targetId = id;
    changed(ctx, "incidents.comment");
    return { ok: true as const };
  },
});

export const incidentOperations = [
  incidentsList,
  incidentsFigures,
  incidentsGet,
  incidentsAcknowledge,
  incidentsResolve,
  incidentsComment,
] as const;
