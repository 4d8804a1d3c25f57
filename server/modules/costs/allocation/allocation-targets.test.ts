import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { focusFile } from "../import/focus-file.testing.ts";

let rt: TestRuntime;
let owner: Caller;
const period = { from: "2024-09-01", to: "2024-10-01" };

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = (await createOwner(rt, "targets@example.com", "Targets")).caller;
  const upload = focusFile([
    { day: "2024-09-02", billed: "40", resource: "db-1" },
    { day: "2024-09-02", billed: "10", resource: "web-1" },
  ]);
  await rt.as({ ...owner, upload }, "costs.import", {});
});
afterAll(async () => {
  await rt?.close();
});

type Allocation = { targets: { kind: string; key: string; name: string | null; total: string }[] };

describe("allocation targets", () => {
  it("stores a share written with a client's name or id under its allocation key", async () => {
    const globex = (await rt.as(owner, "clients.create", {
      name: "Globex Corporation",
      allocationKey: "globex",
      currency: "USD",
    })) as { id: string };
    const rule = (await rt.as(owner, "costs.allocation.rules.create", {
      name: "By name",
      match: { ResourceId: ["db-1"] },
      targets: [
        { kind: "client", key: "globex corporation", percent: "50" },
        { kind: "client", key: globex.id, percent: "25" },
        { kind: "client", key: "nobody-yet", percent: "25" },
      ],
    })) as { targets: { key: string }[] };
    expect(rule.targets.map((t) => t.key)).toEqual(["globex", "globex", "nobody-yet"]);
    // The allocation names who invoices bill, and says which target no invoice bills.
    const result = (await rt.as(owner, "costs.allocation", period)) as Allocation;
    expect(result.targets).toEqual([
      { kind: "client", key: "globex", name: "Globex Corporation", total: "30.00" },
      { kind: "client", key: "nobody-yet", name: null, total: "10.00" },
    ]);
  });
});
