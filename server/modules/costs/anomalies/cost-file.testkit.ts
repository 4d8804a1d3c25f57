import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { csvField } from "../../../platform/db/copy.ts";
import { dateOfDay, dayNumber } from "../analysis/daily-series.ts";
import { seededRandom } from "../analysis/seeded-random.ts";

/** One resource of a generated bill: `daily` a day, ±noise, times `spikes[date]` on those days. */
export interface TestResource {
  service: string;
  id: string;
  name: string;
  region: string;
  daily: number;
  tags?: Record<string, string>;
  spikes?: Record<string, number>;
  account?: string;
  currency?: string;
}

const HEADER = [
  "BillingAccountId",
  "BillingPeriodStart",
  "BillingPeriodEnd",
  "ChargePeriodStart",
  "ChargePeriodEnd",
  "BilledCost",
  "EffectiveCost",
  "BillingCurrency",
  "ProviderName",
  "ServiceName",
  "ChargeCategory",
  "RegionId",
  "ResourceId",
  "ResourceName",
  "SubAccountId",
  "Tags",
];

const dir = mkdtempSync(path.join(tmpdir(), "gp-anomalies-"));
let files = 0;

/** The day `offset` days from today (UTC): -1 is yesterday. */
export const dayFromToday = (offset: number, today = new Date()) =>
  dateOfDay(dayNumber(today.toISOString().slice(0, 10)) + offset);

/**
 * A FOCUS 1.2 CSV of daily usage for `days` days up to yesterday (or up to `endingDaysAgo`
 * days before today), as an upload for costs.import. Noise is ±`noise` (uniform), fixed seed.
 */
export function focusBill(
  resources: TestResource[],
  options: { days: number; noise?: number; endingDaysAgo?: number },
) {
  const rand = seededRandom(42);
  const noise = options.noise ?? 0.04;
  const lines = [HEADER.join(",")];
  const end = -(options.endingDaysAgo ?? 0);
  for (let offset = end - options.days; offset < end; offset++) {
    const day = dayFromToday(offset);
    const month = day.slice(0, 7);
    const next = new Date(`${month}-01T00:00:00Z`);
    next.setUTCMonth(next.getUTCMonth() + 1);
    for (const r of resources) {
      const amount = r.daily * (1 - noise + 2 * noise * rand()) * (r.spikes?.[day] ?? 1);
      const values = [
        r.account ?? "123456789012",
        `${month}-01T00:00:00Z`,
        next.toISOString().replace(".000", ""),
        `${day}T00:00:00Z`,
        `${dateOfDay(dayNumber(day) + 1)}T00:00:00Z`,
        amount.toFixed(4),
        amount.toFixed(4),
        r.currency ?? "USD",
        "AWS",
        r.service,
        "Usage",
        r.region,
        r.id,
        r.name,
        r.account ?? "123456789012",
        r.tags ? JSON.stringify(r.tags) : null,
      ];
      lines.push(values.map(csvField).join(","));
    }
  }
  const name = `test-bill-${++files}.csv`;
  const filePath = path.join(dir, name);
  writeFileSync(filePath, `${lines.join("\n")}\n`);
  return { path: filePath, name, bytes: statSync(filePath).size };
}
