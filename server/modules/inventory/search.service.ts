import { and, asc, count, eq, gt, ilike, isNull, or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { rowsOf } from "../../platform/db/copy.ts";
import type { Db } from "../../platform/db/database.ts";
import { invalid } from "../../platform/errors.ts";
import { resources } from "./inventory.schema.ts";
import type { zSearchInput } from "./inventory.zod.ts";

export type SearchInput = z.output<typeof zSearchInput>;

/** `%`, `_` and `\` are LIKE wildcards; a search for "a_b" means the text. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function encodeCursor(name: string, id: string) {
  return Buffer.from(JSON.stringify([name, id])).toString("base64url");
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "string")
      return [value[0], value[1]];
  } catch {}
  throw invalid("cursor", "is not a cursor this search returned");
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
        ? sql`${resources.tags} ->> ${key} is not null`
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

type FacetList = { value: string | null; count: number }[];

/**
 * The total and the provider/type/region/state counts in one scan (GROUPING SETS) rather than
 * five: at 100k resources each scan is most of a search's time.
 */
async function countsOf(db: Db, where: SQL) {
  const result = await db.execute(sql`
    SELECT grouping(${resources.provider}) AS gp, grouping(${resources.type}) AS gt,
           grouping(${resources.region}) AS gr, grouping(${resources.state}) AS gs,
           ${resources.provider} AS provider, ${resources.type} AS type,
           ${resources.region} AS region, ${resources.state} AS state, count(*)::int AS n
    FROM ${resources} WHERE ${where}
    GROUP BY GROUPING SETS ((${resources.provider}), (${resources.type}), (${resources.region}), (${resources.state}), ())`);
  type Row = Record<"gp" | "gt" | "gr" | "gs" | "n", number> &
    Record<"provider" | "type" | "region" | "state", string | null>;
  const facets: Record<"provider" | "type" | "region" | "state", FacetList> = {
    provider: [],
    type: [],
    region: [],
    state: [],
  };
  let total = 0;
  for (const row of rowsOf<Row>(result)) {
    const n = Number(row.n);
    if (Number(row.gp) === 0) facets.provider.push({ value: row.provider, count: n });
    else if (Number(row.gt) === 0) facets.type.push({ value: row.type, count: n });
    else if (Number(row.gr) === 0) facets.region.push({ value: row.region, count: n });
    else if (Number(row.gs) === 0) facets.state.push({ value: row.state, count: n });
    else total = n;
  }
  for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count).splice(50);
  return { total, facets };
}

async function tagKeyFacet(db: Db, where: SQL) {
  const result = await db.execute(sql`
    SELECT k AS value, count(*)::int AS count
    FROM ${resources}, jsonb_object_keys(${resources.tags}) AS k
    WHERE ${where} GROUP BY k ORDER BY count(*) DESC, k LIMIT 50`);
  return rowsOf<{ value: string; count: number }>(result).map((r) => ({
    value: r.value,
    count: Number(r.count),
  }));
}

/** One page of the cross-cloud inventory by name, with the total and facet counts. */
export async function searchResources(db: Db, workspaceId: string, input: SearchInput) {
  const where = filterOf(workspaceId, input);
  const position = input.cursor ? decodeCursor(input.cursor) : null;
  const pageWhere = position
    ? and(
        where,
        or(
          gt(resources.name, position[0]),
          and(eq(resources.name, position[0]), gt(resources.id, position[1])),
        ),
      )
    : where;
  const rows = await db
    .select({
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
    })
    .from(resources)
    .where(pageWhere)
    .orderBy(asc(resources.name), asc(resources.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  let total: number;
  let facets = null;
  if (input.facets) {
    const counted = await countsOf(db, where);
    total = counted.total;
    facets = { ...counted.facets, tagKey: await tagKeyFacet(db, where) };
  } else {
    const [row] = await db.select({ n: count() }).from(resources).where(where);
    total = Number(row?.n ?? 0);
  }
  return {
    total,
    items: items.map((r) => ({ ...r, provider: r.provider as never })),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.name, last.id) : null,
    facets,
  };
}
