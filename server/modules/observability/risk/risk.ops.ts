import { z } from "zod";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";
import { assessFailureRisk } from "./risk.service.ts";

const zFactor = z.object({
  signal: z.enum([
    "check_down",
    "check_failures",
    "check_flapping",
    "latency_rising",
    "alert_open",
    "metric_anomaly",
    "incident",
    "capacity",
    "error_logs_rising",
    "recent_changes",
  ]),
  weight: z.number().describe("This signal's probability of a failure within the horizon"),
  summary: z.string(),
  evidence: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  at: zTimestamp.nullable(),
  link: z.object({
    kind: z.enum(["check", "alert", "incident", "resource", "service", "logs", "metric"]),
    id: z.string(),
  }),
});

export const healthRisk = defineOperation({
  name: "health.risk",
  summary: "Failure risk: services, resources and checks ranked by their chance of failing soon",
  description:
    "Each signal Glass Pane stores (a check down, failing, flapping or slowing against its own " +
    "history; alerts pending or firing, metric anomalies among them; incidents open or resolved " +
    "this week; free disk or memory forecast to run out within the horizon; error logs surging " +
    "against their week; recent resource changes) becomes a probability of failure within the " +
    "horizon; an entity's score is their noisy-OR, 1 − Π(1 − p). Level: high ≥ 0.6, medium ≥ " +
    "0.25. Every factor carries its weight, evidence and the id of the check, alert, incident, " +
    "resource or metric behind it. Entities without any signal are not listed.",
  input: z.object({
    service: z.string().trim().min(1).max(200).optional(),
    resourceId: zId.optional(),
    horizonDays: z.coerce.number().int().min(1).max(90).default(7),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  }),
  output: z.object({
    horizonDays: z.number().int(),
    generatedAt: zTimestamp,
    entities: z.array(
      z.object({
        kind: z.enum(["service", "resource", "check"]),
        id: z.string().describe("Service name, resource id or check id"),
        name: z.string(),
        catalogServiceId: z.string().nullable().describe("The service's id in the catalog"),
        score: z.number(),
        level: z.enum(["low", "medium", "high"]),
        factors: z.array(zFactor),
      }),
    ),
  }),
  permission: "health:read",
  mutates: false,
  example: { horizonDays: 7 },
  handler: (input, ctx) =>
    assessFailureRisk(ctx.db, workspaceOf(ctx), { ...input, now: new Date() }),
});
