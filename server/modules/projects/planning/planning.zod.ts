import { z } from "zod";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";
import { zDay } from "../time/time.zod.ts";

export const ITEM_KINDS = ["milestone", "epic"] as const;
export const ITEM_STATUSES = ["planned", "in_progress", "done"] as const;
export const RISK_STATUSES = ["open", "mitigating", "accepted", "closed"] as const;

const zTitle = z.string().trim().min(1, "must not be empty").max(200);
const zText = z.string().max(20_000);
/** Likelihood and impact: 1 (rare / minor) to 5 (almost certain / severe). */
const zScale = z.number().int().min(1, "must be 1 to 5").max(5, "must be 1 to 5");

export const zItemFields = {
  kind: z.enum(ITEM_KINDS),
  title: zTitle,
  description: zText,
  startDate: zDay.nullable().describe("Epics: first day; milestones: null"),
  endDate: zDay.describe("Epics: last day; milestones: the date"),
  status: z.enum(ITEM_STATUSES),
  ownerId: zId.nullable(),
};

export const zRoadmapItem = z.object({
  id: zId,
  projectId: zId,
  ...zItemFields,
  tasks: z.object({ total: z.number().int(), done: z.number().int() }),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
});

export const zRoadmap = z.object({
  items: z.array(zRoadmapItem),
  dependencies: z.array(z.object({ itemId: zId, dependsOnId: zId })),
});

export const zReschedule = z.object({
  moved: z.array(z.object({ id: zId, start: zDay.nullable(), end: zDay })),
  conflicts: z.array(z.object({ itemId: zId, dependsOnId: zId, message: z.string() })),
});

export const zCapacity = z.object({
  weeks: z.array(zDay),
  people: z.array(
    z.object({
      userId: zId,
      name: z.string(),
      defaultHours: z.number(),
      unscheduled: z.number(),
      weeks: z.array(
        z.object({ week: zDay, capacity: z.number(), planned: z.number(), logged: z.number() }),
      ),
    }),
  ),
});

export const zRiskFields = {
  title: zTitle,
  description: zText,
  likelihood: zScale,
  impact: zScale,
  ownerId: zId.nullable(),
  mitigation: zText,
  status: z.enum(RISK_STATUSES),
  reviewDate: zDay.nullable(),
};

export const zRisk = z.object({
  id: zId,
  projectId: zId,
  ...zRiskFields,
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
});
