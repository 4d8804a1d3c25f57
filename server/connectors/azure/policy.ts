/**
 * What the connect wizard shows: the built-in Reader role is enough, and this custom role is the
 * least privilege — exactly the read actions the connector calls (nothing under
 * Microsoft.Storage/storageAccounts/listKeys, no data-plane actions, no writes).
 * `az role definition create --role-definition @glasspane-reader.json`, then assign it to the
 * service principal on each subscription.
 */
export const AZURE_DISCOVERY_ROLE = {
  Name: "Glass Pane inventory reader",
  IsCustom: true,
  Description:
    "Read-only inventory for Glass Pane: VMs, disks, SQL, App Service, storage accounts. The built-in Reader role also works; this grants less.",
  Actions: [
    "Microsoft.Resources/subscriptions/resourceGroups/read",
    "Microsoft.Compute/virtualMachines/read",
    "Microsoft.Compute/virtualMachines/instanceView/read",
    "Microsoft.Compute/disks/read",
    "Microsoft.Sql/servers/read",
    "Microsoft.Sql/servers/databases/read",
    "Microsoft.Web/sites/read",
    "Microsoft.Storage/storageAccounts/read",
    // Metrics pulls (optional): what the built-in Monitoring Reader role grants for metrics.
    "Microsoft.Insights/metrics/read",
    "Microsoft.Insights/metricDefinitions/read",
    // Costs pulls (optional): what the built-in Cost Management Reader role grants for queries.
    "Microsoft.CostManagement/*/read",
    "Microsoft.Consumption/*/read",
  ],
  NotActions: [],
  DataActions: [],
  NotDataActions: [],
  AssignableScopes: ["/subscriptions/<subscription-id>"],
} as const;

export const AZURE_DISCOVERY_ROLE_JSON = JSON.stringify(AZURE_DISCOVERY_ROLE, null, 2);
