/**
 * Failed sign-ins per client address in a sliding window, in memory. Per-account lockout is
 * stored on the user row so it holds across instances; this layer slows one address trying
 * many accounts.
 */
export class AddressThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 20,
    private readonly windowMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds the address must wait, or 0. */
  retryAfter(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.limit) return 0;
    const oldest = recent[0] ?? this.now();
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  fail(address: string): void {
    const recent = this.recent(address);
    recent.push(this.now());
    this.failures.set(address, recent);
    if (this.failures.size > 10_000) this.prune();
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }

  private recent(address: string): number[] {
    const cutoff = this.now() - this.windowMs;
    return (this.failures.get(address) ?? []).filter((t) => t > cutoff);
  }

  private prune(): void {
    for (const address of this.failures.keys()) {
      if (this.recent(address).length === 0) this.failures.delete(address);
    }
  }
}

/** Account lockout after repeated failures: 30 s, doubling, at most 15 minutes. */
export function lockoutSeconds(failedLogins: number): number {
  const FREE_ATTEMPTS = 5;
  if (failedLogins < FREE_ATTEMPTS) return 0;
  return Math.min(30 * 2 ** (failedLogins - FREE_ATTEMPTS), 15 * 60);
}
