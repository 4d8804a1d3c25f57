// A synthetic AWS Cost and Usage Report (legacy CSV) of any size, for the cost ledger benchmark:
//   node --import tsx bench/costs/generate-cur.ts [--rows 1000000] [--out file.csv] [--seed 1]
// One month of hourly usage from ~3,000 resources, deterministic for a given seed and row count.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  ACCOUNTS,
  BILLING_PERIOD,
  CLIENTS,
  CUR_COLUMNS,
  ENTITY,
  ENVS,
  HOURS,
  PAYER,
  PERIOD_START,
  PROJECTS,
  REGIONS,
  type Region,
  SERVICES,
  type Service,
  type Usage,
} from "./cur-catalogue.ts";

export { BILLING_PERIOD, CUR_COLUMNS };

const AT = new Map(CUR_COLUMNS.map((name, i) => [name, i]));

/** mulberry32: small, fast, and the same sequence on every machine for a given seed. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Amounts as the legacy CUR writes them, Java's Double.toString: `0.0`, `12.5`, and E notation
 * below 10⁻³ (`4.0E-7`), which the sample file is full of.
 */
export function javaDouble(value: number): string {
  if (value === 0) return "0.0";
  const rounded = Number(value.toPrecision(10));
  const magnitude = Math.abs(rounded);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const s = String(rounded);
    return s.includes(".") ? s : `${s}.0`;
  }
  const [mantissa = "0", exponent = "0"] = rounded.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

const csv = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
// The same few hundred hours on every line: formatting a Date costs more than the rest of a field.
const instants = new Map<number, string>();
const instant = (ms: number) => {
  let text = instants.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    instants.set(ms, text);
  }
  return text;
};
/** Columns whose text may hold a comma or quote; every other value is written as it is. */
const FREE_TEXT = new Set([
  "bill/InvoicingEntity",
  "lineItem/LegalEntity",
  "lineItem/LineItemDescription",
]);

interface Resource {
  id: string;
  service: Service;
  region: Region;
  account: string;
  tags: [string, string, string];
  /** Cost scale: a few big resources, many small ones (log-normal). */
  scale: number;
  n: number;
  /** EC2 covered by the Savings Plan, RDS and ElastiCache by a reservation. */
  commitment: "sp" | "ri" | null;
}

function createResources(count: number, random: () => number): Resource[] {
  const totalWeight = SERVICES.reduce((sum, s) => sum + s.weight, 0);
  const resources: Resource[] = [];
  for (let n = 0; n < count; n++) {
    const pick = random() * totalWeight;
    let below = 0;
    const service =
      SERVICES.find((s) => {
        below += s.weight;
        return pick < below;
      }) ?? SERVICES[0]!;
    // Most spend sits in two regions, as for most small companies.
    const r = random();
    const region = REGIONS[r < 0.45 ? 0 : r < 0.7 ? 2 : Math.floor(random() * REGIONS.length)]!;
    const account = ACCOUNTS[Math.floor(random() ** 1.5 * ACCOUNTS.length)]!;
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const tag = (values: string[], missing: number) =>
      random() < missing ? "" : values[Math.floor(random() ** 1.3 * values.length)]!;
    const commitment =
      service.code === "AmazonEC2" && random() < 0.35
        ? "sp"
        : (service.code === "AmazonRDS" || service.code === "AmazonElastiCache") && random() < 0.5
          ? "ri"
          : null;
    resources.push({
      id: service.resource(n, region, account),
      n,
      service,
      region,
      account,
      tags: [tag(CLIENTS, 0.05), tag(ENVS, 0.03), tag(PROJECTS, 0.12)],
      scale: Math.exp(0.9 * normal),
      commitment,
    });
  }
  return resources;
}

/** Picks resources by a Zipf-like weight: hot resources appear in most hours, cold ones rarely. */
function createPicker(count: number, random: () => number): () => number {
  const cumulative = new Float64Array(count);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    sum += 1 / (i + 10) ** 0.8;
    cumulative[i] = sum;
  }
  return () => {
    const target = random() * sum;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const SAVINGS_PLANS = [
  `arn:aws:savingsplans::${PAYER}:savingsplan/5f6a7b8c-0001-4d2e-9f10-bench0000001`,
  `arn:aws:savingsplans::${PAYER}:savingsplan/5f6a7b8c-0002-4d2e-9f10-bench0000002`,
];
const SP_HOURLY_COMMITMENT = [1.8, 0.9];
const RESERVATIONS = 12;

export interface GenerateOptions {
  rows: number;
  file: string;
  seed?: number;
  resources?: number;
}

/**
 * Writes `rows` data rows (plus the header) to `file`, streaming: memory stays flat whatever
 * the row count. About 1 % of rows are Tax, Credit, RIFee and Savings Plan fee lines; covered
 * EC2 hours come as SavingsPlanCoveredUsage with their SavingsPlanNegation, covered database
 * hours as DiscountedUsage.
 */
export async function generateCur(
  options: GenerateOptions,
): Promise<{ rows: number; bytes: number }> {
  const random = createRandom(options.seed ?? 1);
  const resources = createResources(options.resources ?? 3000, random);
  const pick = createPicker(resources.length, random);
  const out = createWriteStream(options.file, { highWaterMark: 1 << 20 });
  let bytes = 0;
  let batch: string[] = [];
  let written = 0;
  const flush = async () => {
    const text = batch.join("");
    batch = [];
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, "drain");
  };
  let idCounter = 0;
  const lineItemId = () => {
    // 52 base-32 characters, like the CUR's (opaque, unique per line).
    let id = "";
    for (let k = 0; k < 4; k++)
      id += Math.floor(random() * 2 ** 52)
        .toString(32)
        .padStart(11, "0");
    return `${id}${(idCounter++).toString(32)}`.slice(-52).padStart(52, "q");
  };
  const fields = new Array<string>(CUR_COLUMNS.length);
  const set = (column: string, value: string) => {
    fields[AT.get(column) as number] = FREE_TEXT.has(column) ? csv(value) : value;
  };
  const emit = () => {
    batch.push(`${fields.join(",")}\n`);
    written++;
  };
  const base = (type: string, start: number, end: number, account: string) => {
    fields.fill("");
    set("identity/LineItemId", lineItemId());
    const day = Math.floor((start - PERIOD_START) / 86_400_000);
    const dayStart = PERIOD_START + day * 86_400_000;
    set(
      "identity/TimeInterval",
      `${instant(dayStart).slice(0, 19)}Z/${instant(dayStart + 86_400_000).slice(0, 19)}Z`,
    );
    set("bill/InvoicingEntity", ENTITY);
    set("bill/BillingEntity", "AWS");
    set("bill/BillType", "Anniversary");
    set("bill/PayerAccountId", PAYER);
    set("bill/BillingPeriodStartDate", instant(PERIOD_START));
    set("bill/BillingPeriodEndDate", instant(PERIOD_START + HOURS * 3_600_000));
    set("lineItem/UsageAccountId", account);
    set("lineItem/LineItemType", type);
    set("lineItem/UsageStartDate", instant(start));
    set("lineItem/UsageEndDate", instant(end));
    set("lineItem/CurrencyCode", "USD");
    set("lineItem/LegalEntity", ENTITY);
  };
  const cost = (amount: number) => {
    const text = javaDouble(amount);
    set("lineItem/UnblendedCost", text);
    set("lineItem/BlendedCost", text);
  };

  batch.push(`${CUR_COLUMNS.join(",")}\n`);
  // Month-level lines first, as AWS writes them: taxes, reservation fees, credits.
  const monthEnd = PERIOD_START + HOURS * 3_600_000;
  const fixed: (() => void)[] = [];
  for (const account of ACCOUNTS)
    for (const service of SERVICES)
      fixed.push(() => {
        base("Tax", PERIOD_START, monthEnd, account);
        setProduct(set, service, REGIONS[0]!);
        set("lineItem/UsageAmount", "1.0");
        cost(Math.round(random() * 4000) / 100);
        set("lineItem/LineItemDescription", `Tax for product code ${service.code}`);
        set("lineItem/TaxType", "Sales Tax");
      });
  for (let n = 0; n < RESERVATIONS; n++)
    fixed.push(() => {
      const service = SERVICES.find((s) => s.code === (n % 2 ? "AmazonRDS" : "AmazonElastiCache"))!;
      base("RIFee", PERIOD_START, monthEnd, ACCOUNTS[n % ACCOUNTS.length]!);
      setProduct(set, service, REGIONS[n % 2 ? 0 : 2]!);
      const fee = 0.04 * HOURS;
      set("lineItem/UsageAmount", String(HOURS));
      set("lineItem/UnblendedRate", "0.04");
      cost(fee);
      set("lineItem/LineItemDescription", `Reservation fee for ${service.name}`);
      set("pricing/term", "Reserved");
      set("reservation/SubscriptionId", String(900000 + n));
      set("reservation/UnusedRecurringFee", javaDouble(fee * 0.1 * random()));
      set("reservation/UnusedAmortizedUpfrontFeeForBillingPeriod", "0.0");
    });
  for (const account of ACCOUNTS)
    for (let day = 0; day < HOURS / 24; day += 3)
      fixed.push(() => {
        const start = PERIOD_START + day * 86_400_000;
        base("Credit", start, start + 86_400_000, account);
        setProduct(set, SERVICES[0]!, REGIONS[0]!);
        cost(-Math.round(random() * 5000) / 100);
        set("lineItem/LineItemDescription", "AWS Activate credits");
      });
  for (const write of fixed) {
    write();
    emit();
  }

  // Every hour: the Savings Plans' recurring fees, then usage lines up to the hour's share.
  const usageRows = Math.max(0, options.rows - written - SAVINGS_PLANS.length * HOURS);
  for (let hour = 0; hour < HOURS; hour++) {
    const start = PERIOD_START + hour * 3_600_000;
    const end = start + 3_600_000;
    for (const [k, arn] of SAVINGS_PLANS.entries()) {
      if (written >= options.rows) break;
      const commitment = SP_HOURLY_COMMITMENT[k]!;
      base("SavingsPlanRecurringFee", start, end, PAYER);
      set("lineItem/ProductCode", "ComputeSavingsPlans");
      set("product/ProductName", "Savings Plans for AWS Compute usage");
      set("lineItem/UsageType", "ComputeSP:1yrNoUpfront");
      set("lineItem/Operation", "");
      set("lineItem/UsageAmount", "1.0");
      cost(commitment);
      set("lineItem/LineItemDescription", "1 year No Upfront Compute Savings Plan");
      set("savingsPlan/SavingsPlanARN", arn);
      set("savingsPlan/TotalCommitmentToDate", javaDouble(commitment));
      set("savingsPlan/UsedCommitment", javaDouble(commitment * (0.85 + 0.15 * random())));
      set("savingsPlan/RecurringCommitmentForBillingPeriod", javaDouble(commitment * HOURS));
      emit();
    }
    const due =
      Math.floor((usageRows * (hour + 1)) / HOURS) - Math.floor((usageRows * hour) / HOURS);
    for (let i = 0; i < due && written < options.rows; i++) {
      const resource = resources[pick()]!;
      const usage = resource.service.usages[Math.floor(random() * resource.service.usages.length)]!;
      // A business-hours swell on top of steady load, and noise per line.
      const swell = 1 + 0.3 * Math.sin(((hour % 24) - 8) * (Math.PI / 12));
      const amount = usage.amount * resource.scale * swell * (0.6 + 0.8 * random());
      const units = usage.unit === "Hrs" || usage.unit === "NodeHour" ? 1 : amount;
      const onDemand = units * usage.rate;
      const covered =
        usage.unit === "Hrs" || usage.unit === "NodeHour" ? resource.commitment : null;
      const type =
        covered === "sp"
          ? "SavingsPlanCoveredUsage"
          : covered === "ri"
            ? "DiscountedUsage"
            : "Usage";
      base(type, start, end, resource.account);
      setProduct(set, resource.service, resource.region, usage);
      set("lineItem/ResourceId", resource.id);
      set(
        "lineItem/AvailabilityZone",
        resource.service.code === "AmazonEC2" ? `${resource.region.code}a` : "",
      );
      set("lineItem/UsageAmount", javaDouble(units));
      set("lineItem/UnblendedRate", javaDouble(usage.rate));
      set("lineItem/BlendedRate", javaDouble(usage.rate));
      cost(covered === "ri" ? 0 : onDemand);
      set(
        "lineItem/LineItemDescription",
        `$${javaDouble(usage.rate)} per ${usage.unit} for ${usage.type} in ${resource.region.name}`,
      );
      set("pricing/publicOnDemandCost", javaDouble(onDemand));
      set("pricing/publicOnDemandRate", javaDouble(usage.rate));
      set("pricing/term", covered === "ri" ? "Reserved" : "OnDemand");
      set("resourceTags/user:client", resource.tags[0]);
      set("resourceTags/user:env", resource.tags[1]);
      set("resourceTags/user:project", resource.tags[2]);
      if (covered === "sp") {
        const arn = SAVINGS_PLANS[resource.n % SAVINGS_PLANS.length]!;
        set("savingsPlan/SavingsPlanARN", arn);
        set("savingsPlan/SavingsPlanRate", javaDouble(usage.rate * 0.72));
        set("savingsPlan/SavingsPlanEffectiveCost", javaDouble(onDemand * 0.72));
      } else if (covered === "ri") {
        set("reservation/SubscriptionId", String(900000 + (resource.n % RESERVATIONS)));
        set("reservation/EffectiveCost", javaDouble(onDemand * 0.6));
        set("reservation/RecurringFeeForUsage", javaDouble(onDemand * 0.6));
      }
      emit();
      if (covered === "sp" && written < options.rows) {
        // The negation cancels the on-demand cost the covered line carries.
        set("identity/LineItemId", lineItemId());
        set("lineItem/LineItemType", "SavingsPlanNegation");
        cost(-onDemand);
        set(
          "lineItem/LineItemDescription",
          `SavingsPlanNegation used by AccountId : ${resource.account} and UsageSku : ${fields[AT.get("product/sku") as number]}`,
        );
        emit();
        i++;
      }
      if (batch.length >= 2000) await flush();
    }
  }
  await flush();
  out.end();
  await once(out, "finish");
  return { rows: written, bytes };
}

/** The product and pricing columns of a service's usage line (or of its fee and tax lines). */
function setProduct(
  set: (column: string, value: string) => void,
  service: Service,
  region: Region,
  usage?: Usage,
): void {
  set("lineItem/ProductCode", service.code);
  set("product/ProductName", service.name);
  set("product/servicecode", service.code);
  set("product/servicename", service.name);
  set("product/region", region.code);
  set("product/regionCode", region.code);
  set("product/location", region.name);
  set("product/locationType", "AWS Region");
  set("pricing/currency", "USD");
  if (!usage) return;
  const usageType = `${region.prefix}${usage.type}`;
  // One SKU per service, usage type and region, as AWS prices them.
  let hash = 2166136261;
  for (const char of `${service.code}${usageType}`)
    hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  const sku = (hash >>> 0).toString(36).toUpperCase().padStart(7, "0");
  set("lineItem/UsageType", usageType);
  set("lineItem/Operation", usage.operation);
  set("product/usagetype", usageType);
  set("product/operation", usage.operation);
  set("product/productFamily", usage.family);
  set("product/sku", `${sku}XYZ${sku.slice(0, 6)}`);
  set("pricing/RateCode", `${sku}XYZ${sku.slice(0, 6)}.JRTCKXETXF.6YS6EN2CT7`);
  set("pricing/RateId", String(100000000 + (hash >>> 8)));
  set("pricing/unit", usage.unit);
}

export function defaultCurPath(rows: number, seed = 1): string {
  return path.join(tmpdir(), `gp-bench-cur-${rows}-seed${seed}.csv`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { rows: { type: "string" }, out: { type: "string" }, seed: { type: "string" } },
  });
  const rows = Number(values.rows ?? 1_000_000);
  const seed = Number(values.seed ?? 1);
  const file = values.out ?? defaultCurPath(rows, seed);
  const started = performance.now();
  const result = await generateCur({ rows, file, seed });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${file}: ${result.rows.toLocaleString("en-US")} rows, ${(result.bytes / 2 ** 20).toFixed(0)} MiB in ${seconds.toFixed(1)} s`,
  );
}
