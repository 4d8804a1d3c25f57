import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandOutput,
} from "@aws-sdk/client-cost-explorer";
import {
  billingPeriodOf,
  billingWindow,
  type FocusPullRow,
  focusCsv,
  isoDay,
  ymd,
} from "../costs/focus-csv.ts";
import type { ConnectorContext, CostPullRequest, PulledCostFile } from "../types.ts";
import { type AwsSettings, clientConfig, guardClient } from "./clients.ts";

/** Cost Explorer has one endpoint, in us-east-1, whatever the account's regions. */
const CE_REGION = "us-east-1";
const DAY_MS = 86_400_000;

/**
 * Daily costs from Cost Explorer (GetCostAndUsage) grouped by SERVICE and LINKED_ACCOUNT — the
 * API allows two group-bys; RESOURCE_ID needs GetCostAndUsageWithResources (opt-in, last 14
 * days only), so resources are not attributed here (a CUR/FOCUS export does that). FOCUS
 * mapping: BilledCost = UnblendedCost (what the invoice charges), EffectiveCost =
 * AmortizedCost (commitments spread over the days they cover), SubAccountId = linked account.
 */
export async function pullCostExplorer(
  settings: AwsSettings,
  account: string,
  request: CostPullRequest,
  ctx: ConnectorContext,
): Promise<PulledCostFile[]> {
  const { start, end } = billingWindow(request.from, request.to);
  const client = guardClient(
    new CostExplorerClient(clientConfig(settings, CE_REGION)),
    ctx,
    "cost explorer",
  );
  const rows: FocusPullRow[] = [];
  try {
    const input = {
      TimePeriod: { Start: ymd(start), End: ymd(end) },
      Granularity: "DAILY" as const,
      Metrics: ["UnblendedCost", "AmortizedCost"],
      GroupBy: [
        { Type: "DIMENSION" as const, Key: "SERVICE" },
        { Type: "DIMENSION" as const, Key: "LINKED_ACCOUNT" },
      ],
    };
    // The SDK has no paginator for GetCostAndUsage: follow NextPageToken by hand.
    let token: string | undefined;
    do {
      const page = await client.send(
        new GetCostAndUsageCommand({ ...input, NextPageToken: token }),
      );
      rows.push(...rowsOfPage(page, account));
      token = page.NextPageToken || undefined;
    } while (token);
  } finally {
    client.destroy();
  }
  if (rows.length === 0) return [];
  return [
    {
      fileName: `aws-cost-explorer-${account}-${ymd(start)}-${ymd(end)}.csv`,
      content: focusCsv(rows),
    },
  ];
}

/** One FOCUS row per (day, service, linked account) with a cost. */
export function rowsOfPage(page: GetCostAndUsageCommandOutput, account: string): FocusPullRow[] {
  const accountNames = new Map<string, string>();
  for (const d of page.DimensionValueAttributes ?? [])
    if (d.Value && d.Attributes?.description) accountNames.set(d.Value, d.Attributes.description);
  const rows: FocusPullRow[] = [];
  for (const result of page.ResultsByTime ?? []) {
    const dayStart = result.TimePeriod?.Start;
    if (!dayStart) continue;
    const day = new Date(`${dayStart}T00:00:00Z`);
    const period = billingPeriodOf(day);
    for (const group of result.Groups ?? []) {
      const [service = "", linked = account] = group.Keys ?? [];
      const billed = group.Metrics?.UnblendedCost;
      const effective = group.Metrics?.AmortizedCost;
      if (!billed?.Amount) continue;
      if (Number(billed.Amount) === 0 && Number(effective?.Amount ?? 0) === 0) continue;
      rows.push({
        BillingAccountId: account,
        BillingPeriodStart: period.start,
        BillingPeriodEnd: period.end,
        ChargePeriodStart: isoDay(day),
        ChargePeriodEnd: isoDay(new Date(day.getTime() + DAY_MS)),
        BilledCost: billed.Amount,
        EffectiveCost: effective?.Amount ?? billed.Amount,
        BillingCurrency: billed.Unit ?? "USD",
        ProviderName: "AWS",
        PublisherName: "AWS",
        InvoiceIssuerName: "AWS",
        ServiceName: service,
        // Cost Explorer lists taxes as the service "Tax"; credits come as negative amounts.
        ChargeCategory: service === "Tax" ? "Tax" : Number(billed.Amount) < 0 ? "Credit" : "Usage",
        SubAccountId: linked,
        SubAccountName: accountNames.get(linked),
        x_Source: "aws-cost-explorer",
        x_Estimated: result.Estimated ? "true" : "false",
      });
    }
  }
  return rows;
}
