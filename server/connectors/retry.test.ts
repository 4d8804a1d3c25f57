import { describe, expect, it } from "vitest";
import { createRateLimiter, forEachConcurrent } from "./rate-limit.ts";
import { backoffDelayMs, isTransientError, withRetry } from "./retry.ts";

const named = (name: string, extra: object = {}) =>
  Object.assign(new Error(name), { name, ...extra });

describe("isTransientError", () => {
  it("retries throttling, 429, 5xx and timeouts, not auth or validation errors", () => {
    expect(isTransientError(named("RequestLimitExceeded"))).toBe(true);
    expect(isTransientError(named("Throttling"))).toBe(true);
    expect(isTransientError(named("Whatever", { $metadata: { httpStatusCode: 429 } }))).toBe(true);
    expect(isTransientError(named("APIError", { status: 503 }))).toBe(true);
    expect(isTransientError(named("TimeoutError"))).toBe(true);
    expect(isTransientError(named("Error", { code: "ECONNRESET" }))).toBe(true);
    expect(isTransientError(named("Error", { cause: named("ThrottlingException") }))).toBe(true);
    expect(isTransientError(named("AuthFailure", { $metadata: { httpStatusCode: 401 } }))).toBe(
      false,
    );
    expect(isTransientError(named("InvalidParameterValue", { status: 400 }))).toBe(false);
    expect(isTransientError("a string")).toBe(false);
  });
});

describe("withRetry", () => {
  it("backs off with full jitter inside a doubling window", () => {
    const options = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000, random: () => 1 };
    expect([0, 1, 2, 3, 4].map((a) => backoffDelayMs(a, options))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(backoffDelayMs(3, { ...options, random: () => 0 })).toBe(0);
  });

  it("succeeds after transient failures and gives up on permanent ones at once", async () => {
    let calls = 0;
    const signal = new AbortController().signal;
    const retries: number[] = [];
    const options = {
      attempts: 4,
      baseDelayMs: 1,
      maxDelayMs: 2,
      onRetry: (i: { attempt: number }) => retries.push(i.attempt),
    };
    const value = await withRetry(
      "flaky",
      async () => {
        calls += 1;
        if (calls < 3) throw named("Throttling");
        return "ok";
      },
      signal,
      options,
    );
    expect(value).toBe("ok");
    expect(retries).toEqual([1, 2]);
    calls = 0;
    await expect(
      withRetry(
        "denied",
        async () => {
          calls += 1;
          throw named("AccessDenied", { status: 403 });
        },
        signal,
        options,
      ),
    ).rejects.toThrow("AccessDenied");
    expect(calls).toBe(1);
  });

  it("stops waiting when the scan is aborted", async () => {
    const controller = new AbortController();
    const pending = withRetry(
      "slow",
      async () => {
        throw named("Throttling");
      },
      controller.signal,
      { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 1 },
    );
    controller.abort(new Error("cancelled"));
    await expect(pending).rejects.toThrow("cancelled");
  });
});

describe("rate limiter and concurrency", () => {
  it("lets a burst through, then paces calls at the sustained rate", async () => {
    const now = 0;
    // 10 per second: a call past the burst waits 100 ms for its token.
    const limiter = createRateLimiter(10, 2, () => now);
    const signal = new AbortController().signal;
    await limiter.take(signal);
    await limiter.take(signal);
    let third = false;
    const pending = limiter.take(signal).then(() => {
      third = true;
    });
    // No time has passed on the limiter's clock: the third call is still waiting after the
    // event loop has turned once (no wall-clock threshold: a timer cannot beat setImmediate).
    await new Promise((resolve) => setImmediate(resolve));
    expect(third).toBe(false);
    await pending;
    expect(third).toBe(true);
  });

  it("never runs more than the limit at once and settles every item", async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachConcurrent([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running -= 1;
      done.push(n);
    });
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
