import { z } from "zod";
import { defineOperation, workspaceOf } from "../../platform/operations/define.ts";
import { zId } from "../../platform/operations/zod.ts";
import { connectorView } from "./connectors.service.ts";
import { zConnector, zPull } from "./inventory.zod.ts";
import { startPull } from "./pulls.jobs.ts";
import { listPulls, type PullKind, setPullOptions } from "./pulls.service.ts";

const zPullStarted = z.object({ pullId: zId, jobId: zId.nullable(), status: z.string() });

function pullOperation(kind: PullKind) {
  const name = kind === "metrics" ? "connectors.pullMetrics" : "connectors.pullCosts";
  return defineOperation({
    name,
    summary:
      kind === "metrics"
        ? "Pull the metrics of a connector's discovered resources since the last pull; returns the pull (and job) to follow"
        : "Pull a connector's daily costs for the previous and current month into the cost ledger (replacing those months); returns the pull (and job) to follow",
    input: z.strictObject({ id: zId }),
    output: zPullStarted,
    permission: "connectors:discover",
    mutates: true,
    handler: async ({ id }, ctx) => {
      const pull = await startPull(ctx.db, ctx.services, workspaceOf(ctx), id, kind, "manual");
      ctx.audit.targetId = id;
      return { pullId: pull.id, jobId: pull.jobId, status: pull.status };
    },
  });
}

export const connectorsPullMetrics = pullOperation("metrics");
export const connectorsPullCosts = pullOperation("costs");

export const connectorsPulls = defineOperation({
  name: "connectors.pulls",
  summary: "Recent metrics and costs pulls, newest first, with their status and counts",
  input: z.object({
    connectorId: zId.optional(),
    kind: z.enum(["metrics", "costs"]).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  }),
  output: z.array(zPull),
  permission: "connectors:read",
  mutates: false,
  handler: async (input, ctx) => (await listPulls(ctx.db, workspaceOf(ctx), input)) as never,
});

export const connectorsSetPulls = defineOperation({
  name: "connectors.setPulls",
  summary:
    "Turn a connector's scheduled metrics pulls (every 15 min) and costs pulls (daily) on or off",
  input: z.strictObject({
    id: zId,
    metrics: z.boolean().optional(),
    costs: z.boolean().optional(),
  }),
  output: zConnector,
  permission: "connectors:manage",
  mutates: true,
  handler: async ({ id, ...options }, ctx) => {
    const row = await setPullOptions(ctx.db, workspaceOf(ctx), id, options);
    ctx.audit.targetId = id;
    return connectorView(row);
  },
});

export const pullOperations = [
  connectorsPullMetrics,
  connectorsPullCosts,
  connectorsPulls,
  connectorsSetPulls,
] as const;
