import { sql } from "drizzle-orm";
import { arrayLiteral } from "../../../platform/db/array-param.ts";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { MetricSample } from "./metric-store.ts";
import { createSeriesCache, type SeriesCache, seriesHintOf, seriesKeyOf } from "./series-cache.ts";

/**
 * Series ids held per database handle. Series rows are never changed, only deleted with their
 * workspace (whose ingest keys go with it), so a cached id stays right. The cache keeps a
 * working set of at least half its size (100,000 series); 200,000 ids are ~45 MB.
 */
const SERIES_CACHE_MAX = 200_000;
const caches = new WeakMap<Db, SeriesCache>();

interface Identity {
  workspaceId: string;
  name: string;
  labelsKey: string;
  resourceId: string | null;
  isDelta: boolean;
}
interface SeriesRow {
  id: string;
  workspace_id: string;
  name: string;
  labels_key: string;
}

const columns = (wanted: readonly Identity[]) => ({
  workspaceIds: arrayLiteral(wanted.map((w) => w.workspaceId)),
  names: arrayLiteral(wanted.map((w) => w.name)),
  labelsKeys: arrayLiteral(wanted.map((w) => w.labelsKey)),
});

/** The existing series among `wanted`, in one statement (the identity index answers each). */
async function selectSeries(db: Db, wanted: readonly Identity[]) {
  const c = columns(wanted);
  return rowsOf<SeriesRow>(
    await db.execute(sql`SELECT s.id, s.workspace_id, s.name, s.labels_key
      FROM unnest(${c.workspaceIds}::uuid[], ${c.names}::text[], ${c.labelsKeys}::text[]) AS w(workspace_id, name, labels_key)
      JOIN metric_series s ON s.workspace_id = w.workspace_id AND s.name = w.name AND s.labels_key = w.labels_key`),
  );
}

/**
 * Creates the series of `wanted` that do not exist, returning those it created. The labels are
 * the canonical key read as jsonb: the same document as the label object.
 */
async function insertSeries(db: Db, wanted: readonly Identity[]) {
  const c = columns(wanted);
  const resourceIds = arrayLiteral(wanted.map((w) => w.resourceId));
  const deltas = arrayLiteral(wanted.map((w) => String(w.isDelta)));
  return rowsOf<SeriesRow>(
    await db.execute(sql`INSERT INTO metric_series (workspace_id, name, labels, labels_key, resource_id, is_delta)
      SELECT w.workspace_id, w.name, w.labels_key::jsonb, w.labels_key, w.resource_id, w.is_delta
      FROM unnest(${c.workspaceIds}::uuid[], ${c.names}::text[], ${c.labelsKeys}::text[], ${resourceIds}::uuid[], ${deltas}::boolean[]) AS w(workspace_id, name, labels_key, resource_id, is_delta)
      ON CONFLICT DO NOTHING
      RETURNING id, workspace_id, name, labels_key`),
  );
}

/**
 * The series id of each sample (`labelsKeys[i]` is sample i's canonical labels), creating the
 * series that do not exist yet. Ids not in the cache cost at most three statements a call,
 * however many series: find the existing ones, create the rest, and find again those another
 * writer created in between. A new series keeps the resource (and temporality) of the first
 * sample that names it.
 */
export async function seriesIdsOf(
  db: Db,
  samples: readonly MetricSample[],
  labelsKeys: readonly string[],
): Promise<string[]> {
  let cache = caches.get(db);
  if (!cache) {
    cache = createSeriesCache(SERIES_CACHE_MAX);
    caches.set(db, cache);
  }
  const ids = new Array<string>(samples.length);
  const wanted = new Map<string, Identity>();
  const uncached: number[] = [];
  const keys = new Array<string>(samples.length);
  samples.forEach((s, i) => {
    const prev = i > 0 ? samples[i - 1]! : undefined;
    // The same series as the sample before (same label key string): its key and id again.
    const same =
      prev !== undefined &&
      labelsKeys[i] === labelsKeys[i - 1] &&
      s.name === prev.name &&
      s.workspaceId === prev.workspaceId;
    const key = same
      ? keys[i - 1]!
      : (seriesHintOf(s)?.seriesKey ?? seriesKeyOf(s.workspaceId, s.name, labelsKeys[i]!));
    keys[i] = key;
    if (same && ids[i - 1] !== undefined) {
      ids[i] = ids[i - 1]!;
      return;
    }
    const id = cache.get(key);
    if (id !== undefined) {
      ids[i] = id;
      return;
    }
    uncached.push(i);
    if (!wanted.has(key))
      wanted.set(key, {
        workspaceId: s.workspaceId,
        name: s.name,
        labelsKey: labelsKeys[i]!,
        resourceId: s.resourceId,
        isDelta: s.isDelta === true,
      });
  });
  if (uncached.length === 0) return ids;

  const found = new Map<string, string>();
  const take = (rows: SeriesRow[]) => {
    for (const r of rows) found.set(seriesKeyOf(r.workspace_id, r.name, r.labels_key), r.id);
  };
  const notFound = () => [...wanted].filter(([key]) => !found.has(key)).map(([, w]) => w);
  take(await selectSeries(db, [...wanted.values()]));
  if (found.size < wanted.size) take(await insertSeries(db, notFound()));
  if (found.size < wanted.size) take(await selectSeries(db, notFound()));
  for (const i of uncached) {
    const id = found.get(keys[i]!);
    if (id === undefined) throw new Error(`metric series ${samples[i]!.name} could not be created`);
    ids[i] = id;
  }
  for (const [key, id] of found) cache.set(key, id);
  return ids;
}
