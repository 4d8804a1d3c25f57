/**
 * A short-lived in-memory cache of who a credential is and what it may do, so an API call
 * costs no authentication queries. Every change to accounts, tokens, memberships or sessions
 * clears it on every instance (see createAuthService.invalidate); the TTL bounds staleness
 * should a notification be lost.
 */
export class AuthCache {
  private readonly entries = new Map<string, { value: unknown; expires: number }>();
  /** Bumped by every invalidation: a read that began before it must not be stored after it. */
  private generation = 0;

  constructor(
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value, or the loader's (stored only if nothing was invalidated meanwhile). */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return hit.value as T;
    const started = this.generation;
    const value = await load();
    if (started === this.generation && value !== undefined) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    }
    return value;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
