import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Test support: small FOCUS 1.2 CSV files written on the fly, as uploads for costs.import. */
const HEADER =
  "BillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ProviderName,ServiceName,ChargeCategory,ResourceId,Tags,x_Custom";

export interface Line {
  account?: string;
  /** The billing period's month, `2024-08`; September 2024 when absent. */
  month?: string;
  day: string;
  billed: string;
  effective?: string;
  service?: string;
  resource?: string;
  tags?: Record<string, string>;
}

export const focusFileDir = mkdtempSync(path.join(tmpdir(), "gp-costs-"));
let fileCount = 0;

/** Writes a small FOCUS 1.2 CSV (billing periods of September 2024 unless a line says) and returns it as an upload. */
export function focusFile(lines: Line[], name = `focus-${++fileCount}.csv`) {
  const body = lines.map((l) => {
    const tags = l.tags ? `"${JSON.stringify(l.tags).replace(/"/g, '""')}"` : "";
    const start = new Date(`${l.month ?? "2024-09"}-01T00:00:00Z`);
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    return [
      l.account ?? "111111111111",
      `${start.toISOString().slice(0, 19)}Z`,
      `${end.toISOString().slice(0, 19)}Z`,
      `${l.day}T00:00:00Z`,
      `${l.day}T01:00:00Z`,
      l.billed,
      l.effective ?? l.billed,
      "USD",
      "AWS",
      l.service ?? "Amazon EC2",
      "Usage",
      l.resource ?? "i-0abc",
      tags,
      "extra",
    ].join(",");
  });
  const filePath = path.join(focusFileDir, `${fileCount}-${name}`);
  writeFileSync(filePath, `${HEADER}\n${body.join("\n")}\n`);
  return { path: filePath, name, bytes: statSync(filePath).size };
}
