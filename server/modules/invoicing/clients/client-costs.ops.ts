import Decimal from "decimal.js";
import { z } from "zod";
import { invalid } from "../../../platform/errors.ts";
import {
  clientScopeOf,
  defineOperation,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId } from "../../../platform/operations/zod.ts";
import { allocatedTo } from "../../costs/allocation/allocation.ts";
import { zDay, zDecimal } from "../invoicing.zod.ts";
import { markedUp } from "../money/invoice-math.ts";
import { EMPTY_PLAN, markupFor } from "../pricing/pricing.ts";
import { allocationTargetsOf, getClient, planOf, projectsOfClient } from "./clients.service.ts";

/**
 * The cloud cost allocated to a client, priced as the client pays it (its plan's markup
 * included): what a client guest may see of the ledger. Never the raw cost.
 */
export const clientsCosts = defineOperation({
  name: "clients.costs",
  summary: "A client's allocated cloud cost by provider and service, at the client's price",
  input: z.object({ clientId: zId, from: zDay, to: zDay }),
  output: z.object({
    currency: z.string().nullable(),
    basis: z.enum(["BilledCost", "EffectiveCost"]),
    total: zDecimal.nullable().describe("null when the items are in several currencies"),
    items: z.array(
      z.object({
        provider: z.string().nullable(),
        service: z.string().nullable(),
        currency: z.string().nullable(),
        amount: zDecimal,
        resources: z.number().int(),
      }),
    ),
  }),
  permission: "clients:read",
  mutates: false,
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const guest = clientScopeOf(ctx);
    if (guest && guest !== input.clientId) throw invalid("clientId", "is not your client record");
    if (input.to <= input.from) throw invalid("to", "must be after from");
    const client = await getClient(ctx.db, workspaceId, input.clientId);
    const plan = (await planOf(ctx.db, workspaceId, client.id)) ?? EMPTY_PLAN;
    const cloud = plan.cloud ?? {
      basis: "BilledCost" as const,
      markupPercent: "0",
      overrides: [],
      lineGrouping: "service" as const,
    };
    const clientProjects = await projectsOfClient(ctx.db, workspaceId, client.id);
    const scope = { workspaceId, from: input.from, to: input.to, metric: cloud.basis };
    const merged = new Map<
      string,
      {
        provider: string | null;
        service: string | null;
        currency: string | null;
        amount: Decimal;
        resources: number;
      }
    >();
    for (const target of allocationTargetsOf(client, clientProjects)) {
      for (const c of await allocatedTo(ctx.db, scope, target)) {
        const key = JSON.stringify([c.provider, c.service, c.currency]);
        const item = merged.get(key) ?? {
          provider: c.provider,
          service: c.service,
          currency: c.currency,
          amount: new Decimal(0),
          resources: 0,
        };
        item.amount = item.amount.plus(markedUp(c.cost, markupFor(cloud, c.provider, c.service)));
        item.resources += c.resources;
        merged.set(key, item);
      }
    }
    const items = [...merged.values()].sort((a, b) => b.amount.comparedTo(a.amount));
    const currencies = [...new Set(items.map((i) => i.currency))];
    return {
      currency: currencies.length === 1 ? (currencies[0] ?? null) : null,
      basis: cloud.basis,
      // Amounts in different currencies are never added: "0" read as "costs nothing".
      total:
        currencies.length <= 1
          ? items.reduce((s, i) => s.plus(i.amount), new Decimal(0)).toFixed(2)
          : null,
      items: items.map((i) => ({ ...i, amount: i.amount.toFixed(2) })),
    };
  },
});
