import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  openTestDatabase,
  type TestDatabase,
  waitFor,
} from "../../../test/support/test-database.ts";
import { createLogger } from "../logger.ts";
import { createEventBus, type EventBus, type WorkspaceEvent } from "./events.ts";

let testDb: TestDatabase;
let bus: EventBus;
beforeAll(async () => {
  testDb = await openTestDatabase();
  bus = await createEventBus(testDb.database, createLogger("silent"));
});
afterAll(async () => {
  await bus.close();
  await testDb.close();
});

// On PostgreSQL events go through NOTIFY and back (the path these tests are for); on PGlite
// they are delivered in process.
describe("the event bus", () => {
  it("delivers a workspace's events in the order they were published", async () => {
    const seen: WorkspaceEvent[] = [];
    const other: WorkspaceEvent[] = [];
    const off = bus.subscribe("w1", (e) => seen.push(e));
    const offOther = bus.subscribe("w2", (e) => other.push(e));
    for (let n = 0; n < 200; n++) bus.publish(n % 10 === 0 ? "w2" : "w1", { type: "step", n });
    await waitFor(() => (seen.length === 180 ? seen : undefined), { what: "every event" });
    off();
    offOther();
    expect(seen.map((e) => e.n)).toEqual([...Array(200).keys()].filter((n) => n % 10 !== 0));
    expect(other.map((e) => e.n)).toEqual([...Array(20).keys()].map((n) => n * 10));
  });

  it("delivers equal events as many times as they were published", async () => {
    const seen: WorkspaceEvent[] = [];
    const off = bus.subscribe("w3", (e) => seen.push(e));
    for (let n = 0; n < 5; n++) bus.publish("w3", { type: "token", text: "the" });
    await waitFor(() => (seen.length === 5 ? seen : undefined), { what: "five tokens" });
    off();
    expect(seen).toEqual(Array(5).fill({ type: "token", text: "the" }));
  });
});
