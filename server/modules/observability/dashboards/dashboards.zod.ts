import { z } from "zod";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";
import { zLogAttributes } from "../logs/log-attributes.zod.ts";
import { LEVELS } from "../logs/log-line.ts";
import { AGGREGATIONS } from "../metrics/aggregations.ts";

/** Dashboards lay panels on a 12-column grid; heights are in rows of about 80 px. */
export const GRID_COLUMNS = 12;
export const RANGES = ["15m", "1h", "6h", "24h", "7d", "30d"] as const;
export const CHART_TYPES = ["line", "area", "bar", "stat"] as const;

const zLabel = z.string().min(1).max(100);

export const zMetricPanelQuery = z.strictObject({
  kind: z.literal("metric"),
  metric: z.string().trim().min(1).max(200),
  aggregation: z.enum(AGGREGATIONS).default("avg"),
  groupBy: z.array(zLabel).max(5).default([]),
  where: z.record(zLabel, z.string().max(500)).default({}),
});

export const zLogCountPanelQuery = z.strictObject({
  kind: z.literal("logCount"),
  q: z.string().max(500).optional(),
  service: z.string().max(200).optional(),
  level: z.enum(LEVELS).optional(),
});

export const zPanelQuery = z.discriminatedUnion("kind", [zMetricPanelQuery, zLogCountPanelQuery]);

export const zPanel = z.strictObject({
  /** Stable within the dashboard so the web app can move one panel; made by the server if absent. */
  id: z.string().min(1).max(40).optional(),
  title: z.string().trim().min(1).max(120),
  query: zPanelQuery,
  chart: z.enum(CHART_TYPES).default("line"),
  x: z
    .number()
    .int()
    .min(0)
    .max(GRID_COLUMNS - 1),
  y: z.number().int().min(0).max(1000),
  w: z.number().int().min(1).max(GRID_COLUMNS),
  h: z.number().int().min(1).max(12),
});
export type PanelInput = z.input<typeof zPanel>;
export type Panel = z.output<typeof zPanel> & { id: string };

export const zSavedPanel = zPanel.extend({ id: z.string() });

export const zDashboard = z.object({
  id: zId,
  name: z.string(),
  description: z.string(),
  range: z.enum(RANGES),
  panels: z.array(zSavedPanel),
  createdBy: zId.nullable(),
  canEdit: z.boolean().describe("Whether the caller may change it (its creator, owners, admins)"),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
});

export const zDashboardSummary = zDashboard
  .omit({ panels: true })
  .extend({ panelCount: z.number().int() });

export const zSavedSearchQuery = z.strictObject({
  q: z.string().max(500).optional(),
  service: z.string().max(200).optional(),
  level: z.enum(LEVELS).optional(),
  range: z.enum(RANGES).optional(),
  attributes: zLogAttributes.optional(),
});

export const zSavedSearch = z.object({
  id: zId,
  name: z.string(),
  query: zSavedSearchQuery,
  createdBy: zId.nullable(),
  canDelete: z.boolean(),
  createdAt: zTimestamp,
});
