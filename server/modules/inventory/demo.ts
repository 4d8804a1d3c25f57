import { eq } from "drizzle-orm";
import type { Provider, RelationType } from "../../connectors/types.ts";
import type { Db } from "../../platform/db/database.ts";
import type { DemoSeeder } from "../demo/demo.service.ts";
import { listFindings, recordComplianceDay } from "./compliance/compliance.service.ts";
import {
  complianceDaily,
  connectors,
  resourceChanges,
  resourceRelations,
  resources,
  scans,
} from "./inventory.schema.ts";

/**
 * A demo inventory matching the demo cost ledger (costs/demo.ts): each resource's
 * costResourceId is the ResourceId its invented costs are billed under, so resource pages show
 * a cost trend. The AWS rows belong to a demo connector that is not scheduled and has no
 * credentials in the vault: discovering it fails at once and, like any failed scan, deletes
 * nothing; nothing reaches a real cloud. The other providers' rows stand alone.
 */
interface DemoItem {
  provider: Provider;
  account: string;
  region: string;
  type: string;
  nativeType: string;
  name: string;
  state: string | null;
  tags: Record<string, string>;
  billed: boolean;
  attributes?: Record<string, unknown>;
  relations?: { type: RelationType; target: string }[];
}

const AWS = "210987654321";
const prodAcme = { client: "acme", project: "storefront", env: "prod" };

const ITEMS: DemoItem[] = [
  {
    provider: "aws",
    account: AWS,
    region: "eu-west-1",
    type: "network.vpc",
    nativeType: "AWS::EC2::VPC",
    name: "acme-vpc",
    state: "available",
    tags: { client: "acme" },
    billed: false,
    attributes: { cidrBlock: "10.20.0.0/16" },
  },
  {
    provider: "aws",
    account: AWS,
    region: "eu-west-1",
    type: "network.security-group",
    nativeType: "AWS::EC2::SecurityGroup",
    name: "acme-web-sg",
    state: null,
    tags: { client: "acme" },
    billed: false,
    attributes: {
      ingress: [
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["0.0.0.0/0"], groups: [] },
        { protocol: "tcp", fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"], groups: [] },
      ],
    },
    relations: [{ type: "member-of", target: "acme-vpc" }],
  },
  {
    provider: "aws",
    account: AWS,
    region: "eu-west-1",
    type: "compute.vm",
    nativeType: "AWS::EC2::Instance",
    name: "acme-web-1",
    state: "running",
    tags: prodAcme,
    billed: true,
    attributes: { instanceType: "t3.large" },
    relations: [
      { type: "member-of", target: "acme-vpc" },
      { type: "member-of", target: "acme-web-sg" },
    ],
  },
  {
    provider: "aws",
    account: AWS,
    region: "eu-west-1",
    type: "compute.vm",
    nativeType: "AWS::EC2::Instance",
    name: "acme-web-2",
    state: "running",
    tags: prodAcme,
    billed: true,
    attributes: { instanceType: "t3.large" },
    relations: [
      { type: "member-of", target: "acme-vpc" },
      { type: "member-of", target: "acme-web-sg" },
    ],
  },
  {
    provider: "aws",
    account: AWS,
    region: "eu-west-1",
    type: "network.lb",
    nativeType: "AWS::ElasticLoadBalancingV2::LoadBalancer",
    name: "acme-alb",
    state: "active",
    tags: prodAcme,
    billed: false,
    attributes: { lbType: "application", scheme: "internet-facing" },
    relations: [
      { type: "routes-to", target: "acme-web-1" },
      { type: "routes-to", target: "acme-web-2" },
    ],
  },
  {
    provider: "aws",
    account: AWS,
    region: "eu-west-1",
    type: "db.instance",
    nativeType: "AWS::RDS::DBInstance",
    name: "acme-db",
    state: "available",
    tags: prodAcme,
    billed: true,
    attributes: { engine: "postgres", storageEncrypted: true, instanceClass: "db.t3.medium" },
    relations: [{ type: "member-of", target: "acme-vpc" }],
  },
  {
    provider: "aws",
    account: AWS,
    region: "eu-west-1",
    type: "storage.bucket",
    nativeType: "AWS::S3::Bucket",
    name: "acme-assets",
    state: null,
    tags: { client: "acme", project: "storefront" },
    billed: true,
    attributes: { isPublic: true, encryption: "AES256" },
  },
  {
    provider: "aws",
    account: AWS,
    region: "us-east-1",
    type: "compute.function",
    nativeType: "AWS::Lambda::Function",
    name: "globex-etl",
    state: "active",
    tags: { client: "globex", project: "data-pipeline", env: "prod" },
    billed: true,
    attributes: { runtime: "python3.12", memoryMiB: 1024 },
  },
  {
    provider: "aws",
    account: AWS,
    region: "us-east-1",
    type: "compute.vm",
    nativeType: "AWS::EC2::Instance",
    name: "staging-box",
    state: "stopped",
    tags: { env: "staging" },
    billed: true,
    attributes: { instanceType: "t3.medium", volumeIds: ["vol-orphaned"] },
  },
  {
    provider: "aws",
    account: AWS,
    region: "us-east-1",
    type: "storage.volume",
    nativeType: "AWS::EC2::Volume",
    name: "vol-orphaned",
    state: "available",
    tags: {},
    billed: true,
    attributes: { sizeGiB: 200, volumeType: "gp3", encrypted: false, attachedInstanceIds: [] },
  },
  {
    provider: "azure",
    account: "sub-3f2a",
    region: "westeurope",
    type: "compute.vm",
    nativeType: "Microsoft.Compute/virtualMachines",
    name: "initech-app",
    state: "running",
    tags: { client: "initech", project: "portal", env: "prod" },
    billed: true,
  },
  {
    provider: "azure",
    account: "sub-3f2a",
    region: "westeurope",
    type: "db.instance",
    nativeType: "Microsoft.Sql/servers/databases",
    name: "initech-sql",
    state: "online",
    tags: { client: "initech", project: "portal", env: "prod" },
    billed: true,
    relations: [{ type: "depends-on", target: "initech-app" }],
  },
  {
    provider: "gcp",
    account: "gcp-billing-01",
    region: "europe-west1",
    type: "compute.container",
    nativeType: "run.googleapis.com/Service",
    name: "globex-api",
    state: "ready",
    tags: { client: "globex", project: "data-pipeline", env: "prod" },
    billed: true,
  },
  {
    provider: "digitalocean",
    account: "do-team-agency",
    region: "ams3",
    type: "compute.vm",
    nativeType: "droplet",
    name: "agency-tools",
    state: "active",
    tags: { project: "internal" },
    billed: true,
  },
  {
    provider: "digitalocean",
    account: "do-team-agency",
    region: "ams3",
    type: "db.instance",
    nativeType: "database",
    name: "agency-pg",
    state: "online",
    tags: { project: "internal" },
    billed: true,
  },
  {
    provider: "cloudflare",
    account: "cf-acct-7c1",
    region: "global",
    type: "cdn.worker",
    nativeType: "workers_script",
    name: "edge-router",
    state: null,
    tags: { client: "acme", project: "storefront" },
    billed: true,
    relations: [{ type: "routes-to", target: "acme-alb" }],
  },
];

export const seedDemoInventory: DemoSeeder = async (db: Db, ctx) => {
  const now = new Date();
  const firstSeen = new Date(now.getTime() - 90 * 86_400_000);
  const [connector] = await db
    .insert(connectors)
    .values({
      workspaceId: ctx.workspaceId,
      provider: "aws",
      name: "Demo AWS (sample data)",
      regions: ["eu-west-1", "us-east-1"],
      secretName: "connector.demo",
      credentialsMethod: "access-keys",
      credentialsHint: "••••DEMO",
      account: AWS,
      isScheduled: false,
    })
    .returning();
  const [scan] = await db
    .insert(scans)
    .values({
      workspaceId: ctx.workspaceId,
      connectorId: connector!.id,
      trigger: "manual",
      status: "succeeded",
      scopes: [],
      resourcesSeen: ITEMS.filter((i) => i.provider === "aws").length,
      startedAt: now,
      finishedAt: now,
    })
    .returning();
  await db.update(connectors).set({ lastScanId: scan!.id }).where(eq(connectors.id, connector!.id));
  const rows = await db
    .insert(resources)
    .values(
      ITEMS.map((item) => ({
        workspaceId: ctx.workspaceId,
        connectorId: item.provider === "aws" ? connector!.id : null,
        provider: item.provider,
        account: item.account,
        region: item.region,
        scope: "demo",
        type: item.type,
        nativeType: item.nativeType,
        nativeId: `${item.account}/${item.name}`,
        name: item.name,
        state: item.state,
        tags: item.tags,
        nativeCreatedAt: firstSeen,
        costResourceId: item.billed ? `${item.account}/${item.name}` : null,
        attributes: item.attributes ?? {},
        firstSeenAt: firstSeen,
        lastSeenAt: now,
      })),
    )
    .returning({ id: resources.id, name: resources.name, account: resources.account });
  const idOf = new Map(rows.map((r) => [r.name, r]));
  const relations = ITEMS.flatMap((item) =>
    (item.relations ?? []).map((rel) => {
      const target = idOf.get(rel.target)!;
      return {
        workspaceId: ctx.workspaceId,
        resourceId: idOf.get(item.name)!.id,
        type: rel.type,
        targetNativeId: `${target.account}/${rel.target}`,
      };
    }),
  );
  await db.insert(resourceRelations).values(relations);
  await db.insert(resourceChanges).values([
    ...rows.map((r) => ({
      workspaceId: ctx.workspaceId,
      resourceId: r.id,
      kind: "created",
      diff: null,
      at: firstSeen,
    })),
    {
      workspaceId: ctx.workspaceId,
      resourceId: idOf.get("staging-box")!.id,
      kind: "modified",
      diff: {
        fields: { state: { before: "running", after: "stopped" } },
        attributes: {},
        tags: {},
      },
      at: new Date(now.getTime() - 3 * 86_400_000),
    },
  ]);
  await seedComplianceTrend(db, ctx.workspaceId, now);
};

/** Days ago each demo finding began (one per rule); the others stood the whole month. */
const FINDING_SINCE: Record<string, number> = {
  // The change history's staging-box stop, three days ago.
  "stopped-with-disks": 3,
  // vol-orphaned was detached twelve days ago.
  "unattached-volume": 12,
  "unencrypted-volume": 12,
};
const TREND_DAYS = 30;

/**
 * A month of the Compliance tab's trend: today's counts recorded as a snapshot would, and the
 * 30 days before them with each finding from the day FINDING_SINCE gives (demo history: no
 * scan ran on those days).
 */
async function seedComplianceTrend(db: Db, workspaceId: string, now: Date) {
  const { counts, evaluated } = await listFindings(db, workspaceId, { limit: 0 });
  const rows = [];
  for (let ago = TREND_DAYS; ago >= 1; ago--) {
    const day = new Date(now.getTime() - ago * 86_400_000).toISOString().slice(0, 10);
    for (const c of counts) {
      const since = FINDING_SINCE[c.rule];
      const findings = since !== undefined && ago > since ? Math.max(c.count - 1, 0) : c.count;
      rows.push({ workspaceId, day, rule: c.rule, findings, resources: evaluated });
    }
  }
  await db.insert(complianceDaily).values(rows);
  await recordComplianceDay(db, workspaceId, now);
}
