import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isInAudience } from "../events/audience.ts";
import type { WorkspaceEvent } from "../events/events.ts";
import type { Actor } from "./define.ts";
import {
  createProgressPublisher,
  PROGRESS_INTERVAL_MS,
  parseProgressId,
} from "./progress-events.ts";

const target = {
  workspaceId: "w1",
  audience: { audienceUserId: "u1" },
  progressId: "p".repeat(16),
  operation: "costs.import",
};
const at = (rows: number, phase = "reading") => ({
  done: rows,
  total: 100,
  unit: "bytes",
  phase,
  rows,
});

describe("progress events", () => {
  let sent: WorkspaceEvent[];
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
  });
  afterEach(() => vi.useRealTimers());
  const publisher = () =>
    createProgressPublisher({ publish: (_w, event) => sent.push(event) }, target, () => Date.now());

  it("sends at most one report per interval, the latest held back one when it ends", () => {
    const p = publisher();
    p.report(at(1));
    p.report(at(2));
    p.report(at(3));
    expect(sent.map((e) => e.rows)).toEqual([1]);
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
    expect(sent.map((e) => e.rows)).toEqual([1, 3]);
    expect(sent[1]).toMatchObject({
      type: "progress",
      audienceUserId: "u1",
      progressId: target.progressId,
    });
  });

  it("sends a new phase at once, and nothing held back after stop", () => {
    const p = publisher();
    p.report(at(1));
    p.report(at(2));
    p.report(at(2, "rollups"));
    p.report(at(2, "rollups"));
    p.stop();
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS * 4);
    expect(sent.map((e) => [e.phase, e.rows])).toEqual([
      ["reading", 1],
      ["rollups", 2],
    ]);
  });

  it("accepts only 16 to 64 letters, digits, - and _ as a progress id", () => {
    expect(parseProgressId(undefined)).toBeUndefined();
    expect(parseProgressId("Abc_123-xyz_4567")).toBe("Abc_123-xyz_4567");
    for (const bad of [
      "short",
      "a".repeat(65),
      "with spaces in it ok",
      "<script>alert(1)</script>",
      ["x"],
    ])
      expect(() => parseProgressId(bad)).toThrow(/x-progress-id must be/);
  });

  it("reaches the person or the local CLI it is meant for and nobody else", () => {
    const user: Actor = { type: "user", userId: "u1", sessionId: "s", label: "Ann" };
    const token: Actor = {
      type: "token",
      userId: "u1",
      tokenId: "t",
      workspaceId: "w1",
      label: "t",
    };
    const other: Actor = { type: "user", userId: "u2", sessionId: "s2", label: "Bob" };
    const system: Actor = { type: "system", label: "cli (local)" };
    const toAnn = { type: "progress", audienceUserId: "u1" };
    const toCli = { type: "progress", audienceSystem: true };
    expect([user, token, other, system].map((a) => isInAudience(toAnn, a))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect([user, token, other, system].map((a) => isInAudience(toCli, a))).toEqual([
      false,
      false,
      false,
      true,
    ]);
    expect(isInAudience({ type: "changed" }, other)).toBe(true);
  });
});
