// Every table of Glass Pane, for drizzle-kit and the typed query builder.
// Modules add their *.schema.ts here.

export * from "../../modules/ai/ai.schema.ts";
export * from "../../modules/ai/approvals/approvals.schema.ts";
export * from "../../modules/ai/automations/automations.schema.ts";
export * from "../../modules/ai/toolsources/toolsources.schema.ts";
export * from "../../modules/ai/triage/triage.schema.ts";
export * from "../../modules/costs/allocation.schema.ts";
export * from "../../modules/costs/anomalies/anomalies.schema.ts";
export * from "../../modules/costs/budgets/budgets.schema.ts";
export * from "../../modules/costs/costs.schema.ts";
export * from "../../modules/inventory/actions/actions.schema.ts";
export * from "../../modules/inventory/hosts/host-keys.schema.ts";
export * from "../../modules/inventory/inventory.schema.ts";
export * from "../../modules/inventory/pulls.schema.ts";
export * from "../../modules/inventory/services/services.schema.ts";
export * from "../../modules/invoicing/invoicing.schema.ts";
export * from "../../modules/observability/alerts/alerts.schema.ts";
export * from "../../modules/observability/alerts/routing/routing.schema.ts";
export * from "../../modules/observability/dashboards/dashboards.schema.ts";
export * from "../../modules/observability/ingest/ingest.schema.ts";
export * from "../../modules/observability/metrics/metrics.schema.ts";
export * from "../../modules/observability/patterns/store/patterns.schema.ts";
export * from "../../modules/observability/scrape/scrape.schema.ts";
export * from "../../modules/observability/uptime/uptime.schema.ts";
export * from "../../modules/projects/docs/doc-trash.schema.ts";
export * from "../../modules/projects/planning/planning.schema.ts";
export * from "../../modules/projects/projects.schema.ts";
export * from "../../modules/search/search.schema.ts";
export * from "../audit/audit.schema.ts";
export * from "../auth/auth.schema.ts";
export * from "../jobs/jobs.schema.ts";
export * from "../notifications/notifications.schema.ts";
export * from "../secrets/secrets.schema.ts";
export * from "../workspaces/workspaces.schema.ts";
