import { describe, expect, it } from "vitest";
import { createAnswerBatch } from "./answer-batch.ts";

describe("createAnswerBatch", () => {
  it("lets every answer of one turn go together, after the turn's I/O callbacks", async () => {
    const endOfTurn = createAnswerBatch();
    const order: string[] = [];
    const first = endOfTurn().then(() => order.push("answer 1"));
    const second = endOfTurn().then(() => order.push("answer 2"));
    // An immediate queued after the batch's own runs after the answers; microtasks run before.
    setImmediate(() => order.push("later immediate"));
    queueMicrotask(() => order.push("microtask"));
    await Promise.all([first, second]);
    expect(order).toEqual(["microtask", "answer 1", "answer 2"]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["microtask", "answer 1", "answer 2", "later immediate"]);
  });

  it("starts a new batch once a turn has been flushed", async () => {
    const endOfTurn = createAnswerBatch();
    const first = endOfTurn();
    expect(endOfTurn()).toBe(first);
    await first;
    const next = endOfTurn();
    expect(next).not.toBe(first);
    await next;
  });
});
