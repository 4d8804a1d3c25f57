import { and, asc, desc, eq, ilike, isNull, or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../platform/db/database.ts";
import { invalid } from "../../platform/errors.ts";
import { resourceCosts, resources } from "./inventory.schema.ts";
import type { zSearchInput } from "./inventory.zod.ts";
import { resourceCostWindow } from "./resource-costs.ts";
import { countsOf, likeEscape } from "./search-counts.ts";

export type SearchInput = z.output<typeof zSearchInput>;

/**
 * A page position: the last item's name and id; sorting by cost, also its effective cost (null:
 * the page ended among the resources without a cost, which come last).
 */
type Position = { name: string; id: string; cost?: string | null };

function encodeCursor(position: Position) {
  const value =
    position.cost === undefined
      ? [position.name, position.id]
      : ["cost", position.cost, position.name, position.id];
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^-?\d+(\.\d+)?$/;

function decodeCursor(cursor: string, sort: SearchInput["sort"]): Position {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value)) {
      const byCost = sort === "cost";
      const [name, id] = byCost ? value.slice(2) : value;
      const cost = value[1];
      const shaped = byCost
        ? value.length === 4 &&
          value[0] === "cost" &&
          (cost === null || (typeof cost === "string" && DECIMAL.test(cost)))
        : value.length === 2;
      if (shaped && typeof name === "string" && UUID.test(String(id)))
        return byCost ? { name, id, cost } : { name, id };
    }
  } catch {}
  throw invalid("cursor", "is not a cursor this search (with this sort) returned");
}

/** The filter of a search, without its page position (facets and totals use it as is). */
function filterOf(workspaceId: string, input: SearchInput): SQL {
  const parts: (SQL | undefined)[] = [eq(resources.workspaceId, workspaceId)];
  if (!input.includeDeleted) parts.push(isNull(resources.deletedAt));
  if (input.provider) parts.push(eq(resources.provider, input.provider));
  if (input.connectorId) parts.push(eq(resources.connectorId, input.connectorId));
  // "compute" means the family: compute.vm, compute.function…
  if (input.type)
    parts.push(
      input.type.includes(".")
        ? eq(resources.type, input.type)
        : ilike(resources.type, `${likeEscape(input.type)}.%`),
    );
  if (input.region) parts.push(eq(resources.region, input.region));
  if (input.state) parts.push(eq(resources.state, input.state));
  if (input.tag) {
    const at = input.tag.indexOf("=");
    const key = at < 0 ? input.tag : input.tag.slice(0, at);
    parts.push(
      at < 0
        ? sql`${resources.tags} ? ${key}`
        : sql`${resources.tags} @> ${JSON.stringify({ [key]: input.tag.slice(at + 1) })}::jsonb`,
    );
  }
  if (input.untagged) parts.push(sql`${resources.tags} = '{}'::jsonb`);
  if (input.q) {
    const like = `%${likeEscape(input.q)}%`;
    parts.push(
      or(
        ilike(resources.name, like),
        ilike(resources.nativeId, like),
        ilike(resources.costResourceId, like),
      ),
    );
  }
  return and(...parts) as SQL;
}

const ITEM = {
  id: resources.id,
  provider: resources.provider,
  type: resources.type,
  nativeType: resources.nativeType,
  name: resources.name,
  region: resources.region,
  state: resources.state,
  tags: resources.tags,
  account: resources.account,
  nativeId: resources.nativeId,
  deletedAt: resources.deletedAt,
  cost: resourceCosts.effectiveCost,
  currency: resourceCosts.currency,
};

const costOf = and(
  eq(resourceCosts.workspaceId, resources.workspaceId),
  eq(resourceCosts.costResourceId, resources.costResourceId),
);
// A row comparison, not `name > a OR (name = a AND id > b)`: only this form is an index range.
const afterName = (p: Position) =>
  sql`(${resources.name}, ${resources.id}) > (${p.name}, ${p.id}::uuid)`;

/** A page in name order, each row with its cost if it has one. */
function byName(db: Db, where: SQL, position: Position | null, limit: number) {
  return db
    .select(ITEM)
    .from(resources)
    .leftJoin(resourceCosts, costOf)
    .where(and(where, position ? afterName(position) : undefined))
    .orderBy(asc(resources.name), asc(resources.id))
    .limit(limit);
}

/**
 * A page by cost: the resources with a cost, most expensive first, then those without one by
 * name. The first part walks the costs' index from the top, looking each ResourceId's resources
 * up, and stops at the page's end (the planner needs the costs' statistics for that: the
 * rebuild gathers them). The costs live in their own table, rebuilt after imports without
 * touching resources.
 */
async function byCost(
  db: Db,
  workspaceId: string,
  where: SQL,
  position: Position | null,
  limit: number,
) {
  const rows: Awaited<ReturnType<typeof byName>> = [];
  if (position?.cost !== null) {
    const cost = resourceCosts.effectiveCost;
    const after = position
      ? sql`${cost} <= ${position.cost}::numeric AND (${cost} < ${position.cost}::numeric OR ${afterName(position)})`
      : undefined;
    rows.push(
      ...(await db
        .select(ITEM)
        .from(resourceCosts)
        .innerJoin(resources, costOf)
        .where(and(eq(resourceCosts.workspaceId, workspaceId), where, after))
        .orderBy(desc(cost), asc(resources.name), asc(resources.id))
        .limit(limit)),
    );
  }
  if (rows.length < limit) {
    const noCost = sql`NOT EXISTS (SELECT 1 FROM ${resourceCosts} WHERE ${costOf})`;
    const after = position?.cost === null ? afterName(position) : undefined;
    rows.push(
      ...(await db
        .select(ITEM)
        .from(resources)
        .leftJoin(resourceCosts, costOf)
        .where(and(where, noCost, after))
        .orderBy(asc(resources.name), asc(resources.id))
        .limit(limit - rows.length)),
    );
  }
  return rows;
}

/**
 * One page of the cross-cloud inventory (keyset on name, id — or on cost, name, id: LIMIT n + 1
 * rows), each item with its effective cost over the ledger's last 30 days when it has one, and
 * the total and facet counts from search-counts.ts (a roll-up, or the first matches when capped).
 */
export async function searchResources(db: Db, workspaceId: string, input: SearchInput) {
  const where = filterOf(workspaceId, input);
  const sortByCost = input.sort === "cost";
  const position = input.cursor ? decodeCursor(input.cursor, input.sort) : null;
  const window = await resourceCostWindow(db, workspaceId);
  const rows = sortByCost
    ? await byCost(db, workspaceId, where, position, input.limit + 1)
    : await byName(db, where, position, input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  const counts = await countsOf(db, workspaceId, input, where);
  return {
    total: counts.total,
    ...(counts.capped ? { totalIsLowerBound: true } : {}),
    items: items.map(({ cost, currency, ...r }) => ({
      ...r,
      provider: r.provider as never,
      cost: cost !== null && currency !== null ? { effectiveCost: cost, currency } : null,
    })),
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor(
            sortByCost
              ? { name: last.name, id: last.id, cost: last.cost }
              : { name: last.name, id: last.id },
          )
        : null,
    facets: counts.facets,
    costWindow: window,
  };
}
