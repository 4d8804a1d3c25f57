import { randomUUID } from "node:crypto";
import type { protos } from "@google-cloud/compute";
import {
  attachedRefusal,
  deletionOutcome,
  stateRefusal,
  vmAndDiskPerform,
} from "../action-rules.ts";
import { waitForOperation } from "../long-running.ts";
import { sleep } from "../retry.ts";
import type {
  ActionOutcome,
  ActionTarget,
  ConnectorContext,
  ResourceAction,
  ResourceActions,
} from "../types.ts";
import { type GcpClients, NO_GAX_RETRY } from "./clients.ts";
import { withGoogleMessage } from "./errors.ts";

type Operation = protos.google.cloud.compute.v1.IOperation;

/** Between two reads of a zonal Operation that is not DONE yet. */
const POLL_INTERVAL_MS = 1_000;

const ZONAL =
  /^\/\/compute\.googleapis\.com\/projects\/([^/]+)\/zones\/([^/]+)\/(instances|disks)\/([^/]+)$/;
const REGIONAL_DISK = /^\/\/compute\.googleapis\.com\/projects\/[^/]+\/regions\//;

interface Where {
  project: string;
  zone: string;
  name: string;
}

interface VmAction {
  from: string[];
  pending: string;
  done: string;
  verb: string;
  note: string;
  send(clients: GcpClients, where: Where, requestId: string, options: object): Promise<unknown>;
}

const request = (where: Where, requestId: string) => ({
  project: where.project,
  zone: where.zone,
  instance: where.name,
  requestId,
});

const VM_ACTIONS: Partial<Record<ResourceAction, VmAction>> = {
  stop: {
    from: ["running"],
    pending: "stopping",
    done: "stopped",
    verb: "stop",
    note: " (its vCPUs and memory are no longer billed; its disks and static IPs still are)",
    send: (c, where, id, options) => c.instances.stop(request(where, id), options),
  },
  start: {
    from: ["stopped"],
    pending: "staging",
    done: "running",
    verb: "start",
    note: "",
    send: (c, where, id, options) => c.instances.start(request(where, id), options),
  },
  restart: {
    from: ["running"],
    pending: "running",
    done: "running",
    verb: "reset",
    // instances.reset is a hard reset; Compute Engine has no graceful reboot call.
    note: " (a hard reset: the guest OS is not shut down first)",
    send: (c, where, id, options) => c.instances.reset(request(where, id), options),
  },
};

/**
 * Compute Engine names a snapshot like any resource (RFC 1035): up to 63 lowercase letters,
 * digits and -, starting with a letter and not ending with -; the name asked for is fitted to it.
 */
export function gcpSnapshotName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return cleaned || "glasspane-snapshot";
}

/** What a DONE Operation reports as its error, in one line, or null when it succeeded. */
function operationError(op: Operation): string | null {
  const errors = op.error?.errors ?? [];
  if (errors.length === 0) return null;
  const status = op.httpErrorStatusCode ? ` (${op.httpErrorStatusCode})` : "";
  return `${errors.map((e) => [e.code, e.message].filter(Boolean).join(": ")).join("; ")}${status}`;
}

/**
 * Compute Engine instances stop, start and reset; zonal persistent disks are snapshotted and,
 * when no instance uses them, deleted. Each call answers with a zonal Operation, read again
 * (zoneOperations.get) until DONE, within the wait budget; a DONE operation with an `error`
 * fails the action with Google's words. Every call carries a requestId, so the shared retry may
 * resend it (a lost answer included): Compute ignores a request it has already seen, and a
 * snapshot is never made twice.
 */
export function gcpResourceActions(
  clientsOf: (ctx: ConnectorContext) => GcpClients,
  projects: readonly string[],
): ResourceActions {
  function refusal(action: ResourceAction, target: ActionTarget): string | null {
    const kind = ZONAL.exec(target.nativeId)?.[3];
    if (target.type === "compute.vm" && kind === "instances") {
      if (action === "deallocate")
        return "Compute Engine has no deallocate: stopping an instance already ends its vCPU and memory billing";
      const vm = VM_ACTIONS[action];
      if (!vm)
        return "Compute Engine instances can be stopped, started and reset here; snapshot or delete their disks instead";
      return stateRefusal("instance", target, vm.from);
    }
    if (target.type === "storage.volume") {
      if (REGIONAL_DISK.test(target.nativeId))
        return "Glass Pane acts on zonal persistent disks; this one is regional";
      if (kind !== "disks") return `Glass Pane cannot act on ${target.nativeId}`;
      if (action !== "snapshot" && action !== "delete")
        return "A disk can be snapshotted or deleted, not stopped, started or restarted";
      if (target.state && target.state !== "ready") return stateRefusal("disk", target, ["ready"]);
      return action === "delete" ? attachedRefusal(target) : null;
    }
    return `Glass Pane has no ${action} action for Google Cloud ${target.type}`;
  }

  function whereOf(target: ActionTarget): Where {
    const [, project, zone, , name] = ZONAL.exec(target.nativeId) as unknown as string[];
    if (!project || !zone || !name || !projects.includes(project))
      throw new Error(`Project ${project} is not one of this connector's`);
    return { project, zone, name };
  }

  /** Sends the call, then reads its zonal Operation until DONE (or the wait budget ends). */
  async function run(
    what: string,
    where: Where,
    ctx: ConnectorContext,
    send: (clients: GcpClients, requestId: string, options: object) => Promise<unknown>,
  ) {
    const clients = clientsOf(ctx);
    const options = { ...NO_GAX_RETRY, signal: ctx.signal } as object;
    let started: Operation;
    try {
      // gax answers [LROperation]; its latestResponse is the Operation Compute returned.
      const [lro] = (await send(clients, randomUUID(), options)) as [{ latestResponse: Operation }];
      started = lro.latestResponse;
    } catch (error) {
      throw withGoogleMessage(error, WRITE_HINTS);
    }
    const waited = await waitForOperation(ctx, async (signal) => {
      let op = started;
      while (op.status !== "DONE") {
        await sleep(POLL_INTERVAL_MS, signal);
        try {
          [op] = await clients.zoneOperations.get(
            { project: where.project, zone: where.zone, operation: op.name ?? "" },
            { ...NO_GAX_RETRY, signal } as object,
          );
        } catch (error) {
          throw withGoogleMessage(error);
        }
      }
      return op;
    });
    const failed = waited.done ? operationError(waited.value) : null;
    if (failed) throw new Error(`Google Cloud could not ${what}: ${failed}`);
    return { done: waited.done, operation: waited.done ? waited.value : started };
  }

  async function vmAction(action: VmAction, target: ActionTarget, ctx: ConnectorContext) {
    const where = whereOf(target);
    const { done, operation } = await run(`${action.verb} ${target.name}`, where, ctx, (c, id, o) =>
      action.send(c, where, id, o),
    );
    return done
      ? {
          state: action.done,
          detail: `${target.name}: ${action.verb} done (${operation.name})${action.note}`,
        }
      : {
          state: action.pending,
          detail: `${target.name}: ${action.verb} accepted, operation ${operation.name} still running${action.note}`,
        };
  }

  async function snapshot(
    target: ActionTarget,
    ctx: ConnectorContext,
    snapshotName: string,
  ): Promise<ActionOutcome> {
    const where = whereOf(target);
    const name = gcpSnapshotName(snapshotName);
    const { done, operation } = await run(`snapshot ${target.name}`, where, ctx, (c, id, o) =>
      c.disks.createSnapshot(
        {
          project: where.project,
          zone: where.zone,
          disk: where.name,
          requestId: id,
          snapshotResource: { name, labels: { "created-by": "glasspane" } },
        },
        o,
      ),
    );
    return {
      state: target.state,
      createdNativeId: `//compute.googleapis.com/projects/${where.project}/global/snapshots/${name}`,
      detail: done
        ? `Snapshot ${name} of ${target.name} created (${operation.name})`
        : `Snapshot ${name} of ${target.name} accepted, operation ${operation.name} still running`,
    };
  }

  async function deleteDisk(target: ActionTarget, ctx: ConnectorContext): Promise<ActionOutcome> {
    const where = whereOf(target);
    const { done } = await run(`delete ${target.name}`, where, ctx, (c, id, o) =>
      c.disks.delete(
        { project: where.project, zone: where.zone, disk: where.name, requestId: id },
        o,
      ),
    );
    return deletionOutcome(target, done);
  }

  return {
    refusal,
    perform: vmAndDiskPerform({
      refusal,
      vmActions: VM_ACTIONS,
      vm: vmAction,
      snapshot,
      deleteDisk,
    }),
  };
}

const WRITE_HINTS: Record<number, string> = {
  403: " Acting on resources needs compute.instances.start/stop/reset, compute.disks.createSnapshot, compute.snapshots.create and compute.disks.delete (roles/compute.instanceAdmin.v1 and roles/compute.storageAdmin grant them).",
};
