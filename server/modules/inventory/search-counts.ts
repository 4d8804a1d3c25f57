import { type SQL, sql } from "drizzle-orm";
import { rowsOf } from "../../platform/db/copy.ts";
import type { Db } from "../../platform/db/database.ts";
import { resources, resourceFacetCounts as rollup } from "./inventory.schema.ts";
import type { SearchInput } from "./search.service.ts";

type FacetList = { value: string | null; count: number }[];
export interface Facets {
  provider: FacetList;
  type: FacetList;
  region: FacetList;
  state: FacetList;
  tagKey: FacetList;
}
export interface Counts {
  total: number;
  /** True when `total` and the facets were counted over the first MATCH_CAP matches only. */
  capped: boolean;
  facets: Facets | null;
}

/**
 * Beyond this many matches a search filtered by text or tags stops counting: total and facets
 * are then those of the first MATCH_CAP matches (a lower bound), so one search never reads more
 * than this many rows for its counts. Dimension-only filters are always exact (the roll-up).
 */
export const MATCH_CAP = 1000;
const FACET_SIZE = 50;

/** Whether the roll-up answers the counts: it knows only these dimensions, not text or tags. */
export const rollupAnswers = (input: SearchInput) => !input.q && !input.tag && !input.untagged;

/** `%`, `_` and `\` are LIKE wildcards; a search for "a_b" means the text. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The roll-up rows of the filter (tag_key '' = resources; else resources with that key). */
function rollupWhere(workspaceId: string, input: SearchInput): SQL {
  const parts = [sql`${rollup.workspaceId} = ${workspaceId}`];
  if (!input.includeDeleted) parts.push(sql`NOT ${rollup.isDeleted}`);
  if (input.provider) parts.push(sql`${rollup.provider} = ${input.provider}`);
  if (input.connectorId) parts.push(sql`${rollup.connectorId} = ${input.connectorId}`);
  if (input.type)
    parts.push(
      input.type.includes(".")
        ? sql`${rollup.type} = ${input.type}`
        : sql`${rollup.type} ILIKE ${`${likeEscape(input.type)}.%`}`,
    );
  if (input.region) parts.push(sql`${rollup.region} = ${input.region}`);
  if (input.state) parts.push(sql`${rollup.state} = ${input.state}`);
  return sql.join(parts, sql` AND `);
}

type GroupRow = Record<"gp" | "gt" | "gr" | "gs" | "n", number> &
  Record<"provider" | "type" | "region" | "state", string | null>;

function facetsOf(rows: GroupRow[]) {
  const facets = { provider: [], type: [], region: [], state: [] } as Record<
    "provider" | "type" | "region" | "state",
    FacetList
  >;
  let total = 0;
  for (const row of rows) {
    const n = Number(row.n);
    if (Number(row.gp) === 0) facets.provider.push({ value: row.provider, count: n });
    else if (Number(row.gt) === 0) facets.type.push({ value: row.type, count: n });
    else if (Number(row.gr) === 0) facets.region.push({ value: row.region, count: n });
    else if (Number(row.gs) === 0) facets.state.push({ value: row.state, count: n });
    else total = n;
  }
  const byCount = (a: FacetList[number], b: FacetList[number]) =>
    b.count - a.count || String(a.value).localeCompare(String(b.value));
  for (const list of Object.values(facets)) list.sort(byCount).splice(FACET_SIZE);
  return { total, facets };
}

const tagKeysOf = (rows: { value: string; count: number }[]) =>
  rows.map((r) => ({ value: r.value, count: Number(r.count) }));

/** Exact total and facets from the per-workspace roll-up: a few hundred rows, not every match. */
async function countsFromRollup(
  db: Db,
  workspaceId: string,
  input: SearchInput,
  withFacets: boolean,
): Promise<Counts> {
  const where = rollupWhere(workspaceId, input);
  if (!withFacets) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(
        sql`SELECT coalesce(sum(${rollup.n}), 0)::int AS n FROM ${rollup} WHERE ${where} AND ${rollup.tagKey} = ''`,
      ),
    );
    return { total: Number(row?.n ?? 0), capped: false, facets: null };
  }
  const grouped = rowsOf<GroupRow>(
    await db.execute(sql`
      SELECT grouping(provider) AS gp, grouping(type) AS gt, grouping(region) AS gr,
             grouping(state) AS gs, provider, type, region, state, sum(n)::int AS n
      FROM ${rollup} WHERE ${where} AND ${rollup.tagKey} = ''
      GROUP BY GROUPING SETS ((provider), (type), (region), (state), ())`),
  );
  const tagKeys = rowsOf<{ value: string; count: number }>(
    await db.execute(sql`
      SELECT tag_key AS value, sum(n)::int AS count FROM ${rollup}
      WHERE ${where} AND ${rollup.tagKey} <> ''
      GROUP BY tag_key HAVING sum(n) > 0 ORDER BY sum(n) DESC, tag_key LIMIT ${FACET_SIZE}`),
  );
  const { total, facets } = facetsOf(grouped.filter((r) => Number(r.n) > 0 || isTotal(r)));
  return { total, capped: false, facets: { ...facets, tagKey: tagKeysOf(tagKeys) } };
}

const isTotal = (r: GroupRow) =>
  Number(r.gp) === 1 && Number(r.gt) === 1 && Number(r.gr) === 1 && Number(r.gs) === 1;

/**
 * Total and facets over at most MATCH_CAP + 1 matches (text and tag filters, which the roll-up
 * cannot answer): exact when the match set is small, else a lower bound flagged `capped`.
 */
async function countsOfMatches(db: Db, where: SQL, withFacets: boolean): Promise<Counts> {
  const matches = sql`SELECT ${resources.provider} AS provider, ${resources.type} AS type,
    ${resources.region} AS region, ${resources.state} AS state, ${resources.tags} AS tags
    FROM ${resources} WHERE ${where} LIMIT ${MATCH_CAP + 1}`;
  if (!withFacets) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(sql`SELECT count(*)::int AS n FROM (${matches}) m`),
    );
    const n = Number(row?.n ?? 0);
    return { total: Math.min(n, MATCH_CAP), capped: n > MATCH_CAP, facets: null };
  }
  // One read of the capped matches feeds both the dimension facets and the tag keys.
  const rows = rowsOf<GroupRow & { tag_key: string | null; gk: number }>(
    await db.execute(sql`
      WITH m AS MATERIALIZED (${matches}), n AS (SELECT count(*)::int AS n FROM m)
      SELECT grouping(provider) AS gp, grouping(type) AS gt, grouping(region) AS gr,
             grouping(state) AS gs, 1 AS gk, provider, type, region, state, NULL AS tag_key,
             count(*)::int AS n
      FROM (SELECT * FROM m LIMIT ${MATCH_CAP}) c
      GROUP BY GROUPING SETS ((provider), (type), (region), (state), ())
      UNION ALL
      SELECT 1, 1, 1, 1, 0, NULL, NULL, NULL, NULL, k, count(*)::int
      FROM (SELECT * FROM m LIMIT ${MATCH_CAP}) c, jsonb_object_keys(c.tags) AS k GROUP BY k
      UNION ALL
      SELECT 1, 1, 1, 1, 2, NULL, NULL, NULL, NULL, NULL, n FROM n`),
  );
  const matched = Number(rows.find((r) => Number(r.gk) === 2)?.n ?? 0);
  const { total, facets } = facetsOf(rows.filter((r) => Number(r.gk) === 1));
  const tagKey = rows
    .filter((r) => Number(r.gk) === 0)
    .map((r) => ({ value: r.tag_key as string, count: Number(r.n) }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, FACET_SIZE);
  return { total, capped: matched > MATCH_CAP, facets: { ...facets, tagKey } };
}

/** The total and (when asked) facet counts of a search. */
export function countsOf(
  db: Db,
  workspaceId: string,
  input: SearchInput,
  where: SQL,
): Promise<Counts> {
  return rollupAnswers(input)
    ? countsFromRollup(db, workspaceId, input, input.facets)
    : countsOfMatches(db, where, input.facets);
}
