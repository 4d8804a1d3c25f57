// Where draft invoice lines come from: cloud cost allocated to the client (and to its projects),
// billable time on its projects, and the fixed parts of its pricing plan.
import Decimal from "decimal.js";
import { and, eq, gte, inArray, isNotNull, isNull, lt } from "drizzle-orm";
import { users } from "../../../platform/auth/auth.schema.ts";
import type { Db } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import { localRange } from "../../../platform/time-zone.ts";
import { allocatedTo } from "../../costs/allocation/allocation.ts";
import { tasks, timeEntries } from "../../projects/projects.schema.ts";
import { roundingOf, roundSeconds } from "../../projects/time/rounding.ts";
import { type Client, type ClientProject, projectsOfClient } from "../clients/clients.service.ts";
import { markedUp } from "../money/invoice-math.ts";
import { markupFor, type PricingPlan, taskRateFor } from "../pricing/pricing.ts";

export interface DraftLine {
  kind:
    | "cloud"
    | "time"
    | "retainer"
    | "fixed"
    | "resource_fee"
    | "minimum"
    | "discount"
    | "credit";
  description: string;
  quantity: string;
  unit: string | null;
  unitPrice: string;
  discountPercent: string | null;
  taxRate: string;
  detail: Record<string, unknown>;
}

export interface DraftScope {
  workspaceId: string;
  client: Client;
  plan: PricingPlan;
  /** Per project of the client that has its own plan. */
  projectPlans: Map<string, PricingPlan>;
  periodStart: string;
  /** Exclusive. */
  periodEnd: string;
  /** The workspace's zone: time entries count from local midnight of periodStart. */
  timeZone: string;
  currency: string;
  /** Invoice currency per one unit of another currency. */
  exchangeRates: Record<string, string>;
  taxRate: string;
}

/** Unit prices keep six decimals; the line's net is rounded once, to the currency. */
const price = (value: Decimal) => value.toDecimalPlaces(6).toString();

/** Converts an amount to the invoice currency, or says which rate is missing. */
function converter(scope: DraftScope) {
  const missing = new Set<string>();
  return {
    rate(currency: string | null): string {
      if (!currency || currency === scope.currency) return "1";
      const rate = scope.exchangeRates[currency];
      if (!rate) missing.add(currency);
      return rate ?? "1";
    },
    check() {
      if (missing.size === 0) return;
      const list = [...missing].sort().join(", ");
      throw new AppError(
        "invalid_input",
        `exchangeRates: ${scope.client.name} is invoiced in ${scope.currency}, and there is ${list} to bill; give the exchange rate (${scope.currency} per 1 ${[...missing][0]})`,
        { field: "exchangeRates" },
      );
    },
  };
}

/** Pass-through cloud cost: allocated to the client, or to one of its projects, with markup. */
async function cloudLines(
  db: Db,
  scope: DraftScope,
  clientProjects: ClientProject[],
  fx: ReturnType<typeof converter>,
) {
  const lines: DraftLine[] = [];
  let resources = 0;
  const targets: { kind: "client" | "project"; key: string; label?: string; plan: PricingPlan }[] =
    [{ kind: "client", key: scope.client.allocationKey, plan: scope.plan }];
  for (const project of clientProjects) {
    targets.push({
      kind: "project",
      key: project.key,
      label: project.name,
      plan: scope.projectPlans.get(project.id) ?? scope.plan,
    });
  }
  for (const target of targets) {
    const cloud = target.plan.cloud;
    if (!cloud) continue;
    const costs = await allocatedTo(
      db,
      {
        workspaceId: scope.workspaceId,
        from: scope.periodStart,
        to: scope.periodEnd,
        metric: cloud.basis,
      },
      target,
    );
    const groups = new Map<
      string,
      {
        provider: string | null;
        service: string | null;
        currency: string | null;
        cost: Decimal;
        resources: number;
      }
    >();
    for (const c of costs) {
      const service = cloud.lineGrouping === "service" ? c.service : null;
      const key = JSON.stringify([c.provider, service, c.currency]);
      const group = groups.get(key) ?? {
        provider: c.provider,
        service,
        currency: c.currency,
        cost: new Decimal(0),
        resources: 0,
      };
      group.cost = group.cost.plus(c.cost);
      group.resources += c.resources;
      groups.set(key, group);
    }
    for (const g of groups.values()) {
      resources += g.resources;
      const markup = markupFor(cloud, g.provider, g.service);
      const rate = fx.rate(g.currency);
      const name = [g.provider ?? "Other", g.service].filter(Boolean).join(" — ");
      lines.push({
        kind: "cloud",
        description: target.label ? `${name} (${target.label})` : name,
        quantity: "1",
        unit: null,
        unitPrice: price(markedUp(g.cost, markup, rate)),
        discountPercent: null,
        taxRate: scope.taxRate,
        detail: {
          provider: g.provider,
          service: g.service,
          cost: g.cost.toString(),
          costCurrency: g.currency,
          basis: cloud.basis,
          markupPercent: markup,
          exchangeRate: rate,
          resources: g.resources,
          ...(target.kind === "project" ? { projectKey: target.key } : {}),
        },
      });
    }
  }
  return { lines, resources };
}

/**
 * Billable, finished, not yet invoiced time on the client's projects: a line per person, task
 * type and rate. The client's rate for a task type beats the rate the entry was logged at.
 */
async function timeLines(
  db: Db,
  scope: DraftScope,
  clientProjects: ClientProject[],
  fx: ReturnType<typeof converter>,
) {
  const billed = clientProjects.filter((p) => (scope.projectPlans.get(p.id) ?? scope.plan).hourly);
  if (billed.length === 0) return [];
  // Time is billed by the workspace's days; cloud cost keeps the provider's billing days.
  const period = localRange(scope.periodStart, scope.periodEnd, scope.timeZone);
  const entries = await db
    .select({
      id: timeEntries.id,
      projectId: timeEntries.projectId,
      userId: timeEntries.userId,
      person: users.name,
      seconds: timeEntries.seconds,
      rate: timeEntries.rate,
      currency: timeEntries.currency,
      labels: tasks.labels,
    })
    .from(timeEntries)
    .innerJoin(users, eq(users.id, timeEntries.userId))
    .leftJoin(tasks, eq(tasks.id, timeEntries.taskId))
    .where(
      and(
        eq(timeEntries.workspaceId, scope.workspaceId),
        inArray(
          timeEntries.projectId,
          billed.map((p) => p.id),
        ),
        eq(timeEntries.billable, true),
        isNotNull(timeEntries.endedAt),
        isNull(timeEntries.invoiceId),
        gte(timeEntries.startedAt, period.start),
        lt(timeEntries.startedAt, period.end),
      ),
    );
  const groups = new Map<
    string,
    {
      project: (typeof billed)[number];
      person: string;
      taskType: string | null;
      rate: string;
      currency: string;
      seconds: number;
      rounded: number;
      ids: string[];
    }
  >();
  const unpriced: string[] = [];
  for (const entry of entries) {
    const project = billed.find((p) => p.id === entry.projectId)!;
    const plan = scope.projectPlans.get(project.id) ?? scope.plan;
    const taskRate = plan.hourly ? taskRateFor(plan.hourly, entry.labels) : null;
    const rate = taskRate?.rate ?? entry.rate ?? plan.hourly?.defaultRate ?? null;
    if (!rate) {
      unpriced.push(`${entry.person} on ${project.key}`);
      continue;
    }
    // Rates of the client's plan are in its currency; an entry's own rate in the entry's.
    const currency = !taskRate && entry.rate ? (entry.currency ?? scope.currency) : scope.currency;
    const taskType = taskRate?.label ?? null;
    const key = JSON.stringify([project.id, entry.userId, taskType, rate, currency]);
    const group = groups.get(key) ?? {
      project,
      person: entry.person,
      taskType,
      rate,
      currency,
      seconds: 0,
      rounded: 0,
      ids: [],
    };
    const seconds = entry.seconds ?? 0;
    group.seconds += seconds;
    group.rounded += roundSeconds(seconds, roundingOf(project.rounding));
    group.ids.push(entry.id);
    groups.set(key, group);
  }
  if (unpriced.length > 0) {
    const who = [...new Set(unpriced)].join(", ");
    throw new AppError(
      "invalid_input",
      `Billable time without an hourly rate (${who}): set the person's or the project's rate, or a default hourly rate in the client's pricing`,
      { field: "clientId" },
    );
  }
  return [...groups.values()]
    .filter((g) => g.rounded > 0)
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)))
    .map((g): DraftLine => {
      const rate = fx.rate(g.currency);
      return {
        kind: "time",
        description: `${g.project.name} — ${g.person}${g.taskType ? ` (${g.taskType})` : ""}`,
        quantity: price(new Decimal(g.rounded).dividedBy(3600)),
        unit: "h",
        unitPrice: price(new Decimal(g.rate).times(rate)),
        discountPercent: null,
        taxRate: scope.taxRate,
        detail: {
          projectKey: g.project.key,
          person: g.person,
          ...(g.taskType ? { taskType: g.taskType } : {}),
          seconds: g.seconds,
          roundedSeconds: g.rounded,
          rate: g.rate,
          rateCurrency: g.currency,
          exchangeRate: rate,
          entryIds: g.ids,
        },
      };
    });
}

const sortKey = (g: { project: { key: string }; person: string; taskType: string | null }) =>
  `${g.project.key} / ${g.person} / ${g.taskType ?? ""}`;

/**
 * Every line a draft for the period starts with. Throws when a currency has no exchange rate or
 * billable time has no rate; returns no lines when there is nothing to bill.
 */
export async function draftLines(db: Db, scope: DraftScope): Promise<DraftLine[]> {
  const fx = converter(scope);
  const clientProjects = await projectsOfClient(db, scope.workspaceId, scope.client.id);
  const cloud = await cloudLines(db, scope, clientProjects, fx);
  const time = await timeLines(db, scope, clientProjects, fx);
  fx.check();
  const lines = [...cloud.lines, ...time];
  const { plan } = scope;
  if (plan.resourceFee && cloud.resources > 0) {
    lines.push({
      kind: "resource_fee",
      description: plan.resourceFee.description,
      quantity: String(cloud.resources),
      unit: "resource",
      unitPrice: plan.resourceFee.amount,
      discountPercent: null,
      taxRate: scope.taxRate,
      detail: { resources: cloud.resources },
    });
  }
  if (plan.retainer) {
    lines.push({
      kind: "retainer",
      description: plan.retainer.description,
      quantity: String(monthsIn(scope.periodStart, scope.periodEnd)),
      unit: "month",
      unitPrice: plan.retainer.amount,
      discountPercent: null,
      taxRate: scope.taxRate,
      detail: {},
    });
  }
  return lines;
}

/** Whole calendar months from a month's first day to a later month's first day. */
export function monthsIn(start: string, end: string): number {
  const [y1, m1] = start.split("-").map(Number) as [number, number];
  const [y2, m2] = end.split("-").map(Number) as [number, number];
  return (y2 - y1) * 12 + (m2 - m1);
}
