import { and, asc, eq, ilike, isNull, or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../platform/db/database.ts";
import { invalid } from "../../platform/errors.ts";
import { resources } from "./inventory.schema.ts";
import type { zSearchInput } from "./inventory.zod.ts";
import { countsOf, likeEscape } from "./search-counts.ts";

export type SearchInput = z.output<typeof zSearchInput>;

function encodeCursor(name: string, id: string) {
  return Buffer.from(JSON.stringify([name, id])).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && typeof value[0] === "string" && UUID.test(String(value[1])))
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

/**
 * One page of the cross-cloud inventory by name (keyset on name, id: LIMIT n + 1 rows), with the
 * total and facet counts from search-counts.ts (a roll-up, or the first matches when capped).
 */
export async function searchResources(db: Db, workspaceId: string, input: SearchInput) {
  const where = filterOf(workspaceId, input);
  const position = input.cursor ? decodeCursor(input.cursor) : null;
  // A row comparison, not `name > a OR (name = a AND id > b)`: only this form is an index range.
  const pageWhere = position
    ? and(where, sql`(${resources.name}, ${resources.id}) > (${position[0]}, ${position[1]}::uuid)`)
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
  const counts = await countsOf(db, workspaceId, input, where);
  return {
    total: counts.total,
    ...(counts.capped ? { totalIsLowerBound: true } : {}),
    items: items.map((r) => ({ ...r, provider: r.provider as never })),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.name, last.id) : null,
    facets: counts.facets,
  };
}
