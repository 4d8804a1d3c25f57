import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AwsReplay,
  fullRegion,
  idOf,
  startAwsReplay,
} from "../../../test/support/aws-replay.ts";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import { waitFor } from "../../../test/support/test-database.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import { AppError } from "../../platform/errors.ts";
import type { WorkspaceEvent } from "../../platform/events/events.ts";
import { focusBill } from "../costs/anomalies/cost-file.testkit.ts";
import { SCHEDULED_DISCOVERY_JOB } from "./inventory.jobs.ts";

type Scan = OperationOutput<"connectors.scans">[number];
type Search = OperationOutput<"inventory.search">;

const SECRET = "replay-secret-access-key-never-shown-9f2c";
const CREDENTIALS = {
  method: "access-keys",
  accessKeyId: "AKIAINVENTORYTEST001",
  secretAccessKey: SECRET,
};
const GONE_VOLUME = "vol-a8d2e991";

/** us-west-2 serves EC2 and ELBv2; eu-west-1 serves RDS and Lambda (no id appears twice). */
function regions() {
  const all = fullRegion();
  return {
    "us-west-2": { ...all, DescribeDBInstances: [], ListFunctions: [] },
    "eu-west-1": { DescribeDBInstances: all.DescribeDBInstances, ListFunctions: all.ListFunctions },
  };
}

let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let viewer: Person;
let replay: AwsReplay;
let connectorId: string;

beforeAll(async () => {
  replay = await startAwsReplay({ regions: regions() });
  rt = await createTestRuntime();
  owner = await createOwner(rt, "inventory@example.com", "Inventory");
  viewer = await addMember(rt, owner.workspaceId, "viewer@example.com", "viewer");
  rt.services.jobs.start();
}, 60_000);

afterAll(async () => {
  await rt?.close();
  await replay?.close();
});

async function discover(): Promise<Scan> {
  const started = (await rt.as(owner.caller, "connectors.discover", { id: connectorId })) as {
    scanId: string;
  };
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

const search = (input: object = {}) =>
  rt.as(owner.caller, "inventory.search", { limit: 500, ...input }) as Promise<Search>;
const byNative = async (nativeId: string) =>
  (await search({ q: nativeId, includeDeleted: true })).items.find((i) => i.nativeId === nativeId);

describe("connectors", () => {
  it("stores credentials in the vault and never returns them", async () => {
    const created = (await rt.as(owner.caller, "connectors.create", {
      provider: "aws",
      name: "Production",
      credentials: CREDENTIALS,
      regions: ["us-west-2", "eu-west-1"],
      endpoint: replay.endpoint,
    })) as { id: string; credentials: { method: string; hint: string } };
    connectorId = created.id;
    expect(created.credentials).toEqual({ method: "access-keys", hint: "••••T001" });
    const outputs = [
      created,
      await rt.as(owner.caller, "connectors.list", {}),
      await rt.as(owner.caller, "connectors.get", { id: connectorId }),
      await rt.as(owner.caller, "secrets.list", {}),
    ];
    for (const output of outputs) expect(JSON.stringify(output)).not.toContain(SECRET.slice(0, 12));
  });

  it("names the credential field at fault and refuses viewers", async () => {
    const error = await rt
      .as(owner.caller, "connectors.create", {
        provider: "aws",
        name: "Broken",
        credentials: { method: "access-keys", accessKeyId: "nope", secretAccessKey: SECRET },
      })
      .catch((e: AppError) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details.field).toBe("credentials.accessKeyId");
    await expect(
      rt.as(viewer.caller, "connectors.create", {
        provider: "aws",
        name: "V",
        credentials: CREDENTIALS,
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("tests the connection and reports the account", async () => {
    const result = await rt.as(owner.caller, "connectors.test", { id: connectorId });
    expect(result).toMatchObject({ ok: true, account: "123456789012" });
  });
});

describe("discovery", () => {
  it("discovers every scope into the unified model with relations and created changes", async () => {
    const events: WorkspaceEvent[] = [];
    const unsubscribe = rt.services.events.subscribe(owner.workspaceId, (e) => {
      if (e.type === "inventory.scan") events.push(e);
    });
    const scan = await discover();
    // On PostgreSQL events travel through NOTIFY and may arrive just after the scan row says done.
    const last = await waitFor(() => events.find((e) => e.status === "succeeded"), {
      what: "the scan's final progress event",
    });
    unsubscribe();
    // Progress is published live: running, one event per finished scope, then the outcome.
    expect(events[0]?.status).toBe("running");
    expect(last).toMatchObject({ scopesDone: 9 });
    expect(events.length).toBeGreaterThanOrEqual(9 + 2);
    expect(scan.status).toBe("succeeded");
    expect(scan.scopes).toHaveLength(2 * 4 + 1);
    expect(scan.scopes.every((s) => s.status === "succeeded")).toBe(true);
    const all = await search();
    expect(all.total).toBe(scan.resourcesSeen);
    expect(scan.created).toBe(scan.resourcesSeen);
    const types = Object.fromEntries(all.facets!.type.map((f) => [f.value, f.count]));
    expect(types).toMatchObject({
      "compute.vm": 2,
      "storage.volume": 2,
      "network.vpc": 1,
      "network.ip": 3,
      "db.instance": 1,
      "compute.function": 2,
      "network.lb": 1,
      "storage.bucket": 3,
    });
    expect((await search({ type: "compute" })).total).toBe(4);
    expect((await search({ region: "eu-west-1" })).total).toBe(3);
    expect((await search({ tag: "env=production" })).items.map((i) => i.name)).toEqual([
      "my-load-balancer",
    ]);
    const volume = await byNative("vol-bc71579a");
    const detail = (await rt.as(owner.caller, "inventory.get", {
      id: volume!.id,
    })) as OperationOutput<"inventory.get">;
    expect(detail.relations).toContainEqual(
      expect.objectContaining({
        type: "attached-to",
        direction: "out",
        nativeId: "i-fde9cece",
        name: "i-fde9cece",
      }),
    );
    expect(detail.changes.map((c) => c.kind)).toEqual(["created"]);
  });

  it("pages through search results with a cursor", async () => {
    const first = await search({ limit: 5 });
    const second = await search({ limit: 5, cursor: first.nextCursor });
    expect(first.items).toHaveLength(5);
    expect(second.items[0]!.name >= first.items[4]!.name).toBe(true);
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(10);
  });

  it("deletes nothing when a region fails mid-scan, then a complete scan records the deletion", async () => {
    const before = (await search()).total;
    const us = replay.regions["us-west-2"]!;
    us.DescribeVolumes = us.DescribeVolumes!.filter((v) => idOf(v, "volumeId") !== GONE_VOLUME);
    // The stopped instance starts: a modification the next complete scan must record.
    us.DescribeInstances = us.DescribeInstances!.map((r) =>
      r.replace("<name>stopped</name>", "<name>running</name>"),
    );
    // us-west-2 EC2 fails on its second page of instances, every time; eu-west-1 RDS answers 500s.
    replay.faults = [
      {
        region: "us-west-2",
        operation: "DescribeInstances",
        page: 2,
        fault: "server-error",
        times: Infinity,
      },
      {
        region: "eu-west-1",
        operation: "DescribeDBInstances",
        fault: "server-error",
        times: Infinity,
      },
      { region: "eu-west-1", operation: "ListFunctions", fault: "throttle", times: 1 },
    ];
    const partial = await discover();
    expect(partial.status).toBe("partial");
    expect(partial.deleted).toBe(0);
    expect(partial.retries).toBeGreaterThan(0);
    const failed = partial.scopes
      .filter((s) => s.status === "failed")
      .map((s) => `${s.service}@${s.region}`);
    expect(failed.sort()).toEqual(["ec2@us-west-2", "rds@eu-west-1"]);
    expect((await search()).total).toBe(before);
    expect((await byNative(GONE_VOLUME))?.deletedAt).toBeNull();
    // Throttled once, retried: Lambda's scope still succeeded.
    expect(
      partial.scopes.find((s) => s.service === "lambda" && s.region === "eu-west-1")?.status,
    ).toBe("succeeded");

    replay.faults = [];
    const complete = await discover();
    expect(complete.status).toBe("succeeded");
    expect(complete.deleted).toBe(1);
    expect(complete.modified).toBe(1);
    const gone = await byNative(GONE_VOLUME);
    expect(gone?.deletedAt).not.toBeNull();
    expect((await search()).total).toBe(before - 1);
    const deletions = (await rt.as(owner.caller, "inventory.changes", { kind: "deleted" })) as {
      items: { resourceId: string; resourceName: string }[];
    };
    expect(deletions.items.map((c) => c.resourceId)).toEqual([gone!.id]);
    const modified = (await rt.as(owner.caller, "inventory.changes", { kind: "modified" })) as {
      items: { resourceName: string; diff: { fields: Record<string, unknown> } }[];
    };
    expect(modified.items).toHaveLength(1);
    expect(modified.items[0]!.diff.fields.state).toEqual({ before: "stopped", after: "running" });
  });

  it("shows a resource's monthly cost from the FOCUS ledger by its ResourceId", async () => {
    await rt.as(
      {
        ...owner.caller,
        upload: focusBill(
          [{ service: "Amazon EC2", id: "i-fde9cece", name: "web", region: "us-west-2", daily: 2 }],
          { days: 10, noise: 0 },
        ),
      },
      "costs.import",
      {},
    );
    const instance = await byNative("i-fde9cece");
    const detail = (await rt.as(owner.caller, "inventory.get", {
      id: instance!.id,
    })) as OperationOutput<"inventory.get">;
    expect(detail.cost.currency).toBe("USD");
    const total = detail.cost.months.reduce((sum, m) => sum + Number(m.effectiveCost), 0);
    expect(total).toBe(20);
  });

  it("rescans every scheduled connector from the daily schedule's job", async () => {
    await rt.services.jobs.enqueue(rt.database.db, SCHEDULED_DISCOVERY_JOB, {});
    const scheduled = await waitFor(
      async () => {
        const list = (await rt.as(owner.caller, "connectors.scans", { connectorId })) as Scan[];
        const scan = list.find((s) => s.trigger === "schedule");
        return scan && !["queued", "running"].includes(scan.status) ? scan : undefined;
      },
      { timeoutMs: 60_000, what: "the scheduled scan" },
    );
    expect(scheduled).toMatchObject({ status: "succeeded", created: 0, modified: 0, deleted: 0 });
  });

  it("does not show another workspace's resources", async () => {
    const other = await createOwner(rt, "other@example.com", "Other");
    const instance = await byNative("i-fde9cece");
    expect(((await rt.as(other.caller, "inventory.search", {})) as Search).total).toBe(0);
    await expect(rt.as(other.caller, "inventory.get", { id: instance!.id })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      rt.as(other.caller, "connectors.discover", { id: connectorId }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("removes the connector with its secret and inventory", async () => {
    await rt.as(owner.caller, "connectors.delete", { id: connectorId });
    expect((await search({ includeDeleted: true })).total).toBe(0);
    const secrets = (await rt.as(owner.caller, "secrets.list", {})) as { name: string }[];
    expect(secrets.filter((s) => s.name.startsWith("connector."))).toEqual([]);
  });
});
