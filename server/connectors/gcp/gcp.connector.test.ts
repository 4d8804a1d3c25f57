import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GcpReplay, startGcpReplay } from "../../../test/support/gcp-replay.ts";
import { createOutboundHttp } from "../../platform/http/outbound.ts";
import { createConnectorContext } from "../context.ts";
import type { DiscoveredResource } from "../types.ts";
import { createGcpConnector } from "./gcp.connector.ts";
import { gcpProvider } from "./index.ts";

const FAST_RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 40 };
let replay: GcpReplay;

beforeAll(async () => {
  replay = await startGcpReplay({ pageSize: 2 });
});
afterAll(() => replay.close());
beforeEach(() => {
  replay.requests.length = 0;
});

function connector(overrides: { key?: object; regions?: string[]; timeoutMs?: number } = {}) {
  return createGcpConnector({
    credentials: gcpProvider.zCredentials.parse({
      method: "service-account-key",
      serviceAccountKey: JSON.stringify(overrides.key ?? replay.key),
    }),
    regions: overrides.regions ?? [],
    endpoint: replay.endpoint,
    http: createOutboundHttp({ blockPrivateNetworks: false }),
    requestTimeoutMs: overrides.timeoutMs,
  });
}
const context = () =>
  createConnectorContext(AbortSignal.timeout(20_000), gcpProvider.rateLimit, FAST_RETRY);

async function scanAll(service: string, c = connector(), ctx = context()) {
  const found: DiscoveredResource[] = [];
  for await (const r of c.scan({ region: "global", service: `${service}/${replay.project}` }, ctx))
    found.push(r);
  return found;
}
const requestsTo = (part: string) => replay.requests.filter((r) => r.path.includes(part));

describe("GCP connector: the official client libraries against a replay of Google's REST payloads", () => {
  it("signs a JWT with the key, exchanges it at the key's token_uri and tests the connection", async () => {
    const c = connector();
    const result = await c.testConnection(context());
    expect(result).toEqual({
      account: replay.project,
      detail: "1 project readable: Compute Engine instances listed",
    });
    expect(replay.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /token",
      `GET /compute/v1/projects/${replay.project}/aggregated/instances`,
    ]);
    expect(replay.requests[1]!.authorization).toMatch(/^Bearer ya29\.replay-/);
    expect(await c.scopes(context())).toContainEqual({
      region: "global",
      service: `compute-instances/${replay.project}`,
    });
  });

  it("reports a key the token endpoint refuses with Google's own words", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    await expect(
      connector({ key: { ...replay.key, private_key: other } }).testConnection(context()),
    ).rejects.toThrow(/token endpoint answered 400: invalid_grant: Invalid JWT Signature/);
  });

  it("maps instances across zones and pages, with the billing export's resource id", async () => {
    const vms = await scanAll("compute-instances");
    expect(vms.map((v) => [v.name, v.region, v.state])).toEqual([
      ["web-1", "us-central1", "running"],
      ["batch-1", "us-central1", "stopped"],
      ["web-eu-1", "europe-west1", "running"],
    ]);
    // Three instances at two a page: the SDK followed nextPageToken once.
    expect(requestsTo("/aggregated/instances").map((r) => r.query.get("pageToken"))).toEqual([
      null,
      "2",
    ]);
    expect(vms[0]).toMatchObject({
      provider: "gcp",
      account: replay.project,
      type: "compute.vm",
      nativeType: "compute#instance",
      nativeId: `//compute.googleapis.com/projects/${replay.project}/zones/us-central1-a/instances/web-1`,
      // What the costs fixture (test/fixtures/billing/gcp-billing-export.jsonl) bills web-1 under.
      costResourceId: `//compute.googleapis.com/projects/${replay.project}/zones/us-central1-a/instances/4517865291034762210`,
      tags: { app: "storefront", team: "web" },
      attributes: {
        machineType: "e2-standard-2",
        zone: "us-central1-a",
        externalIps: ["34.123.45.67"],
        volumeIds: [
          `//compute.googleapis.com/projects/${replay.project}/zones/us-central1-a/disks/web-1-boot`,
        ],
      },
    });
    expect(vms[0]!.createdAt?.toISOString()).toBe("2024-08-30T16:12:41.113Z");
    expect(vms[1]!.attributes).toMatchObject({ status: "TERMINATED", preemptible: true });
  });

  it("relates disks to the instances using them and flags the unattached one", async () => {
    const disks = await scanAll("compute-disks");
    expect(disks.map((d) => d.name)).toEqual(["web-1-boot", "batch-1", "old-data", "web-eu-1"]);
    const boot = disks[0]!;
    expect(boot).toMatchObject({
      type: "storage.volume",
      region: "us-central1",
      state: "ready",
      costResourceId: `//compute.googleapis.com/projects/${replay.project}/zones/us-central1-a/disks/web-1-boot`,
      relations: [
        {
          type: "attached-to",
          targetNativeId: `//compute.googleapis.com/projects/${replay.project}/zones/us-central1-a/instances/web-1`,
        },
      ],
      attributes: { sizeGiB: 20, diskType: "pd-balanced", encrypted: true },
    });
    expect(disks[2]!.attributes).toMatchObject({
      attachedInstanceIds: [],
      kmsKeyName: expect.stringContaining("cryptoKeys/data"),
    });
  });

  it("maps a regional persistent disk with its region, replica zones, labels and user", async () => {
    const base = "https://www.googleapis.com/compute/v1/projects/acme-web-prod";
    // A regional disk as Compute's REST reference shapes it: `region` and `replicaZones`, no `zone`.
    const regional = {
      kind: "compute#disk",
      id: "7733190054412211009",
      creationTimestamp: "2024-09-02T10:00:00.000-07:00",
      name: "db-data-ha",
      sizeGb: "200",
      region: `${base}/regions/us-central1`,
      replicaZones: [`${base}/zones/us-central1-a`, `${base}/zones/us-central1-b`],
      status: "READY",
      selfLink: `${base}/regions/us-central1/disks/db-data-ha`,
      type: `${base}/regions/us-central1/diskTypes/pd-ssd`,
      labels: { app: "storefront", tier: "db" },
      users: [`${base}/zones/us-central1-a/instances/web-1`],
    };
    replay.data.disks.push(["regions/us-central1", regional]);
    try {
      const disks = await scanAll("compute-disks");
      const ha = disks.find((d) => d.name === "db-data-ha");
      expect(ha).toMatchObject({
        type: "storage.volume",
        nativeId: `//compute.googleapis.com/projects/${replay.project}/regions/us-central1/disks/db-data-ha`,
        region: "us-central1",
        state: "ready",
        tags: { app: "storefront", tier: "db" },
        attributes: {
          location: "us-central1",
          replicaZones: ["us-central1-a", "us-central1-b"],
          diskType: "pd-ssd",
          sizeGiB: 200,
          attachedInstanceIds: [
            `//compute.googleapis.com/projects/${replay.project}/zones/us-central1-a/instances/web-1`,
          ],
        },
      });
      expect(disks.find((d) => d.name === "web-1-boot")!.attributes.replicaZones).toEqual([]);
    } finally {
      replay.data.disks.pop();
    }
  });

  it("maps Cloud SQL instances, Cloud Run services of every location and buckets", async () => {
    const sql = await scanAll("cloud-sql");
    expect(sql.map((d) => [d.name, d.region, d.state, d.type])).toEqual([
      ["orders-db", "us-central1", "runnable", "db.instance"],
      ["legacy-mysql", "europe-west1", "suspended", "db.instance"],
    ]);
    expect(sql[0]).toMatchObject({
      costResourceId: `//cloudsql.googleapis.com/projects/${replay.project}/instances/orders-db`,
      tags: { app: "storefront", env: "prod" },
      attributes: { engine: "POSTGRES_15", tier: "db-custom-2-7680", storageEncrypted: true },
    });
    const run = await scanAll("cloud-run");
    expect(run.map((s) => [s.name, s.region, s.state, s.type])).toEqual([
      ["api", "us-central1", "succeeded", "compute.function"],
      ["thumbnailer", "europe-west1", "failed", "compute.function"],
    ]);
    expect(run[0]!.costResourceId).toBe(
      `//run.googleapis.com/projects/${replay.project}/locations/us-central1/services/api`,
    );
    expect(run[0]!.createdAt?.toISOString()).toBe("2024-05-02T10:11:12.131Z");
    expect(requestsTo("/locations/-/services")).toHaveLength(1);
    const buckets = await scanAll("storage");
    expect(buckets.map((b) => [b.name, b.region, b.attributes.isPublic])).toEqual([
      ["acme-assets", "us", undefined],
      ["acme-web-prod-logs", "us-central1", false],
      ["acme-eu-backups", "europe-west1", false],
    ]);
    expect(buckets[0]!.costResourceId).toBe(
      "//storage.googleapis.com/projects/_/buckets/acme-assets",
    );
    // Three buckets at two a page, asked one page per call.
    expect(requestsTo("/storage/v1/b").map((r) => r.query.get("pageToken"))).toEqual([null, "2"]);
    expect(
      requestsTo("/storage/v1/b").every((r) => r.authorization?.startsWith("Bearer ya29")),
    ).toBe(true);
  });

  it("reports only the connector's regions (multi-region buckets kept)", async () => {
    const c = connector({ regions: ["europe-west1"] });
    expect((await scanAll("compute-instances", c)).map((v) => v.name)).toEqual(["web-eu-1"]);
    expect((await scanAll("storage", c)).map((b) => b.name)).toEqual([
      "acme-assets",
      "acme-eu-backups",
    ]);
  });

  it("retries throttling (429 with Retry-After) and a 500 on a later page, keeping the SDK's paging", async () => {
    const throttled = {
      status: 429,
      headers: { "retry-after": "1" },
      body: { error: { code: 429, message: "Quota exceeded", status: "RESOURCE_EXHAUSTED" } },
    };
    replay.fail("/aggregated/disks", throttled);
    replay.fail("/aggregated/disks?maxResults=500&pageToken=2", {
      status: 500,
      body: { error: { code: 500, message: "Internal error", status: "INTERNAL" } },
    });
    const started = Date.now();
    const disks = await scanAll("compute-disks");
    expect(disks).toHaveLength(4);
    expect(requestsTo("/aggregated/disks").map((r) => r.query.get("pageToken"))).toEqual([
      null,
      null,
      "2",
      "2",
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it("retries storage throttling page by page and a request that times out", async () => {
    replay.fail("/storage/v1/b", {
      status: 429,
      body: { error: { code: 429, message: "rateLimitExceeded" } },
    });
    expect(await scanAll("storage")).toHaveLength(3);
    expect(requestsTo("/storage/v1/b")).toHaveLength(3);
    replay.requests.length = 0;
    replay.fail("/locations/-/services", { status: 200, hang: true });
    expect(await scanAll("cloud-run", connector({ timeoutMs: 300 }))).toHaveLength(2);
    expect(requestsTo("/locations/-/services")).toHaveLength(2);
  });

  it("fails the scope when errors persist, and when a zone is unreachable", async () => {
    const failure = {
      status: 503,
      body: {
        error: {
          code: 503,
          message: "The service is currently unavailable.",
          status: "UNAVAILABLE",
        },
      },
    };
    replay.fail("/v1/projects/", failure, failure, failure, failure);
    await expect(scanAll("cloud-sql")).rejects.toThrow(
      /Google Cloud answered 503: The service is currently unavailable/,
    );
    expect(requestsTo("/v1/projects/")).toHaveLength(4);
    // A zone the aggregated list could not read comes back as a 200 with a warning on that zone.
    replay.fail("/aggregated/instances", {
      status: 200,
      body: {
        kind: "compute#instanceAggregatedList",
        items: {
          "zones/us-central1-a": { instances: [replay.data.instances[0]![1]] },
          "zones/europe-west1-b": {
            warning: { code: "UNREACHABLE", message: "The zone 'europe-west1-b' is unreachable." },
          },
        },
      },
    });
    await expect(scanAll("compute-instances")).rejects.toThrow(
      /could not list zones\/europe-west1-b/,
    );
  });

  it("does not retry what retrying cannot fix", async () => {
    replay.fail("/aggregated/instances", {
      status: 403,
      body: {
        error: {
          code: 403,
          message: "Required 'compute.instances.list' permission for 'projects/acme-web-prod'",
          status: "PERMISSION_DENIED",
        },
      },
    });
    await expect(scanAll("compute-instances")).rejects.toThrow(
      /403: .*compute\.instances\.list.*Grant the service account/,
    );
    expect(requestsTo("/aggregated/instances")).toHaveLength(1);
    await expect(scanAll("nosuch")).rejects.toThrow(/no service/);
  });
});

describe("GCP credentials and roles", () => {
  it("accepts the pasted key file, defaults the projects to the key's and names the bad field", () => {
    const parsed = gcpProvider.zCredentials.parse({
      method: "service-account-key",
      serviceAccountKey: replay.keyText,
      projects: "acme-web-prod, acme-data-prod",
    });
    expect(parsed.projects).toEqual(["acme-web-prod", "acme-data-prod"]);
    // What the vault stores parses again to the same value; unused key fields are dropped.
    expect(gcpProvider.zCredentials.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
    expect(parsed.serviceAccountKey).not.toHaveProperty("auth_uri");
    const issue = (serviceAccountKey: unknown) =>
      gcpProvider.zCredentials.safeParse({ method: "service-account-key", serviceAccountKey }).error
        ?.issues[0];
    expect(issue({ ...replay.key, type: "authorized_user" })?.path).toEqual([
      "serviceAccountKey",
      "type",
    ]);
    expect(issue({ ...replay.key, private_key: "nope" })?.path).toEqual([
      "serviceAccountKey",
      "private_key",
    ]);
    const { client_email: _e, ...noEmail } = replay.key;
    expect(issue(noEmail)?.path).toEqual(["serviceAccountKey", "client_email"]);
    expect(issue({ ...replay.key, project_id: "X" })?.path).toEqual([
      "serviceAccountKey",
      "project_id",
    ]);
    expect(issue({ ...replay.key, token_uri: "http://evil.example/token" })?.path).toEqual([
      "serviceAccountKey",
      "token_uri",
    ]);
    expect(issue("{ not json")?.message).toMatch(/paste the whole key file/);
  });

  it("shows the account and the key id's start, never the key", () => {
    const credentials = gcpProvider.zCredentials.parse({
      method: "service-account-key",
      serviceAccountKey: replay.keyText,
    });
    const hint = gcpProvider.describeCredentials(credentials);
    expect(hint).toEqual({
      method: "service-account-key",
      hint: `${replay.key.client_email}, key ${replay.key.private_key_id!.slice(0, 8)}…, 1 project`,
    });
    expect(JSON.stringify(hint)).not.toContain("PRIVATE KEY");
  });

  it("names read-only roles and the custom role's list permissions", () => {
    expect(gcpProvider.policy.text).toContain("roles/compute.viewer");
    expect(gcpProvider.policy.text).toContain("roles/cloudsql.viewer");
    expect(gcpProvider.policy.text).toContain("roles/run.viewer");
    expect(gcpProvider.policy.text).toMatch(/storage\.buckets\.list/);
    expect(gcpProvider.policy.text).not.toMatch(/objects\.(get|list)|admin|editor/);
  });
});

describe("GCP Cloud Monitoring metrics", () => {
  it("pulls the instances' CPU utilisation as a percentage, paging through the series", async () => {
    const { gcpReplayCpu } = await import("../../../test/support/gcp-replay.ts");
    const c = connector();
    const vms = await scanAll("compute-instances", c);
    const from = new Date("2026-11-20T10:00:00Z");
    const to = new Date("2026-11-20T11:00:00Z");
    const samples = [];
    for await (const batch of c.pullMetrics!(
      {
        targets: [...vms, { nativeId: "//other", type: "storage.volume", region: "x", name: "x" }],
        from,
        to,
      },
      context(),
    ))
      samples.push(...batch);
    // Three instances, twelve 5-minute means each; two series a page: nextPageToken followed.
    expect(samples).toHaveLength(36);
    expect(requestsTo("/timeSeries").map((r) => r.query.get("pageToken"))).toEqual([null, "2"]);
    expect(requestsTo("/timeSeries")[0]!.query.get("filter")).toContain(
      'metric.type = "compute.googleapis.com/instance/cpu/utilization"',
    );
    const first = samples.find(
      (s) => s.nativeId === vms[0]!.nativeId && s.time.getTime() === from.getTime(),
    );
    expect(first).toMatchObject({
      name: "gcp_vm_cpu_utilization_percent",
      labels: { aggregation: "average", region: "us-central1" },
    });
    expect(first!.value).toBeCloseTo(gcpReplayCpu("web-1", from.getTime()) * 100, 6);
    expect(samples.every((s) => s.value >= 0 && s.value <= 100)).toBe(true);
  });
});
