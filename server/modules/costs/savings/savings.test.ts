import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { resources } from "../../inventory/inventory.schema.ts";
import { insertSamples } from "../../observability/metrics/metric-store.ts";
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
let workspaceId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  ({ caller: owner, workspaceId } = await createOwner(rt, "savings@example.com", "Savings"));
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

describe("costs.savings from the inventory and metrics", () => {
  type Report = {
    items: {
      kind: string;
      resourceId: string | null;
      inventoryId: string | null;
      monthlySaving: string;
      confidence: string;
    }[];
    totalMonthlySaving: string;
    unavailable: string[];
  };
  const now = new Date();
  const inventory = async (name: string, type: string, extra: Record<string, unknown>) => {
    const [row] = await rt.database.db
      .insert(resources)
      .values({
        workspaceId,
        provider: "aws",
        account: "111",
        region: "eu-west-1",
        scope: `ec2@eu-west-1`,
        type,
        nativeType: type === "compute.vm" ? "AWS::EC2::Instance" : "AWS::EC2::Volume",
        nativeId: name,
        name,
        state: type === "compute.vm" ? "running" : "available",
        firstSeenAt: new Date(now.getTime() - 30 * 86_400_000),
        lastSeenAt: now,
        ...extra,
      })
      .returning({ id: resources.id });
    return row!.id;
  };
  /** Hourly CPU for two weeks: `value(hour)` percent. */
  const cpu = (resourceId: string, value: (hour: number) => number) =>
    Array.from({ length: 14 * 24 }, (_, h) => ({
      workspaceId,
      name: "cpu_utilization_percent",
      value: value(h),
      resourceId,
      labels: { resource: resourceId },
      time: new Date(now.getTime() - (h + 1) * 3_600_000),
    }));

  it("says what it cannot judge while there is no inventory or metrics", async () => {
    const report = (await rt.as(owner, "costs.savings", {
      from: "2024-09-01",
      to: "2024-09-11",
    })) as Report;
    expect(report.unavailable).toHaveLength(2);
    expect(report.items.some((i) => i.inventoryId !== null)).toBe(false);
  });

  it("prices idle and oversized VMs and unattached volumes by the ledger", async () => {
    const idle = await inventory("burst", "compute.vm", {
      costResourceId: "i-burst",
      attributes: { instanceType: "m5.large" },
    });
    const oversized = await inventory("steady", "compute.vm", {
      costResourceId: "i-steady",
      attributes: { instanceType: "m5.xlarge" },
    });
    const busy = await inventory("staging", "compute.vm", { costResourceId: "i-staging" });
    const loose = await inventory("old-disk", "storage.volume", {
      attributes: { attachedInstanceIds: [], sizeGiB: 100 },
    });
    await inventory("in-use", "storage.volume", {
      attributes: { attachedInstanceIds: ["i-steady"], sizeGiB: 50 },
    });
    await insertSamples(rt.database.db, [
      ...cpu(idle, (h) => 1 + (h % 3)),
      ...cpu(oversized, (h) => (h % 24 === 12 ? 40 : 10)),
      ...cpu(busy, () => 60),
    ]);
    const report = (await rt.as(owner, "costs.savings", {
      from: "2024-09-01",
      to: "2024-09-11",
    })) as Report;
    const fromInventory = report.items
      .filter((i) => i.inventoryId !== null)
      .map((i) => [i.kind, i.inventoryId, i.resourceId, i.monthlySaving, i.confidence]);
    // 10 days: burst cost 15 → 45 a month; steady 100 → 300, half of it by one size down;
    // the loose volume is not in the ledger: 100 GiB at 0.08 USD.
    expect(fromInventory).toEqual([
      ["rightsizing", oversized, "i-steady", "150.00", "low"],
      ["idle", idle, "i-burst", "45.00", "medium"],
      ["unattached", loose, null, "8.00", "low"],
    ]);
    expect(report.unavailable).toEqual([]);
    // i-steady is both downsized (150) and covered by a commitment (75): the commitment saves
    // its 25 % of the smaller size only, 37.50. 90 + 150 + 37.50 + 72 + 45 + 8, not 440.
    expect(report.totalMonthlySaving).toBe("402.50");
  });
});
