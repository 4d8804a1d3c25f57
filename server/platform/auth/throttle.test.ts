import { describe, expect, it } from "vitest";
import { AddressThrottle, lockoutSeconds } from "./throttle.ts";

function clock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("AddressThrottle", () => {
  it("lets an address fail up to the limit, then says how long to wait", () => {
    const time = clock();
    const throttle = new AddressThrottle(3, 60_000, time.now);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfter("203.0.113.7")).toBe(0);
      throttle.fail("203.0.113.7");
      time.advance(1_000);
    }
    // The oldest failure was 3 s ago; it leaves the 60 s window in 57 s.
    expect(throttle.retryAfter("203.0.113.7")).toBe(57);
    time.advance(56_500);
    expect(throttle.retryAfter("203.0.113.7")).toBe(1);
    time.advance(500);
    expect(throttle.retryAfter("203.0.113.7")).toBe(0);
  });

  it("counts each address on its own", () => {
    const time = clock();
    const throttle = new AddressThrottle(2, 60_000, time.now);
    throttle.fail("203.0.113.7");
    throttle.fail("203.0.113.7");
    expect(throttle.retryAfter("203.0.113.7")).toBeGreaterThan(0);
    expect(throttle.retryAfter("198.51.100.1")).toBe(0);
  });

  it("forgets an address's failures after a successful sign-in", () => {
    const time = clock();
    const throttle = new AddressThrottle(2, 60_000, time.now);
    throttle.fail("203.0.113.7");
    throttle.succeed("203.0.113.7");
    throttle.fail("203.0.113.7");
    expect(throttle.retryAfter("203.0.113.7")).toBe(0);
  });

  it("uses a sliding window: old failures stop counting", () => {
    const time = clock();
    const throttle = new AddressThrottle(2, 10_000, time.now);
    throttle.fail("a");
    time.advance(9_000);
    throttle.fail("a");
    expect(throttle.retryAfter("a")).toBe(1);
    time.advance(1_001);
    expect(throttle.retryAfter("a")).toBe(0);
    throttle.fail("a");
    expect(throttle.retryAfter("a")).toBe(9);
  });

  it("defaults to 20 failures in 10 minutes", () => {
    const time = clock();
    const throttle = new AddressThrottle(undefined, undefined, time.now);
    for (let i = 0; i < 19; i++) throttle.fail("a");
    expect(throttle.retryAfter("a")).toBe(0);
    throttle.fail("a");
    expect(throttle.retryAfter("a")).toBe(600);
  });

  it("keeps working after many addresses (pruning does not lose live entries)", () => {
    const time = clock();
    const throttle = new AddressThrottle(1, 60_000, time.now);
    throttle.fail("victim");
    time.advance(61_000);
    for (let i = 0; i < 10_001; i++) throttle.fail(`10.0.${i >> 8}.${i & 255}`);
    expect(throttle.retryAfter("10.0.0.0")).toBeGreaterThan(0);
    expect(throttle.retryAfter("victim")).toBe(0);
  });
});

describe("lockoutSeconds", () => {
  it("allows five free attempts, then locks 30 s doubling up to 15 minutes", () => {
    expect([0, 1, 4].map(lockoutSeconds)).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8, 9].map(lockoutSeconds)).toEqual([30, 60, 120, 240, 480]);
    expect(lockoutSeconds(10)).toBe(900);
    expect(lockoutSeconds(50)).toBe(900);
  });
});
