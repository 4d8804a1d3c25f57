import { afterAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";

const runtimes: TestRuntime[] = [];
afterAll(async () => {
  for (const rt of runtimes) await rt.close();
});

type Outcome = OperationOutput<"scrape.targets.run">;

/** Adds a target and scrapes it at once: the refusal is in the outcome's error. */
async function scrape(rt: TestRuntime, caller: Caller, url: string) {
  const target = (await rt.as(caller, "scrape.targets.create", {
    name: `t${Math.random().toString(36).slice(2, 8)}`,
    url,
  })) as { id: string };
  return ((await rt.as(caller, "scrape.targets.run", { id: target.id })) as Outcome).error;
}

describe("a scrape target the policy refuses", () => {
  it("names the rule that refused it, not GLASSPANE_BLOCK_PRIVATE_NETWORKS when it is not set", async () => {
    const rt = await createTestRuntime();
    runtimes.push(rt);
    const { caller } = await createOwner(rt, "scrape@example.com", "Scrape");
    expect(await scrape(rt, caller, "http://169.254.169.254/metrics")).toBe(
      "169.254.169.254: 169.254.169.254 is a cloud metadata or link-local address, which scrape targets never reach",
    );
    // Private targets are off by default (the workspace's Health setting).
    expect(await scrape(rt, caller, "http://127.0.0.1:19100/metrics")).toBe(
      "127.0.0.1: 127.0.0.1 is a private address; a workspace admin can allow private targets in Health settings",
    );
  });

  it("names GLASSPANE_BLOCK_PRIVATE_NETWORKS when the instance does block private networks", async () => {
    const rt = await createTestRuntime({ GLASSPANE_BLOCK_PRIVATE_NETWORKS: "true" });
    runtimes.push(rt);
    const { caller } = await createOwner(rt, "hosted@example.com", "Hosted");
    expect(await scrape(rt, caller, "http://127.0.0.1:19100/metrics")).toMatch(
      /^127\.0\.0\.1: 127\.0\.0\.1 is a private address and this instance blocks private networks \(GLASSPANE_BLOCK_PRIVATE_NETWORKS\)$/,
    );
  });
});
