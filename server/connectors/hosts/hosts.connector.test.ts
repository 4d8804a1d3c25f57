import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningNodeExporter,
  startNodeExporter,
} from "../../../test/support/node-exporter.ts";
import {
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import { freePort, type RunningSshd, startSshd } from "../../../test/support/sshd.ts";
import { waitFor } from "../../../test/support/test-database.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import { scrapeDue } from "../../modules/observability/scrape/scrape.service.ts";

type Scan = OperationOutput<"connectors.scans">[number];
type Target = OperationOutput<"scrape.targets.list">[number];
type TestResult = OperationOutput<"connectors.test">;

let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let other: Person & { workspaceId: string };
let sshd: RunningSshd;
let exporter: RunningNodeExporter;
let connectorId: string;
let hostResourceId: string;

beforeAll(async () => {
  // Kept one by one, so afterAll stops whichever started even when the other did not.
  sshd = await startSshd();
  exporter = await startNodeExporter();
  rt = await createTestRuntime();
  owner = await createOwner(rt, "hosts@example.com", "Hosts");
  other = await createOwner(rt, "other-hosts@example.com", "Other");
  rt.services.jobs.start();
}, 60_000);

afterAll(async () => {
  await rt?.close();
  await Promise.all([sshd?.close(), exporter?.close()]);
});

const credentials = (privateKey: string) => ({
  method: "ssh-key",
  host: sshd.host,
  port: sshd.port,
  user: sshd.user,
  privateKey,
  nodeExporterUrl: exporter.url,
});

const test = (id: string) => rt.as(owner.caller, "connectors.test", { id }) as Promise<TestResult>;

async function discover(id: string): Promise<Scan> {
  const started = (await rt.as(owner.caller, "connectors.discover", { id })) as { scanId: string };
  return waitFor(
    async () => {
      const [scan] = (await rt.as(owner.caller, "connectors.scans", {
        scanId: started.scanId,
      })) as Scan[];
      return scan && !["queued", "running"].includes(scan.status) ? scan : undefined;
    },
    { timeoutMs: 60_000, what: "the scan to finish" },
  );
}

describe("hosts connector against a real sshd and node_exporter", () => {
  it("stores the private key in the vault and never returns it", async () => {
    const created = (await rt.as(owner.caller, "connectors.create", {
      provider: "host",
      name: "Loopback host",
      credentials: credentials(sshd.clientKey),
    })) as { id: string; credentials: { method: string; hint: string } };
    connectorId = created.id;
    expect(created.credentials).toEqual({
      method: "ssh-key",
      hint: `${sshd.user}@127.0.0.1:${sshd.port}`,
    });
    const keyBody = sshd.clientKey.split("\n")[1]!;
    const outputs = [
      created,
      await rt.as(owner.caller, "connectors.list", {}),
      await rt.as(owner.caller, "connectors.get", { id: connectorId }),
      await rt.as(owner.caller, "secrets.list", {}),
    ];
    for (const output of outputs) expect(JSON.stringify(output)).not.toContain(keyBody);
  });

  it("names the credential field at fault", async () => {
    const error = await rt
      .as(owner.caller, "connectors.create", {
        provider: "host",
        name: "Broken",
        credentials: { ...credentials("not a key"), nodeExporterUrl: undefined },
      })
      .catch((e: { details?: { field?: string } }) => e);
    expect((error as { details: { field: string } }).details.field).toBe("credentials.privateKey");
  });

  it("refuses loopback until a workspace admin allows private targets", async () => {
    const refused = await test(connectorId);
    expect(refused.ok).toBe(false);
    expect(refused.detail).toMatch(/private address/);
    expect(refused.detail).toMatch(/node_exporter: unreachable/);
    await rt.as(owner.caller, "health.settings.update", { allowPrivateTargets: true });
  });

  it("tests SSH and node_exporter separately and records the host key on first use", async () => {
    expect(await rt.as(owner.caller, "hosts.hostKey", { connectorId })).toBeNull();
    const first = await test(connectorId);
    expect(first.ok).toBe(true);
    expect(first.account).toBe(`${sshd.user}@127.0.0.1:${sshd.port}`);
    expect(first.detail).toContain(`ssh-ed25519 ${sshd.hostKeyFingerprint} recorded now`);
    expect(first.detail).toMatch(/node_exporter: reachable at .* \(\d+ samples/);
    const key = (await rt.as(owner.caller, "hosts.hostKey", { connectorId })) as {
      fingerprint: string;
    };
    expect(key.fingerprint).toBe(sshd.hostKeyFingerprint);
    const again = await test(connectorId);
    expect(again.detail).toContain(`${sshd.hostKeyFingerprint} matches the one recorded`);
  });

  it("discovers the host with the facts the machine itself reports", async () => {
    const scan = await discover(connectorId);
    expect(scan.status).toBe("succeeded");
    const search = (await rt.as(owner.caller, "inventory.search", {
      provider: "host",
    })) as { items: { id: string; nativeId: string }[] };
    expect(search.items).toHaveLength(1);
    hostResourceId = search.items[0]!.id;
    expect(search.items[0]!.nativeId).toBe(`127.0.0.1:${sshd.port}`);
    const detail = (await rt.as(owner.caller, "inventory.get", { id: hostResourceId })) as {
      attributes: Record<string, unknown> & {
        os: { prettyName: string };
        packages: { manager: string; count: number };
        nodeExporter: { reachable: boolean; memoryTotalBytes: number };
        hostKey: { fingerprint: string };
      };
    };
    const a = detail.attributes;
    const osRelease = readFileSync("/etc/os-release", "utf8");
    const memKb = Number(/MemTotal:\s+(\d+)/.exec(readFileSync("/proc/meminfo", "utf8"))![1]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own field syntax
    const installed = execFileSync("dpkg-query", ["-W", "-f=${db:Status-Abbrev}\n"])
      .toString()
      .split("\n")
      .filter((l) => l.startsWith("ii")).length;
    expect(a.kernel).toBe(execFileSync("uname", ["-r"]).toString().trim());
    expect(osRelease).toContain(`PRETTY_NAME="${a.os.prettyName}"`);
    expect(a.cpuCount).toBe(Number(execFileSync("getconf", ["_NPROCESSORS_ONLN"]).toString()));
    expect(a.memoryTotalBytes).toBe(memKb * 1024);
    expect(a.packages).toEqual({ manager: "dpkg", count: installed });
    expect(a.uptimeSeconds as number).toBeGreaterThan(0);
    expect(a.hostKey.fingerprint).toBe(sshd.hostKeyFingerprint);
    expect(a.nodeExporter.reachable).toBe(true);
    expect(a.nodeExporter.memoryTotalBytes).toBe(memKb * 1024);
  });

  it("fails clearly with a key the server does not accept", async () => {
    const wrong = (await rt.as(owner.caller, "connectors.create", {
      provider: "host",
      name: "Wrong key",
      credentials: { ...credentials(sshd.strangerKey), nodeExporterUrl: undefined },
    })) as { id: string };
    const result = await test(wrong.id);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/SSH authentication failed .* did not accept the key/);
    expect(result.detail).toContain("node_exporter: not configured");
    await rt.as(owner.caller, "connectors.delete", { id: wrong.id });
  });
});

describe("Prometheus scrape", () => {
  const query = (metric: string, where: Record<string, string>) =>
    rt.as(owner.caller, "metrics.query", {
      metric,
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
      step: 60,
      aggregation: "max",
      where,
    }) as Promise<{ series: { labels: object; points: { value: number }[] }[] }>;

  it("scrapes the host's node_exporter into the metric store, labelled with the resource", async () => {
    const targets = (await rt.as(owner.caller, "scrape.targets.list", {})) as Target[];
    const host = targets.find((t) => t.source === "host")!;
    expect(host).toMatchObject({ url: exporter.url, job: "node", resourceId: hostResourceId });
    const outcome = (await rt.as(owner.caller, "scrape.targets.run", { id: host.id })) as {
      samples: number;
      error: string | null;
    };
    expect(outcome.error).toBeNull();
    expect(outcome.samples).toBeGreaterThan(50);
    const memKb = Number(/MemTotal:\s+(\d+)/.exec(readFileSync("/proc/meminfo", "utf8"))![1]);
    const mem = await query("node_memory_MemTotal_bytes", { resource_id: hostResourceId });
    expect(mem.series).toHaveLength(1);
    expect(mem.series[0]!.points.at(-1)!.value).toBe(memKb * 1024);
    const cpu = await rt.as(owner.caller, "metrics.query", {
      metric: "node_cpu_seconds_total",
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
      step: 60,
      aggregation: "max",
      groupBy: ["cpu", "instance", "job"],
      where: { mode: "idle" },
    });
    const series = (cpu as { series: { labels: Record<string, string> }[] }).series;
    expect(series.length).toBe(Number(execFileSync("getconf", ["_NPROCESSORS_ONLN"]).toString()));
    expect(series[0]!.labels).toMatchObject({
      job: "node",
      instance: `127.0.0.1:${exporter.port}`,
    });
    const [after] = ((await rt.as(owner.caller, "scrape.targets.list", {})) as Target[]).filter(
      (t) => t.id === host.id,
    );
    expect(after).toMatchObject({ health: "up", lastError: null, lastSamples: outcome.samples });
  });

  it("scrapes a target a person adds, and records a dead one's error without throwing", async () => {
    const added = (await rt.as(owner.caller, "scrape.targets.create", {
      name: "exporter by name",
      url: `http://localhost:${exporter.port}/metrics`,
      intervalSeconds: 60,
    })) as Target;
    expect(added.job).toBe("exporter_by_name");
    const deadPort = await freePort();
    const dead = (await rt.as(owner.caller, "scrape.targets.create", {
      name: "dead",
      url: `http://127.0.0.1:${deadPort}/metrics`,
    })) as Target;
    const stats = await scrapeDue(rt.database.db, false);
    expect(stats.failed).toBeGreaterThanOrEqual(1);
    const targets = (await rt.as(owner.caller, "scrape.targets.list", {})) as Target[];
    const deadNow = targets.find((t) => t.id === dead.id)!;
    expect(deadNow.health).toBe("down");
    expect(deadNow.lastError).toMatch(/ECONNREFUSED|refused/i);
    expect(deadNow.lastSamples).toBe(0);
    expect(targets.find((t) => t.id === added.id)!.health).toBe("up");
    const load = await query("node_load1", { job: "exporter_by_name" });
    expect(load.series).toHaveLength(1);
    // A host's target follows its connector: it cannot be deleted on its own.
    const host = targets.find((t) => t.source === "host")!;
    await expect(
      rt.as(owner.caller, "scrape.targets.delete", { id: host.id }),
    ).rejects.toMatchObject({ details: { field: "id" } });
    await rt.as(owner.caller, "scrape.targets.update", { id: dead.id, isEnabled: false });
    await rt.as(owner.caller, "scrape.targets.delete", { id: dead.id });
  });

  it("keeps workspaces apart", async () => {
    const mine = (await rt.as(owner.caller, "scrape.targets.list", {})) as Target[];
    expect(await rt.as(other.caller, "scrape.targets.list", {})).toEqual([]);
    await expect(
      rt.as(other.caller, "scrape.targets.run", { id: mine[0]!.id }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(rt.as(other.caller, "hosts.hostKey", { connectorId })).rejects.toMatchObject({
      code: "not_found",
    });
    const theirs = await query("node_memory_MemTotal_bytes", {});
    expect(theirs.series.length).toBeGreaterThan(0);
    const seen = (await rt.as(other.caller, "metrics.query", {
      metric: "node_memory_MemTotal_bytes",
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
      step: 60,
    })) as { series: unknown[] };
    expect(seen.series).toEqual([]);
  });
});

describe("host key changes", () => {
  it("refuses a changed host key until it is reset", async () => {
    const recorded = sshd.hostKeyFingerprint;
    await sshd.changeHostKey();
    const refused = await test(connectorId);
    expect(refused.ok).toBe(false);
    expect(refused.detail).toContain(`recorded ${recorded}`);
    expect(refused.detail).toContain(`now offered ${sshd.hostKeyFingerprint}`);
    const scan = await discover(connectorId);
    expect(scan.status).toBe("failed");
    const reset = (await rt.as(owner.caller, "hosts.resetHostKey", { connectorId })) as {
      removed: { fingerprint: string };
    };
    expect(reset.removed.fingerprint).toBe(recorded);
    const retried = await test(connectorId);
    expect(retried.ok).toBe(true);
    expect(retried.detail).toContain(`${sshd.hostKeyFingerprint} recorded now`);
  });
});
