import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { focusFileDir } from "../import/focus-file.testing.ts";

const HEADER =
  "BillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ProviderName,ServiceName,ServiceCategory,ChargeCategory,PricingCategory,CommitmentDiscountId,CommitmentDiscountName,CommitmentDiscountType,CommitmentDiscountStatus,ResourceId,ResourceName,Tags";

/** Ten days of September: a half-used reservation, a steady on-demand VM, a staging VM, a part-time VM. */
function lines(): string[] {
  const out: string[] = [];
  const tags = (env: string) => `"{""env"":""${env}""}"`;
  for (let d = 1; d <= 10; d++) {
    const day = `2024-09-${String(d).padStart(2, "0")}`;
    const row = (
      cost: string,
      effective: string,
      pricing: string,
      commitment: string[],
      resource: string,
      env: string,
      category = "Usage",
    ) =>
      [
        "111",
        "2024-09-01T00:00:00Z",
        "2024-10-01T00:00:00Z",
        `${day}T00:00:00Z`,
        `${day}T23:59:59Z`,
        cost,
        effective,
        "USD",
        "AWS",
        "Amazon EC2",
        "Compute",
        category,
        pricing,
        ...commitment,
        resource,
        resource,
        env ? tags(env) : "",
      ].join(",");
    const ri = ["ri-1", "RI m5.large", "Reservation"];
    out.push(row("0", "3", "Committed", [...ri, "Used"], "i-covered", "prod"));
    out.push(row("3", "3", "", [...ri, "Unused"], "", "", "Purchase"));
    out.push(row("10", "10", "Standard", ["", "", "", ""], "i-steady", "prod"));
    out.push(row("4", "4", "Standard", ["", "", "", ""], "i-staging", "staging"));
    if (d <= 3) out.push(row("5", "5", "Standard", ["", "", "", ""], "i-burst", "prod"));
  }
  return out;
}

let rt: TestRuntime;
let owner: Caller;

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = (await createOwner(rt, "savings@example.com", "Savings")).caller;
  const filePath = path.join(focusFileDir, "savings.csv");
  writeFileSync(filePath, `${HEADER}\n${lines().join("\n")}\n`);
  const upload = { path: filePath, name: "savings.csv", bytes: statSync(filePath).size };
  await rt.as({ ...owner, upload }, "costs.import", {});
});
afterAll(async () => {
  await rt?.close();
});

describe("costs.savings", () => {
  it("finds the unused commitment, the steady on-demand VM and the staging VM, with monthly savings", async () => {
    const report = (await rt.as(owner, "costs.savings", {
      from: "2024-09-01",
      to: "2024-09-11",
    })) as {
      coverage: string;
      utilisation: string;
      totalMonthlySaving: string;
      items: {
        kind: string;
        resourceId: string | null;
        commitmentId: string | null;
        monthlySaving: string;
      }[];
      unavailable: string[];
    };
    // 10 days: unused 30 → 90 a month; steady 100 → 300 × 25 % = 75; staging 40 → 120 × 60 % = 72.
    expect(
      report.items.map((i) => [i.kind, i.resourceId ?? i.commitmentId, i.monthlySaving]),
    ).toEqual([
      ["unused-commitment", "ri-1", "90.00"],
      ["commitment-coverage", "i-steady", "75.00"],
      ["spot", "i-staging", "72.00"],
    ]);
    expect(report.totalMonthlySaving).toBe("237.00");
    // Compute usage: covered 30 of 30 + 100 + 40 + 15 = 185 → 16.2 %; the RI was half used.
    expect(report.coverage).toBe("16.2");
    expect(report.utilisation).toBe("50.0");
    expect(report.unavailable).toHaveLength(2);
  });

  it("gives nothing for a period without costs", async () => {
    const report = (await rt.as(owner, "costs.savings", {
      from: "2023-01-01",
      to: "2023-02-01",
    })) as {
      items: unknown[];
      totalMonthlySaving: string;
    };
    expect(report.items).toEqual([]);
    expect(report.totalMonthlySaving).toBe("0.00");
  });
});
