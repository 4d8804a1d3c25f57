import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { RecordedRequest, ReplayResponse } from "./https-replay.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/azure");
interface Example {
  responses: Record<string, { headers?: Record<string, string>; body?: Record<string, unknown> }>;
}
const published = (file: string) =>
  (JSON.parse(readFileSync(path.join(FIXTURES, file), "utf8")) as Example).responses;

/**
 * VM actions, each answered in the shape of its x-ms-example (202 + Location). No published
 * example of VirtualMachines_Start was available; its responses are those of Restart (same
 * swagger definition: 200, or 202 with Location).
 */
const VM_ACTIONS: Record<string, { fixture: string; state: string }> = {
  start: { fixture: "compute.VirtualMachine_Restart_MinimumSet_Gen.json", state: "running" },
  poweroff: { fixture: "compute.VirtualMachine_PowerOff_MaximumSet_Gen.json", state: "stopped" },
  deallocate: {
    fixture: "compute.VirtualMachine_Deallocate_MinimumSet_Gen.json",
    state: "deallocated",
  },
  restart: { fixture: "compute.VirtualMachine_Restart_MinimumSet_Gen.json", state: "running" },
};
const SNAPSHOT_EXAMPLE = "compute.Snapshot_Create_FromAnExistingSnapshot.json";

const ITEM =
  /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.compute\/(virtualmachines|disks|snapshots)\/[^/]+)(?:\/(start|poweroff|deallocate|restart))?$/;
const OPERATION =
  /^\/subscriptions\/[^/]+\/providers\/microsoft\.compute\/locations\/[^/]+\/operations\/([^/]+)$/;

export interface ArmError {
  code: string;
  message: string;
}

interface Operation {
  id: string;
  /** InProgress answers left before the final one. */
  polls: number;
  error: ArmError | null;
  startTime: string;
  finished: boolean;
  effect(): void;
}

type Served = { id: string; name?: string; location?: string; managedBy?: string } & Record<
  string,
  unknown
>;

export interface ArmOperations {
  /** How many polls answer InProgress (with Retry-After: 1) before each operation ends. */
  polls: number;
  /** The next operation started ends Failed with this error (and changes nothing). */
  failNext(error: ArmError): void;
  /** Power state of a served VM (by lower-case id), as the instance view reports it. */
  powerStateOf(vmId: string): string;
  /** Snapshots made, by lower-case id. */
  snapshots: Map<string, Record<string, unknown>>;
  /** The answer to an action, snapshot, delete or operation poll; null for other requests. */
  answer(request: RecordedRequest, url: URL): ReplayResponse | null;
}

const armError = (status: number, code: string, message: string): ReplayResponse => ({
  status,
  body: { error: { code, message } },
});

/**
 * ARM's long-running operations as Compute answers them: the request is accepted with 202, an
 * Azure-AsyncOperation URL (polled for `{ status: InProgress | Succeeded | Failed, error }`) and a
 * Location URL (`monitor=true`: 202 until done, then 200), per "Track asynchronous Azure
 * operations" (learn.microsoft.com/azure/azure-resource-manager/management/async-operations).
 * The change lands when the operation succeeds: the VM's power state, the deleted disk (gone from
 * the served list), the snapshot's provisioningState.
 */
export function createArmOperations(options: {
  base: () => string;
  vms: Served[];
  disks: Served[];
}): ArmOperations {
  const operations = new Map<string, Operation>();
  const powerStates = new Map<string, string>();
  const snapshots = new Map<string, Record<string, unknown>>();
  let nextError: ArmError | null = null;
  const findIn = (items: Served[], id: string) => items.find((i) => i.id.toLowerCase() === id);
  const regionOf = (item: Served) => (item.location ?? "eastus").toLowerCase().replace(/\s+/g, "");

  const self: ArmOperations = {
    polls: 0,
    failNext(error) {
      nextError = error;
    },
    powerStateOf: (vmId) => powerStates.get(vmId.toLowerCase()) ?? "running",
    snapshots,
    answer,
  };

  /** 202 with the example's headers (its Location pointed here) plus Azure-AsyncOperation. */
  function accept(
    fixture: string,
    subscription: string,
    location: string,
    effect: () => void,
    body?: Record<string, unknown>,
  ): ReplayResponse {
    const id = randomUUID();
    operations.set(id, {
      id,
      polls: self.polls,
      error: nextError,
      startTime: new Date().toISOString(),
      finished: false,
      effect,
    });
    nextError = null;
    const url = `${options.base()}/subscriptions/${subscription}/providers/Microsoft.Compute/locations/${location}/operations/${id}`;
    const example = published(fixture)["202"] ?? {};
    const headers: Record<string, string> = {
      "Azure-AsyncOperation": `${url}?api-version=2024-07-01`,
    };
    for (const name of Object.keys(example.headers ?? {}))
      if (name.toLowerCase() === "location")
        headers[name] = `${url}?monitor=true&api-version=2024-07-01`;
    return { status: 202, headers, body: body ?? example.body };
  }

  function poll(id: string, monitor: boolean): ReplayResponse {
    const op = operations.get(id);
    if (!op) return armError(404, "NotFound", `Operation ${id} was not found.`);
    if (!op.finished && op.polls > 0) {
      if (!monitor) op.polls--;
      return monitor
        ? { status: 202, headers: { "Retry-After": "1" } }
        : {
            status: 200,
            headers: { "Retry-After": "1" },
            body: { name: id, status: "InProgress", startTime: op.startTime },
          };
    }
    if (!op.finished) {
      op.finished = true;
      if (!op.error) op.effect();
    }
    if (monitor) return op.error ? armError(400, op.error.code, op.error.message) : { status: 200 };
    return {
      status: 200,
      body: {
        name: id,
        status: op.error ? "Failed" : "Succeeded",
        startTime: op.startTime,
        endTime: new Date().toISOString(),
        ...(op.error ? { error: op.error } : {}),
      },
    };
  }

  function putSnapshot(id: string, url: URL, raw: string): ReplayResponse {
    const given = JSON.parse(raw || "{}") as {
      location?: string;
      tags?: Record<string, string>;
      properties?: { creationData?: { sourceResourceId?: string }; incremental?: boolean };
    };
    const source = given.properties?.creationData?.sourceResourceId?.toLowerCase() ?? "";
    const disk = findIn(options.disks, source.startsWith("/") ? source : `/${source}`);
    if (!given.location)
      return armError(
        400,
        "LocationRequired",
        "The location property is required for this definition.",
      );
    if (!disk)
      return armError(404, "NotFound", `Resource ${source} of sourceResourceId was not found.`);
    const example = published(SNAPSHOT_EXAMPLE)["202"]!.body as {
      properties: Record<string, unknown>;
    };
    const subscription = id.split("/")[2]!;
    const name = url.pathname.split("/").pop()!;
    const snapshot: { properties: Record<string, unknown> } & Record<string, unknown> = {
      ...example,
      id: url.pathname,
      name,
      location: given.location,
      tags: given.tags ?? {},
      properties: {
        ...example.properties,
        creationData: given.properties?.creationData,
        incremental: given.properties?.incremental ?? false,
      },
    };
    snapshots.set(id, snapshot);
    return accept(
      SNAPSHOT_EXAMPLE,
      subscription,
      regionOf(disk),
      () => {
        snapshot.properties = { ...snapshot.properties, provisioningState: "Succeeded" };
      },
      snapshot,
    );
  }

  function answer(request: RecordedRequest, url: URL): ReplayResponse | null {
    const p = url.pathname.toLowerCase();
    const operation = OPERATION.exec(p);
    if (operation && request.method === "GET")
      return poll(operation[1]!, url.searchParams.get("monitor") === "true");
    const item = ITEM.exec(p);
    if (!item) return null;
    const [, id, kind, action] = item as unknown as [string, string, string, string?];
    const subscription = id.split("/")[2]!;
    if (kind === "virtualmachines" && action && request.method === "POST") {
      const vm = findIn(options.vms, id);
      if (!vm) return armError(404, "ResourceNotFound", `The Resource '${id}' was not found.`);
      const { fixture, state } = VM_ACTIONS[action]!;
      return accept(fixture, subscription, regionOf(vm), () => powerStates.set(id, state));
    }
    if (kind === "disks" && !action && request.method === "DELETE") {
      const disk = findIn(options.disks, id);
      if (!disk) return { status: 204 };
      if (disk.managedBy)
        return armError(
          409,
          "OperationNotAllowed",
          `Disk ${disk.name} is attached to VM ${disk.managedBy}.`,
        );
      return accept("compute.Disk_Delete.json", subscription, regionOf(disk), () => {
        options.disks.splice(options.disks.indexOf(disk), 1);
      });
    }
    if (kind === "snapshots" && request.method === "PUT") return putSnapshot(id, url, request.body);
    if (kind === "snapshots" && request.method === "GET") {
      const snapshot = snapshots.get(id);
      return snapshot
        ? { status: 200, body: snapshot }
        : armError(404, "ResourceNotFound", `The Resource '${id}' was not found.`);
    }
    return null;
  }

  return self;
}
