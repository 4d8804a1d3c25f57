// Profit per client and month: what was invoiced against what the client's cloud and the
// team's hours cost, with a forecast of each client's next invoice.
import Decimal from "decimal.js";
import { and, eq, gte, inArray, isNotNull, isNull, lt, ne, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { localRange } from "../../../platform/time-zone.ts";
import { workspaceTimeZone } from "../../../platform/workspaces/workspaces.service.ts";
import { allocatedTo } from "../../costs/allocation/allocation.ts";
import type { AllocationShare } from "../../costs/allocation.schema.ts";
import { costAllocationRules } from "../../costs/allocation.schema.ts";
import type { Filters } from "../../costs/explorer/query.ts";
import { forecastCosts } from "../../costs/forecast/forecast.service.ts";
import { memberRates, tasks, timeEntries } from "../../projects/projects.schema.ts";
import { roundingOf, roundSeconds } from "../../projects/time/rounding.ts";
import {
  allocationTargetsOf,
  type Client,
  listClients,
  planOf,
  projectsOfClient,
} from "../clients/clients.service.ts";
import { invoices } from "../invoicing.schema.ts";
import { moneyString } from "../money/currency.ts";
import { EMPTY_PLAN, taskRateFor } from "../pricing/pricing.ts";

export interface ProfitRow {
  month: string;
  clientId: string;
  clientName: string;
  currency: string;
  revenue: string;
  cloudCost: string;
  timeCost: string;
  margin: string;
  /** Margin as a percent of revenue; null without revenue. */
  marginPercent: string | null;
  /** Costs in a currency the month's invoices give no rate for: left out of the sums. */
  unconverted: { currency: string; amount: string }[];
}

const ZERO = new Decimal(0);

function monthsOf(from: string, to: string): { start: string; end: string }[] {
  const out = [];
  let [y, m] = from.split("-").map(Number) as [number, number];
  for (;;) {
    const start = `${y}-${String(m).padStart(2, "0")}-01`;
    if (start >= to) break;
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
    out.push({ start, end: `${y}-${String(m).padStart(2, "0")}-01` });
  }
  return out;
}

/** Invoiced net (before tax) per client and month, credit notes subtracted; with their rates. */
async function revenueOf(db: Db, workspaceId: string, from: string, to: string) {
  const rows = await db
    .select({
      clientId: invoices.clientId,
      month: sql<string>`to_char(${invoices.periodStart}, 'YYYY-MM')`,
      subtotal: invoices.subtotal,
      rates: invoices.exchangeRates,
    })
    .from(invoices)
    .where(
      and(
        eq(invoices.workspaceId, workspaceId),
        ne(invoices.status, "draft"),
        ne(invoices.status, "void"),
        gte(invoices.periodStart, from),
        lt(invoices.periodStart, to),
      ),
    );
  const out = new Map<string, { revenue: Decimal; rates: Record<string, string> }>();
  for (const row of rows) {
    const key = `${row.clientId}|${row.month}`;
    const current = out.get(key) ?? { revenue: ZERO, rates: {} };
    current.revenue = current.revenue.plus(row.subtotal);
    Object.assign(current.rates, row.rates as Record<string, string>);
    out.set(key, current);
  }
  return out;
}

/**
 * The cost of hours spent on a client's projects in a period of the workspace's days, at each
 * person's cost rate.
 */
async function timeCostOf(
  db: Db,
  workspaceId: string,
  projectIds: string[],
  days: { start: string; end: string; timeZone: string },
) {
  if (projectIds.length === 0) return new Map<string, Decimal>();
  const period = localRange(days.start, days.end, days.timeZone);
  const rows = await db
    .select({
      seconds: sql<string>`sum(${timeEntries.seconds})::text`,
      costRate: memberRates.costRate,
      currency: memberRates.currency,
    })
    .from(timeEntries)
    .innerJoin(
      memberRates,
      and(
        eq(memberRates.workspaceId, timeEntries.workspaceId),
        eq(memberRates.userId, timeEntries.userId),
      ),
    )
    .where(
      and(
        eq(timeEntries.workspaceId, workspaceId),
        inArray(timeEntries.projectId, projectIds),
        isNotNull(timeEntries.endedAt),
        isNotNull(memberRates.costRate),
        gte(timeEntries.startedAt, period.start),
        lt(timeEntries.startedAt, period.end),
      ),
    )
    .groupBy(memberRates.costRate, memberRates.currency);
  const out = new Map<string, Decimal>();
  for (const row of rows) {
    const cost = new Decimal(row.seconds).dividedBy(3600).times(row.costRate!);
    out.set(row.currency, (out.get(row.currency) ?? ZERO).plus(cost));
  }
  return out;
}

/** Adds amounts in `currency` to the client's currency: same currency, or by a stored rate. */
function converter(client: Client, rates: Record<string, string>) {
  const unconverted = new Map<string, Decimal>();
  return {
    add(sum: Decimal, currency: string | null, amount: Decimal): Decimal {
      if (!currency || currency === client.currency) return sum.plus(amount);
      const rate = rates[currency];
      if (rate) return sum.plus(amount.times(rate));
      unconverted.set(currency, (unconverted.get(currency) ?? ZERO).plus(amount));
      return sum;
    },
    left: () =>
      [...unconverted.entries()].map(([currency, amount]) => ({
        currency,
        amount: amount.toFixed(2),
      })),
  };
}

export async function profitRows(
  db: Db,
  workspaceId: string,
  range: { from: string; to: string; clientId?: string },
): Promise<ProfitRow[]> {
  const all = await listClients(db, workspaceId, { includeArchived: true });
  const chosen = range.clientId ? all.filter((c) => c.id === range.clientId) : all;
  const revenue = await revenueOf(db, workspaceId, range.from, range.to);
  const timeZone = await workspaceTimeZone(db, workspaceId);
  const rows: ProfitRow[] = [];
  for (const client of chosen) {
    const plan = (await planOf(db, workspaceId, client.id)) ?? EMPTY_PLAN;
    const metric = plan.cloud?.basis ?? "BilledCost";
    const clientProjects = await projectsOfClient(db, workspaceId, client.id);
    for (const month of monthsOf(range.from, range.to)) {
      const billed = revenue.get(`${client.id}|${month.start.slice(0, 7)}`);
      const fx = converter(client, billed?.rates ?? {});
      let cloud = ZERO;
      const scope = { workspaceId, from: month.start, to: month.end, metric };
      const targets = allocationTargetsOf(client, clientProjects);
      for (const target of targets)
        for (const c of await allocatedTo(db, scope, target))
          cloud = fx.add(cloud, c.currency, new Decimal(c.cost));
      let time = ZERO;
      const timeCosts = await timeCostOf(
        db,
        workspaceId,
        clientProjects.map((p) => p.id),
        { ...month, timeZone },
      );
      for (const [currency, amount] of timeCosts) time = fx.add(time, currency, amount);
      const income = billed?.revenue ?? ZERO;
      if (income.isZero() && cloud.isZero() && time.isZero()) continue;
      const margin = income.minus(cloud).minus(time);
      rows.push({
        month: month.start.slice(0, 7),
        clientId: client.id,
        clientName: client.name,
        currency: client.currency,
        revenue: moneyString(income, client.currency),
        cloudCost: moneyString(cloud.toDecimalPlaces(2), client.currency),
        timeCost: moneyString(time.toDecimalPlaces(2), client.currency),
        margin: moneyString(margin.toDecimalPlaces(2), client.currency),
        marginPercent: income.isZero() ? null : margin.dividedBy(income).times(100).toFixed(1),
        unconverted: fx.left(),
      });
    }
  }
  return rows;
}

export interface NextInvoice {
  clientId: string;
  clientName: string;
  currency: string;
  /** The month the estimate is for: the current one. */
  month: string;
  cloud: string;
  time: string;
  fixed: string;
  total: string;
  /** How the cloud part was estimated. */
  method: string;
}

/**
 * Each client's next invoice (this month's), before tax: the cost forecast of what its
 * allocation rules match, with its markup; open billable time at its rates; the retainer.
 */
export async function nextInvoices(
  db: Db,
  workspaceId: string,
  today: Date,
  clientId?: string,
): Promise<NextInvoice[]> {
  const all = await listClients(db, workspaceId, clientId ? { onlyId: clientId } : {});
  const rules = await db
    .select()
    .from(costAllocationRules)
    .where(eq(costAllocationRules.workspaceId, workspaceId));
  const out: NextInvoice[] = [];
  for (const client of all) {
    const plan = (await planOf(db, workspaceId, client.id)) ?? EMPTY_PLAN;
    const clientProjects = await projectsOfClient(db, workspaceId, client.id);
    const keys = new Set([
      `client:${client.allocationKey}`,
      ...clientProjects.map((p) => `project:${p.key}`),
    ]);
    let cloud = ZERO;
    let method = "no cloud pass-through";
    if (plan.cloud) {
      method = "no allocation rule gives this client costs";
      for (const rule of rules) {
        const share = (rule.targets as AllocationShare[]).find((t) =>
          keys.has(`${t.kind}:${t.key}`),
        );
        if (!share) continue;
        const forecast = await forecastCosts(db, {
          workspaceId,
          filters: rule.match as Filters,
          metric: plan.cloud.basis,
          currency: client.currency,
          level: 0.8,
          today,
        });
        method = `cost forecast (${forecast.method})`;
        const markup = new Decimal(100).plus(plan.cloud.markupPercent).dividedBy(100);
        cloud = cloud.plus(
          new Decimal(forecast.projectedPeriodTotal)
            .times(share.percent)
            .dividedBy(100)
            .times(markup),
        );
      }
    }
    let time = ZERO;
    if (plan.hourly && clientProjects.length > 0) {
      const open = await db
        .select({
          seconds: timeEntries.seconds,
          rate: timeEntries.rate,
          projectId: timeEntries.projectId,
          labels: tasks.labels,
        })
        .from(timeEntries)
        .leftJoin(tasks, eq(tasks.id, timeEntries.taskId))
        .where(
          and(
            eq(timeEntries.workspaceId, workspaceId),
            inArray(
              timeEntries.projectId,
              clientProjects.map((p) => p.id),
            ),
            eq(timeEntries.billable, true),
            isNotNull(timeEntries.endedAt),
            isNull(timeEntries.invoiceId),
          ),
        );
      for (const entry of open) {
        const project = clientProjects.find((p) => p.id === entry.projectId)!;
        const rate =
          taskRateFor(plan.hourly, entry.labels)?.rate ??
          entry.rate ??
          project.rate ??
          plan.hourly.defaultRate;
        if (!rate) continue;
        const seconds = roundSeconds(entry.seconds ?? 0, roundingOf(project.rounding));
        time = time.plus(new Decimal(seconds).dividedBy(3600).times(rate));
      }
    }
    const fixed = new Decimal(plan.retainer?.amount ?? 0);
    let total = cloud.plus(time).plus(fixed);
    if (plan.minimumFee && total.lessThan(plan.minimumFee)) total = new Decimal(plan.minimumFee);
    out.push({
      clientId: client.id,
      clientName: client.name,
      currency: client.currency,
      month: today.toISOString().slice(0, 7),
      cloud: moneyString(cloud.toDecimalPlaces(2), client.currency),
      time: moneyString(time.toDecimalPlaces(2), client.currency),
      fixed: moneyString(fixed, client.currency),
      total: moneyString(total.toDecimalPlaces(2), client.currency),
      method,
    });
  }
  return out;
}
