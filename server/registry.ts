import { agentOperations } from "./modules/ai/agent/agent.ops.ts";
import { approvalOperations } from "./modules/ai/approvals/approvals.ops.ts";
import { assistOperations } from "./modules/ai/assist/assist.ops.ts";
import { automationOperations } from "./modules/ai/automations/automations.ops.ts";
import { runOperations } from "./modules/ai/automations/runs.ops.ts";
import { aiSettingsOperations } from "./modules/ai/settings/ai-settings.ops.ts";
import { toolsourceOperations } from "./modules/ai/toolsources/toolsources.ops.ts";
import { triageOperations } from "./modules/ai/triage/triage.ops.ts";
import { allocationOperations } from "./modules/costs/allocation/allocation.ops.ts";
import { anomalyOperations } from "./modules/costs/anomalies/anomalies.ops.ts";
import { budgetOperations } from "./modules/costs/budgets/budgets.ops.ts";
import { costOperations } from "./modules/costs/costs.ops.ts";
import { explorerOperations } from "./modules/costs/explorer/explorer.ops.ts";
import { savingsOperations } from "./modules/costs/savings/savings.ops.ts";
import { demoOperations } from "./modules/demo/demo.ops.ts";
import { resourceActionOperations } from "./modules/inventory/actions/actions.ops.ts";
import { complianceOperations } from "./modules/inventory/compliance/compliance.ops.ts";
import { connectorOperations } from "./modules/inventory/connectors.ops.ts";
import { inventoryGraphOperations } from "./modules/inventory/graph/graph.ops.ts";
import { hostOperations } from "./modules/inventory/hosts/hosts.ops.ts";
import { inventoryOperations } from "./modules/inventory/inventory.ops.ts";
import { pullOperations } from "./modules/inventory/pulls.ops.ts";
import { serviceCatalogOperations } from "./modules/inventory/services/services.ops.ts";
import { resourceTagOperations } from "./modules/inventory/tags/tags.ops.ts";
import { invoicingOperations } from "./modules/invoicing/invoicing.ops.ts";
import { alertOperations } from "./modules/observability/alerts/alerts.ops.ts";
import { incidentOperations } from "./modules/observability/alerts/incidents.ops.ts";
import { routingOperations } from "./modules/observability/alerts/routing/routing.ops.ts";
import { dashboardOperations } from "./modules/observability/dashboards/dashboards.ops.ts";
import { savedSearchOperations } from "./modules/observability/dashboards/saved-searches.ops.ts";
import { ingestOperations } from "./modules/observability/ingest/ingest.ops.ts";
import { logsOperations } from "./modules/observability/logs/logs.ops.ts";
import { metricsAnomalies } from "./modules/observability/metrics/anomalies.ops.ts";
import { metricsForecast } from "./modules/observability/metrics/forecast.ops.ts";
import { metricsOperations } from "./modules/observability/metrics/metrics.ops.ts";
import { patternOperations } from "./modules/observability/patterns/store/patterns.ops.ts";
import { healthRisk } from "./modules/observability/risk/risk.ops.ts";
import { scrapeOperations } from "./modules/observability/scrape/scrape.ops.ts";
import { checkOperations } from "./modules/observability/uptime/checks.ops.ts";
import { statusPageOperations } from "./modules/observability/uptime/status-page.ops.ts";
import { docTrashOperations } from "./modules/projects/docs/doc-trash.ops.ts";
import { docOperations } from "./modules/projects/docs/docs.ops.ts";
import { planningOperations } from "./modules/projects/planning/planning.ops.ts";
import { projectOperations } from "./modules/projects/projects.ops.ts";
import { sprintOperations } from "./modules/projects/sprints/sprints.ops.ts";
import { taskOperations } from "./modules/projects/tasks/tasks.ops.ts";
import { timeOperations } from "./modules/projects/time/time.ops.ts";
import { embeddingSettingsOperations } from "./modules/search/embedding-settings.ops.ts";
import { searchOperations } from "./modules/search/search.ops.ts";
import { auditOperations } from "./platform/audit/audit.ops.ts";
import { authOperations } from "./platform/auth/auth.ops.ts";
import { tokenOperations } from "./platform/auth/tokens.ops.ts";
import { userOperations } from "./platform/auth/users.ops.ts";
import { jobOperations } from "./platform/jobs/jobs.ops.ts";
import { notificationOperations } from "./platform/notifications/notifications.ops.ts";
import type { Operation } from "./platform/operations/define.ts";
import { secretOperations } from "./platform/secrets/secrets.ops.ts";
import { inviteOperations } from "./platform/workspaces/invites.ops.ts";
import { workspaceOperations } from "./platform/workspaces/workspaces.ops.ts";

/**
 * Every operation of Glass Pane. HTTP routes, OpenAPI, the typed client, the CLI's `call`, the
 * agent's tools and the generated isolation test are all derived from this list.
 */
export const operations = [
  ...authOperations,
  ...workspaceOperations,
  ...inviteOperations,
  ...tokenOperations,
  ...userOperations,
  ...auditOperations,
  ...secretOperations,
  ...jobOperations,
  ...notificationOperations,
  ...demoOperations,
  ...costOperations,
  ...explorerOperations,
  ...allocationOperations,
  ...savingsOperations,
  ...budgetOperations,
  ...anomalyOperations,
  ...projectOperations,
  ...taskOperations,
  ...sprintOperations,
  ...timeOperations,
  ...docOperations,
  ...docTrashOperations,
  ...planningOperations,
  ...invoicingOperations,
  ...approvalOperations,
  ...toolsourceOperations,
  ...connectorOperations,
  ...pullOperations,
  ...hostOperations,
  ...inventoryOperations,
  ...resourceActionOperations,
  ...resourceTagOperations,
  ...inventoryGraphOperations,
  ...serviceCatalogOperations,
  ...complianceOperations,
  ...aiSettingsOperations,
  ...agentOperations,
  ...assistOperations,
  ...automationOperations,
  ...runOperations,
  ...ingestOperations,
  ...logsOperations,
  ...patternOperations,
  ...scrapeOperations,
  ...metricsOperations,
  metricsForecast,
  metricsAnomalies,
  ...dashboardOperations,
  ...savedSearchOperations,
  ...checkOperations,
  healthRisk,
  ...statusPageOperations,
  ...alertOperations,
  ...incidentOperations,
  ...routingOperations,
  ...triageOperations,
  ...searchOperations,
  ...embeddingSettingsOperations,
] as const;

type AnyOperation = (typeof operations)[number];
export type OperationName = AnyOperation["name"];
/** Name → operation, for typed clients: `OperationMap["members.list"]`. */
export type OperationMap = { [O in AnyOperation as O["name"]]: O };

export const operationsByName: ReadonlyMap<string, Operation> = (() => {
  const map = new Map<string, Operation>();
  for (const op of operations as readonly Operation[]) {
    if (map.has(op.name)) throw new Error(`operation ${op.name} is defined twice`);
    map.set(op.name, op);
  }
  return map;
})();
