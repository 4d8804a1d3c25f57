import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestRuntime } from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { addDays } from "../analysis/daily-series.ts";
import { dayOf, periodOf } from "./periods.ts";

const HEADER =
  "BillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ProviderName,ServiceName,ChargeCategory,ResourceId,Tags";

export interface DailyCost {
  service: string;
  /** BilledCost of each day. */
  daily: string;
  tags?: Record<string, string>;
}

/** Days of data the kit imports, ending today: always covers the whole month to date. */
export const DAYS_OF_DATA = 45;

/**
 * A small FOCUS 1.2 file with the same cost every day for the last 45 days up to today (UTC),
 * imported as `caller`. Invented numbers: round ones, so spend and forecast can be checked by
 * hand.
 */
export async function importDailyCosts(rt: TestRuntime, caller: Caller, costs: DailyCost[]) {
  const today = dayOf(new Date());
  const lines: string[] = [];
  for (let i = DAYS_OF_DATA - 1; i >= 0; i--) {
    const day = addDays(today, -i);
    const month = periodOf("monthly", day);
    for (const cost of costs) {
      const tags = cost.tags ? `"${JSON.stringify(cost.tags).replace(/"/g, '""')}"` : "";
      lines.push(
        [
          "111111111111",
          `${month.start}T00:00:00Z`,
          `${month.end}T00:00:00Z`,
          `${day}T00:00:00Z`,
          `${addDays(day, 1)}T00:00:00Z`,
          cost.daily,
          cost.daily,
          "USD",
          "AWS",
          cost.service,
          "Usage",
          `res-${cost.service.replace(/\W+/g, "-")}`,
          tags,
        ].join(","),
      );
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), "gp-budgets-"));
  const file = path.join(dir, "budgets-focus.csv");
  writeFileSync(file, `${HEADER}\n${lines.join("\n")}\n`);
  const upload = { path: file, name: "budgets-focus.csv", bytes: statSync(file).size };
  await rt.as({ ...caller, upload }, "costs.import", {});
}

/** Today's place in its month, for expected numbers. */
export function monthToDate(today = dayOf(new Date())) {
  const { start, end } = periodOf("monthly", today);
  const dayOfMonth = Number(today.slice(8, 10));
  const daysInMonth = Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000);
  return { today, start, end, dayOfMonth, daysInMonth };
}
