/**
 * Series ids by identity key (seriesKeyOf), least recently used out first once `max` are held.
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

/** A bounded LRU over a Map (its iteration order is insertion order: the first key is oldest). */
export function createSeriesCache(max: number): SeriesCache {
  const ids = new Map<string, string>();
  return {
    get(key) {
      const id = ids.get(key);
      if (id !== undefined) {
        ids.delete(key);
        ids.set(key, id);
      }
      return id;
    },
    set(key, id) {
      ids.delete(key);
      ids.set(key, id);
      if (ids.size > max) ids.delete(ids.keys().next().value!);
    },
    get size() {
      return ids.size;
    },
  };
}
