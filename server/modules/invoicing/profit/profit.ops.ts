import Decimal from "decimal.js";
import { z } from "zod";
import { invalid } from "../../../platform/errors.ts";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zId } from "../../../platform/operations/zod.ts";
import { zCurrency, zDay, zDecimal } from "../invoicing.zod.ts";
import { moneyString } from "../money/currency.ts";
import { nextInvoices, type ProfitRow, profitRows } from "./profit.ts";

const zFigures = {
  currency: zCurrency,
  revenue: zDecimal.describe("Invoiced, before tax, credit notes subtracted"),
  cloudCost: zDecimal.describe("Cloud cost allocated to the client and its projects"),
  timeCost: zDecimal.describe("Hours on the client's projects at each person's cost rate"),
  margin: zDecimal,
  marginPercent: zDecimal.nullable(),
};

/** Sums each client's months (one currency per client). */
function totalsOf(rows: ProfitRow[]) {
  const byClient = new Map<
    string,
    {
      clientId: string;
      clientName: string;
      currency: string;
      revenue: Decimal;
      cloudCost: Decimal;
      timeCost: Decimal;
    }
  >();
  for (const row of rows) {
    const t = byClient.get(row.clientId) ?? {
      clientId: row.clientId,
      clientName: row.clientName,
      currency: row.currency,
      revenue: new Decimal(0),
      cloudCost: new Decimal(0),
      timeCost: new Decimal(0),
    };
    t.revenue = t.revenue.plus(row.revenue);
    t.cloudCost = t.cloudCost.plus(row.cloudCost);
    t.timeCost = t.timeCost.plus(row.timeCost);
    byClient.set(row.clientId, t);
  }
  return [...byClient.values()].map((t) => {
    const margin = t.revenue.minus(t.cloudCost).minus(t.timeCost);
    return {
      clientId: t.clientId,
      clientName: t.clientName,
      currency: t.currency,
      revenue: moneyString(t.revenue, t.currency),
      cloudCost: moneyString(t.cloudCost, t.currency),
      timeCost: moneyString(t.timeCost, t.currency),
      margin: moneyString(margin, t.currency),
      marginPercent: t.revenue.isZero() ? null : margin.dividedBy(t.revenue).times(100).toFixed(1),
    };
  });
}

export const invoicingProfit = defineOperation({
  name: "invoicing.profit",
  summary: "Revenue, cloud cost, time cost and margin per client and month, and next invoices",
  description:
    "Months are whole calendar months: from and to are first days, to exclusive. Revenue is " +
    "counted in the month its invoice covers. Costs in another currency than the client's are " +
    "converted with the rates stored on that month's invoices, or listed as unconverted.",
  input: z.object({ from: zDay, to: zDay, clientId: zId.optional() }),
  output: z.object({
    rows: z.array(
      z.object({
        month: z.string(),
        clientId: zId,
        clientName: z.string(),
        ...zFigures,
        unconverted: z.array(z.object({ currency: z.string(), amount: zDecimal })),
      }),
    ),
    totals: z.array(z.object({ clientId: zId, clientName: z.string(), ...zFigures })),
    forecast: z.array(
      z.object({
        clientId: zId,
        clientName: z.string(),
        currency: zCurrency,
        month: z.string(),
        cloud: zDecimal,
        time: zDecimal,
        fixed: zDecimal,
        total: zDecimal.describe("Before tax; at least the minimum fee"),
        method: z.string(),
      }),
    ),
  }),
  permission: "invoices:profit",
  mutates: false,
  handler: async (input, ctx) => {
    if (!input.from.endsWith("-01")) throw invalid("from", "must be the first day of a month");
    if (!input.to.endsWith("-01"))
      throw invalid("to", "must be the first day of a month (exclusive)");
    if (input.to <= input.from) throw invalid("to", "must be after from");
    const workspaceId = workspaceOf(ctx);
    const rows = await profitRows(ctx.db, workspaceId, input);
    return {
      rows,
      totals: totalsOf(rows),
      forecast: await nextInvoices(ctx.db, workspaceId, new Date(), input.clientId),
    };
  },
});

export const profitOperations = [invoicingProfit] as const;
