import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { LOG_SERVICES_LISTED } from "./log-search.ts";
import { insertLogLines } from "./log-store.ts";
import { base, DAY, line } from "./logs.testing.ts";

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;
const from = new Date(base - DAY).toISOString();
const to = new Date(base + DAY).toISOString();

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "services@example.com", "Services");
  owner = o.caller;
  workspaceId = o.workspaceId;
});
afterAll(async () => {
  await rt?.close();
});

const services = () =>
  rt.as(owner, "logs.services", { from, to }) as Promise<OperationOutput<"logs.services">>;

describe("logs.services", () => {
  it("lists the busiest services and counts them all, beyond what it lists", async () => {
    // QA's burst: one line from each of 236 services, two from "web".
    const names = Array.from({ length: 236 }, (_, i) => `svc-${String(i).padStart(3, "0")}`);
    await insertLogLines(rt.database.db, [
      ...names.map((service, i) => line(workspaceId, i % 60, "boom", { service })),
      line(workspaceId, 1, "boom", { service: "svc-000" }),
    ]);
    const found = await services();
    expect(found.total).toBe(236);
    expect(found.truncated).toBe(true);
    expect(found.items).toHaveLength(LOG_SERVICES_LISTED);
    expect(found.items[0]).toEqual({ service: "svc-000", count: 2 });
  });

  it("is not truncated when every service is listed", async () => {
    const other = await createOwner(rt, "few@example.com", "Few");
    await insertLogLines(rt.database.db, [line(other.workspaceId, 0, "hello")]);
    expect(await rt.as(other.caller, "logs.services", { from, to })).toEqual({
      items: [{ service: "api", count: 1 }],
      total: 1,
      truncated: false,
    });
    const none = await createOwner(rt, "none@example.com", "None");
    expect(await rt.as(none.caller, "logs.services", { from, to })).toEqual({
      items: [],
      total: 0,
      truncated: false,
    });
  });
});
