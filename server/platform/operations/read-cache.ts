/**
 * Results of read operations that opt in (`cache: "workspace"`), per workspace, role and input.
 * Every mutation in a workspace publishes a "changed" event (on every instance, through
 * LISTEN/NOTIFY on PostgreSQL) and that drops the workspace's entries; the TTL bounds what a
 * write outside the registry (a job) could leave stale.
 */
export class ReadCache {
  private readonly byWorkspace = new Map<
    string,
    Map<string, { value: unknown; expires: number }>
  >();
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10_000,
    private readonly maxPerWorkspace = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached result, or the loader's, stored only if the workspace did not change meanwhile. */
  async get<T>(workspaceId: string, key: string, load: () => Promise<T>): Promise<T> {
    const entries = this.byWorkspace.get(workspaceId);
    const hit = entries?.get(key);
    if (hit && hit.expires > this.now()) return hit.value as T;
    const generation = this.generations.get(workspaceId) ?? 0;
    const value = await load();
    if ((this.generations.get(workspaceId) ?? 0) === generation) {
      const map = entries ?? new Map();
      if (map.size >= this.maxPerWorkspace) map.clear();
      map.set(key, { value, expires: this.now() + this.ttlMs });
      this.byWorkspace.set(workspaceId, map);
    }
    return value;
  }

  /** Forgets a workspace's results after a change to it. */
  invalidate(workspaceId: string): void {
    this.generations.set(workspaceId, (this.generations.get(workspaceId) ?? 0) + 1);
    this.byWorkspace.delete(workspaceId);
  }

  /** Forgets everything (access changes: a role change alters what a result may contain). */
  clear(): void {
    for (const workspaceId of this.byWorkspace.keys()) this.invalidate(workspaceId);
  }
}
