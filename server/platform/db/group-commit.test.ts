import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { createGroupCommit } from "./group-commit.ts";

/** A promise released by hand, so each step is observed without timing. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Settles pending callbacks (timers of lingerMs 0, promise reactions). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * A committer that records each batch and holds it until released: stands for a transaction
 * (the part under test is the queue around it).
 */
function recorder(fail?: (items: readonly string[]) => boolean) {
  const batches: string[][] = [];
  const gates: Array<() => void> = [];
  let inFlight = 0;
  let peak = 0;
  const commit = async (items: readonly string[]) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    const g = gate();
    gates.push(g.open);
    await g.opened;
    inFlight--;
    if (fail?.(items)) throw new Error(`cannot store ${items.join(",")}`);
    batches.push([...items]);
  };
  /** Lets batches commit one after another until `until` has settled. */
  const releaseUntil = async (until: Promise<unknown>) => {
    let finished = false;
    const over = () => {
      finished = true;
    };
    until.then(over, over);
    while (!finished) {
      await settle();
      gates.shift()?.();
    }
  };
  return { commit, batches, releaseUntil, peak: () => peak, waiting: () => gates.length };
}

describe("group commit", () => {
  it("merges writes waiting together into one batch and answers each after its commit", async () => {
    const r = recorder();
    const q = createGroupCommit({ commit: r.commit, maxPending: 100, maxBatch: 100, lingerMs: 0 });
    const done: string[] = [];
    const first = q.write(["a1"]).then(() => done.push("a"));
    await settle(); // the first batch is committing: the next three wait for it together
    const rest = ["b", "c", "d"].map((w) => q.write([`${w}1`, `${w}2`]).then(() => done.push(w)));
    await settle();
    expect(done).toEqual([]);
    expect(q.pending()).toBe(7);
    await r.releaseUntil(Promise.all([first, ...rest]));
    expect(r.batches).toEqual([["a1"], ["b1", "b2", "c1", "c2", "d1", "d2"]]);
    expect(done).toEqual(["a", "b", "c", "d"]);
    expect(q.pending()).toBe(0);
  });

  it("keeps batches within maxBatch, a larger write going alone", async () => {
    const r = recorder();
    const q = createGroupCommit({ commit: r.commit, maxPending: 100, maxBatch: 4, lingerMs: 0 });
    const writes = [["a", "b"], ["c", "d"], ["e"], ["f", "g", "h", "i", "j"], ["k"]].map((w) =>
      q.write(w),
    );
    await r.releaseUntil(Promise.all(writes));
    expect(r.batches).toEqual([["a", "b", "c", "d"], ["e"], ["f", "g", "h", "i", "j"], ["k"]]);
  });

  it("retries a failed batch write by write, so only the bad write fails", async () => {
    const r = recorder((items) => items.includes("bad"));
    const q = createGroupCommit({ commit: r.commit, maxPending: 100, maxBatch: 100, lingerMs: 0 });
    const results = Promise.allSettled([q.write(["x"]), q.write(["bad"]), q.write(["y", "z"])]);
    await r.releaseUntil(results);
    const [x, bad, yz] = await results;
    expect(x.status).toBe("fulfilled");
    expect(yz.status).toBe("fulfilled");
    expect(bad.status).toBe("rejected");
    expect(r.batches).toEqual([["x"], ["y", "z"]]);
    expect(q.pending()).toBe(0);
  });

  it("refuses with rate_limited beyond maxPending and admits again once committed", async () => {
    const r = recorder();
    const q = createGroupCommit({ commit: r.commit, maxPending: 5, maxBatch: 100, lingerMs: 0 });
    const admitted = q.write(["1", "2", "3", "4"]);
    const refused = await q.write(["5", "6"]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("rate_limited");
    expect(q.isSaturated()).toBe(false);
    const room = q.whenRoomFor(2);
    await r.releaseUntil(Promise.all([admitted, room]));
    const again = q.write(["5", "6"]);
    await r.releaseUntil(again);
    expect(r.batches).toEqual([
      ["1", "2", "3", "4"],
      ["5", "6"],
    ]);
  });

  it("commits up to `concurrency` batches at once, and flush waits for all", async () => {
    const r = recorder();
    const q = createGroupCommit({
      commit: r.commit,
      maxPending: 100,
      maxBatch: 100,
      lingerMs: 0,
      concurrency: 2,
    });
    const writes = [q.write(["a"])];
    await settle();
    writes.push(q.write(["b"]));
    await settle();
    writes.push(q.write(["c"]));
    await settle();
    expect(r.waiting()).toBe(2); // "a" and "b" committing, "c" queued
    await r.releaseUntil(q.flush());
    await Promise.all(writes);
    expect(r.peak()).toBe(2);
    expect(r.batches.flat().sort()).toEqual(["a", "b", "c"]);
  });

  it("tells onCommitted in the order batches were taken, whatever order they commit in", async () => {
    const gates = new Map<string, () => void>();
    const commit = (items: readonly string[]) =>
      new Promise<void>((resolve, reject) => {
        gates.set(items[0]!, () => (items[0] === "bad" ? reject(new Error("no")) : resolve()));
      });
    const told: string[][] = [];
    const q = createGroupCommit<string>({
      commit,
      maxPending: 100,
      maxBatch: 100,
      lingerMs: 0,
      concurrency: 2,
      onCommitted: (items) => told.push([...items]),
    });
    const a = q.write(["a"]);
    await settle();
    const b = q.write(["b"]);
    await settle();
    gates.get("b")!(); // the later batch commits first
    await b;
    expect(told).toEqual([]); // held until "a" is done
    const bad = q.write(["bad"]).catch(() => "refused");
    await settle();
    gates.get("bad")!(); // fails: tells nothing, and holds nothing up
    expect(await bad).toBe("refused");
    expect(told).toEqual([]);
    gates.get("a")!();
    await a;
    await settle();
    expect(told).toEqual([["a"], ["b"]]);
  });
});
