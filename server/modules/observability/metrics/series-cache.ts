import { labelsKeyOf } from "./metric-store.ts";

/**
 * Series ids by identity key (seriesKeyOf), holding at most `max`: an approximate LRU in two
 * generations. Ids found or added go to the young one; when it holds max/2 it becomes the old
 * one and the previous old one is dropped whole, so an id unused for a whole generation goes.
 * A hit costs one or two Map lookups, not the delete and re-insert of an exact LRU, and this
 * runs for every sample.
 */
export interface SeriesCache {
  get(key: string): string | undefined;
  set(key: string, id: string): void;
  readonly size: number;
}

/**
 * The key of a series identity: workspace, metric name and canonical labels. The workspace is
 * part of it, so one workspace's series id is never handed to another's samples; NUL cannot
 * occur in a uuid or in PostgreSQL text, so the parts cannot run together.
 */
export function seriesKeyOf(workspaceId: string, name: string, labelsKey: string): string {
  return `${workspaceId}\u0000${name}\u0000${labelsKey}`;
}

export function createSeriesCache(max: number): SeriesCache {
  const generation = Math.max(1, Math.floor(max / 2));
  let young = new Map<string, string>();
  let old = new Map<string, string>();
  const set = (key: string, id: string) => {
    young.set(key, id);
    if (young.size >= generation) {
      old = young;
      young = new Map();
    }
  };
  return {
    get(key) {
      const id = young.get(key);
      if (id !== undefined) return id;
      const aged = old.get(key);
      if (aged !== undefined) {
        old.delete(key);
        set(key, aged);
      }
      return aged;
    },
    set(key, id) {
      old.delete(key);
      set(key, id);
    },
    get size() {
      return young.size + old.size;
    },
  };
}

/** The keys of one series, known to whoever made its (frozen) label object. */
export interface SeriesHint {
  workspaceId: string;
  name: string;
  labelsKey: string;
  seriesKey: string;
}
const hints = new WeakMap<object, SeriesHint>();

/**
 * Freezes `labels` and records its series' keys, for a reader that hands the same label object
 * to every sample of that series (the OTLP protobuf reader): ingest then neither rebuilds the
 * canonical key nor the identity key of each sample.
 */
export function hintSeries(
  labels: Record<string, string>,
  workspaceId: string,
  name: string,
): Readonly<Record<string, string>> {
  const labelsKey = labelsKeyOf(labels);
  hints.set(Object.freeze(labels), {
    workspaceId,
    name,
    labelsKey,
    seriesKey: seriesKeyOf(workspaceId, name, labelsKey),
  });
  return labels;
}

/** The recorded keys of a sample's series: only if its label object was hinted for its name. */
export function seriesHintOf(s: {
  workspaceId: string;
  name: string;
  labels: object;
}): SeriesHint | undefined {
  const hint = hints.get(s.labels);
  return hint && hint.workspaceId === s.workspaceId && hint.name === s.name ? hint : undefined;
}
