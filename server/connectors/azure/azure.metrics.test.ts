import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AzureReplay,
  azureReplayValue,
  startAzureReplay,
} from "../../../test/support/azure-replay.ts";
import { createOutboundHttp } from "../../platform/http/outbound.ts";
import { createConnectorContext } from "../context.ts";
import type { DiscoveredResource, PulledSample } from "../types.ts";
import { createAzureConnector } from "./azure.connector.ts";
import { azureProvider } from "./index.ts";

const FAST_RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 40 };
const FROM = new Date("2026-11-02T10:00:00Z");
const TO = new Date("2026-11-02T11:00:00Z");
let replay: AzureReplay;

beforeAll(async () => {
  replay = await startAzureReplay({ pageSize: 2 });
});
afterAll(() => replay.close());
beforeEach(() => {
  replay.requests.length = 0;
});

const connector = () =>
  createAzureConnector({
    credentials: {
      method: "service-principal",
      tenantId: replay.tenantId,
      clientId: replay.clientId,
      clientSecret: replay.clientSecret,
      subscriptionIds: [replay.subscriptionId],
    },
    regions: [],
    endpoint: replay.endpoint,
    http: createOutboundHttp({ blockPrivateNetworks: false }),
  });
const context = () =>
  createConnectorContext(AbortSignal.timeout(20_000), azureProvider.rateLimit, FAST_RETRY);

async function vms() {
  const found: DiscoveredResource[] = [];
  for await (const r of connector().scan(
    { region: "global", service: `virtual-machines/${replay.subscriptionId}` },
    context(),
  ))
    found.push(r);
  return found.filter((r) => r.type === "compute.vm");
}

async function pullAll(targets: DiscoveredResource[]) {
  const samples: PulledSample[] = [];
  for await (const batch of connector().pullMetrics!({ targets, from: FROM, to: TO }, context()))
    samples.push(...batch);
  return samples;
}

describe("Azure Monitor metrics through the Azure connector", () => {
  it("pulls the VM platform metrics at a 5-minute grain with the right aggregation", async () => {
    const [vm] = await vms();
    const samples = await pullAll([vm!]);
    expect([...new Set(samples.map((s) => s.name))].sort()).toEqual([
      "azure_vm_cpu_utilization_percent",
      "azure_vm_disk_read_ops_per_second",
      "azure_vm_disk_write_ops_per_second",
      "azure_vm_network_in_bytes",
      "azure_vm_network_out_bytes",
    ]);
    const cpu = samples.filter((s) => s.name === "azure_vm_cpu_utilization_percent");
    expect(cpu).toHaveLength(12);
    expect(cpu[0]).toEqual({
      nativeId: vm!.nativeId,
      name: "azure_vm_cpu_utilization_percent",
      labels: { aggregation: "average", region: vm!.region },
      time: FROM,
      value: azureReplayValue("Percentage CPU", vm!.nativeId, FROM.getTime()),
    });
    const netIn = samples.find((s) => s.name === "azure_vm_network_in_bytes");
    expect(netIn?.value).toBe(
      azureReplayValue("Network In Total", vm!.nativeId, FROM.getTime()) * 300,
    );
    const calls = replay.requests.filter((r) => r.path.endsWith("/Microsoft.Insights/metrics"));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.query.get("interval")).toBe("PT5M");
    expect(calls[0]!.query.get("timespan")).toBe(`${FROM.toISOString()}/${TO.toISOString()}`);
    expect(calls[0]!.authorization).toMatch(/^Bearer /);
  });

  it("retries a 429 and a 500, then fails with ARM's message when errors persist", async () => {
    const [vm] = await vms();
    replay.fail(
      "/microsoft.insights/metrics",
      {
        status: 429,
        headers: { "retry-after": "0" },
        body: { error: { code: "TooManyRequests", message: "throttled" } },
      },
      { status: 500, body: { error: { code: "InternalServerError", message: "boom" } } },
    );
    expect(await pullAll([vm!])).toHaveLength(5 * 12);
    const failures = Array.from({ length: 4 }, () => ({
      status: 503,
      body: { error: { code: "ServiceUnavailable", message: "Monitor is unavailable" } },
    }));
    replay.fail("/microsoft.insights/metrics", ...failures);
    await expect(pullAll([vm!])).rejects.toThrow(/Monitor is unavailable/);
  });

  it("offers metrics pulls and lists the metrics read actions in its role", () => {
    expect(azureProvider.pulls).toEqual(["metrics", "costs"]);
    expect(JSON.parse(azureProvider.policy.text).Actions).toContain(
      "Microsoft.Insights/metrics/read",
    );
  });
});
