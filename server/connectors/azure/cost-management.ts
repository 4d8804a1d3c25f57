import type { CostManagementClient, QueryDefinition } from "@azure/arm-costmanagement";
import { createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import {
  billingPeriodOf,
  billingWindow,
  type FocusPullRow,
  focusCsv,
  isoDay,
  ymd,
} from "../costs/focus-csv.ts";
import type { ConnectorContext, CostPullRequest, PulledCostFile } from "../types.ts";

const DAY_MS = 86_400_000;

interface QueryPage {
  nextLink?: string | null;
  columns?: { name?: string }[];
  rows?: unknown[][];
}

/**
 * Daily actual cost of one subscription from the Cost Management query API, grouped by
 * ServiceName and ResourceId, as FOCUS rows. BillingAccountId is the subscription: the query
 * is scoped to it, so a re-pull replaces exactly what an earlier pull of it imported. The SDK
 * does not follow `nextLink` for queries; the next page is the same POST to that link.
 */
export async function pullAzureCosts(
  client: CostManagementClient,
  subscription: string,
  request: CostPullRequest,
  ctx: ConnectorContext,
): Promise<PulledCostFile[]> {
  const { start, end } = billingWindow(request.from, request.to);
  const query: QueryDefinition = {
    type: "ActualCost",
    timeframe: "Custom",
    timePeriod: { from: start, to: new Date(end.getTime() - 1) },
    dataset: {
      granularity: "Daily",
      aggregation: { totalCost: { name: "Cost", function: "Sum" } },
      grouping: [
        { type: "Dimension", name: "ServiceName" },
        { type: "Dimension", name: "ResourceId" },
      ],
    },
  };
  const rows: FocusPullRow[] = [];
  let page: QueryPage = await client.query.usage(`subscriptions/${subscription}`, query, {
    abortSignal: ctx.signal,
  });
  for (;;) {
    rows.push(...rowsOf(page, subscription));
    const next = page.nextLink;
    if (!next) break;
    const answer = await client.sendRequest(
      createPipelineRequest({
        url: next,
        method: "POST",
        body: JSON.stringify({
          ...query,
          timePeriod: { from: start.toISOString(), to: query.timePeriod!.to.toISOString() },
        }),
        headers: createHttpHeaders({ "content-type": "application/json" }),
        abortSignal: ctx.signal,
      }),
    );
    if (answer.status !== 200)
      throw new Error(`Cost Management answered ${answer.status} for the next page`);
    page = (JSON.parse(answer.bodyAsText ?? "{}") as { properties?: QueryPage }).properties ?? {};
  }
  if (rows.length === 0) return [];
  return [
    {
      fileName: `azure-cost-management-${subscription}-${ymd(start)}-${ymd(end)}.csv`,
      content: focusCsv(rows),
    },
  ];
}

/** FOCUS rows of one page; columns are found by name, as the API orders them as it likes. */
export function rowsOf(page: QueryPage, subscription: string): FocusPullRow[] {
  const names = (page.columns ?? []).map((c) => (c.name ?? "").toLowerCase());
  const at = (...candidates: string[]) => names.findIndex((n) => candidates.includes(n));
  const cost = at("cost", "pretaxcost", "costusd");
  const date = at("usagedate");
  const service = at("servicename");
  const resource = at("resourceid");
  const currency = at("currency");
  if (cost < 0 || date < 0)
    throw new Error("Cost Management answered without a cost or a usage date column");
  const out: FocusPullRow[] = [];
  for (const row of page.rows ?? []) {
    const amount = Number(row[cost]);
    if (!Number.isFinite(amount) || amount === 0) continue;
    // UsageDate comes as a number, 20261101.
    const d = String(row[date]);
    const day = new Date(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T00:00:00Z`);
    if (Number.isNaN(day.getTime())) throw new Error(`Cost Management usage date "${d}"`);
    const period = billingPeriodOf(day);
    const text = (i: number) => (i >= 0 && row[i] != null ? String(row[i]) : undefined);
    out.push({
      BillingAccountId: subscription,
      BillingPeriodStart: period.start,
      BillingPeriodEnd: period.end,
      ChargePeriodStart: isoDay(day),
      ChargePeriodEnd: isoDay(new Date(day.getTime() + DAY_MS)),
      BilledCost: String(amount),
      EffectiveCost: String(amount),
      BillingCurrency: text(currency) ?? "USD",
      ProviderName: "Microsoft",
      PublisherName: "Microsoft",
      InvoiceIssuerName: "Microsoft",
      ServiceName: text(service),
      ChargeCategory: amount < 0 ? "Credit" : "Usage",
      SubAccountId: subscription,
      ResourceId: text(resource)?.toLowerCase() || undefined,
      x_Source: "azure-cost-management",
    });
  }
  return out;
}
