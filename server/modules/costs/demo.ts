import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { csvField } from "../../platform/db/copy.ts";
import type { Db } from "../../platform/db/database.ts";
import type { DemoSeeder } from "../demo/demo.service.ts";
import { seededRandom } from "./analysis/seeded-random.ts";
import { findAnomalies, saveFindings } from "./anomalies/anomalies.service.ts";
import { importCostFile } from "./import/importer.ts";

/**
 * Demo cost data: four months of a small agency's cloud bill up to yesterday, written as a
 * FOCUS 1.2 file and imported through the real importer, so the explorer has something to show.
 * Invented numbers, labelled as such in the file name; a seeded generator keeps them stable.
 */

interface DemoResource {
  provider: "AWS" | "Microsoft" | "Google Cloud" | "DigitalOcean" | "Cloudflare";
  account: string;
  service: string;
  category: string;
  region: string;
  id: string;
  name: string;
  type: string;
  daily: number;
  tags: Record<string, string>;
}

const R = (
  provider: DemoResource["provider"],
  account: string,
  service: string,
  category: string,
  region: string,
  name: string,
  type: string,
  daily: number,
  tags: Record<string, string>,
): DemoResource => ({
  provider,
  account,
  service,
  category,
  region,
  id: `${account}/${name}`,
  name,
  type,
  daily,
  tags,
});

const RESOURCES: DemoResource[] = [
  R(
    "AWS",
    "210987654321",
    "Amazon Elastic Compute Cloud",
    "Compute",
    "eu-west-1",
    "acme-web-1",
    "Instance",
    14.2,
    { client: "acme", project: "storefront", env: "prod" },
  ),
  R(
    "AWS",
    "210987654321",
    "Amazon Elastic Compute Cloud",
    "Compute",
    "eu-west-1",
    "acme-web-2",
    "Instance",
    14.2,
    { client: "acme", project: "storefront", env: "prod" },
  ),
  R(
    "AWS",
    "210987654321",
    "Amazon Relational Database Service",
    "Databases",
    "eu-west-1",
    "acme-db",
    "DBInstance",
    21.7,
    { client: "acme", project: "storefront", env: "prod" },
  ),
  R(
    "AWS",
    "210987654321",
    "Amazon Simple Storage Service",
    "Storage",
    "eu-west-1",
    "acme-assets",
    "Bucket",
    3.1,
    { client: "acme", project: "storefront" },
  ),
  R(
    "AWS",
    "210987654321",
    "Amazon CloudFront",
    "Networking",
    "global",
    "acme-cdn",
    "Distribution",
    4.4,
    { client: "acme", project: "storefront" },
  ),
  R("AWS", "210987654321", "AWS Lambda", "Compute", "us-east-1", "globex-etl", "Function", 2.3, {
    client: "globex",
    project: "data-pipeline",
    env: "prod",
  }),
  R(
    "AWS",
    "210987654321",
    "Amazon Elastic Compute Cloud",
    "Compute",
    "us-east-1",
    "staging-box",
    "Instance",
    6.9,
    { env: "staging" },
  ),
  R(
    "AWS",
    "210987654321",
    "Amazon Elastic Block Store",
    "Storage",
    "us-east-1",
    "vol-orphaned",
    "Volume",
    1.6,
    {},
  ),
  R(
    "Microsoft",
    "sub-3f2a",
    "Virtual Machines",
    "Compute",
    "westeurope",
    "initech-app",
    "Microsoft.Compute/virtualMachines",
    11.5,
    { client: "initech", project: "portal", env: "prod" },
  ),
  R(
    "Microsoft",
    "sub-3f2a",
    "Azure SQL Database",
    "Databases",
    "westeurope",
    "initech-sql",
    "Microsoft.Sql/servers/databases",
    9.8,
    { client: "initech", project: "portal", env: "prod" },
  ),
  R(
    "Google Cloud",
    "gcp-billing-01",
    "Cloud Run",
    "Compute",
    "europe-west1",
    "globex-api",
    "Service",
    5.2,
    { client: "globex", project: "data-pipeline", env: "prod" },
  ),
  R(
    "Google Cloud",
    "gcp-billing-01",
    "BigQuery",
    "Analytics",
    "EU",
    "globex-warehouse",
    "Dataset",
    7.9,
    { client: "globex", project: "data-pipeline" },
  ),
  R(
    "DigitalOcean",
    "do-team-agency",
    "Droplets",
    "Compute",
    "ams3",
    "agency-tools",
    "Droplet",
    1.6,
    { project: "internal" },
  ),
  R(
    "DigitalOcean",
    "do-team-agency",
    "Managed Databases",
    "Databases",
    "ams3",
    "agency-pg",
    "Database",
    2.0,
    { project: "internal" },
  ),
  R("Cloudflare", "cf-acct-7c1", "Workers", "Compute", "global", "edge-router", "Worker", 0.7, {
    client: "acme",
    project: "storefront",
  }),
];

const COLUMNS = [
  "BillingAccountId",
  "BillingAccountName",
  "BillingCurrency",
  "BillingPeriodStart",
  "BillingPeriodEnd",
  "ChargePeriodStart",
  "ChargePeriodEnd",
  "ChargeCategory",
  "ChargeFrequency",
  "ChargeDescription",
  "BilledCost",
  "EffectiveCost",
  "ListCost",
  "ContractedCost",
  "PricingCategory",
  "PricingQuantity",
  "PricingUnit",
  "ConsumedQuantity",
  "ConsumedUnit",
  "ProviderName",
  "PublisherName",
  "InvoiceIssuerName",
  "ServiceName",
  "ServiceCategory",
  "RegionId",
  "RegionName",
  "ResourceId",
  "ResourceName",
  "ResourceType",
  "SubAccountId",
  "SubAccountName",
  "Tags",
];

const iso = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

export function demoCostCsv(today = new Date()): string {
  const rand = seededRandom(20240901);
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 3, 1));
  const lines = [COLUMNS.join(",")];
  for (let day = new Date(start); day < end; day.setUTCDate(day.getUTCDate() + 1)) {
    const periodStart = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
    const periodEnd = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1));
    const next = new Date(day.getTime() + 86_400_000);
    const weekday = day.getUTCDay();
    const age = (day.getTime() - start.getTime()) / 86_400_000;
    for (const r of RESOURCES) {
      let amount = r.daily * (1 + age * 0.002) * (0.92 + rand() * 0.16);
      if (r.category === "Compute" && (weekday === 0 || weekday === 6) && r.tags.env !== "prod")
        amount *= 0.4;
      // A runaway ETL job: the anomaly the detector should find, ten days before the end.
      const daysLeft = (end.getTime() - day.getTime()) / 86_400_000;
      if (r.name === "globex-etl" && daysLeft <= 10 && daysLeft > 7) amount *= 9;
      const billed = amount.toFixed(4);
      const list = (amount * 1.08).toFixed(4);
      lines.push(
        row({
          account: r.account,
          periodStart,
          periodEnd,
          day,
          next,
          category: "Usage",
          description: `${r.service} usage (${r.name})`,
          billed,
          effective: billed,
          list,
          r,
        }),
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

function row(v: {
  account: string;
  periodStart: Date;
  periodEnd: Date;
  day: Date;
  next: Date;
  category: string;
  description: string;
  billed: string;
  effective: string;
  list: string;
  r: DemoResource;
}): string {
  const { r } = v;
  const values: (string | null)[] = [
    v.account,
    `${r.provider} demo account`,
    "USD",
    iso(v.periodStart),
    iso(v.periodEnd),
    iso(v.day),
    iso(v.next),
    v.category,
    "Usage-Based",
    v.description,
    v.billed,
    v.effective,
    v.list,
    v.billed,
    "Standard",
    "24",
    "Hours",
    "24",
    "Hours",
    r.provider,
    r.provider,
    r.provider,
    r.service,
    r.category,
    r.region,
    r.region,
    r.id,
    r.name,
    r.type,
    r.account,
    null,
    Object.keys(r.tags).length ? JSON.stringify(r.tags) : null,
  ];
  return values.map(csvField).join(",");
}

export const seedDemoCosts: DemoSeeder = async (db: Db, ctx) => {
  const dir = mkdtempSync(path.join(tmpdir(), "gp-demo-"));
  const filePath = path.join(dir, "demo-focus-costs.csv");
  try {
    writeFileSync(filePath, demoCostCsv());
    // A savepoint inside the demo's transaction, or a transaction of its own: COPY needs one.
    await db.transaction(async (tx) => {
      await importCostFile(tx as Db, {
        workspaceId: ctx.workspaceId,
        importedBy: ctx.ownerUserId,
        filePath,
        fileName: "demo-focus-costs.csv (invented demo data)",
      });
      // The anomalies page is not empty either: the demo's runaway Lambda is found at once.
      await saveFindings(tx as Db, ctx.workspaceId, await findAnomalies(tx as Db, ctx.workspaceId));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
