import {
  attachedRefusal,
  deletionOutcome,
  stateRefusal,
  vmAndDiskPerform,
} from "../action-rules.ts";
import { waitForOperation } from "../long-running.ts";
import type {
  ActionOutcome,
  ActionTarget,
  ConnectorContext,
  ResourceAction,
  ResourceActions,
} from "../types.ts";
import type { AzureClients } from "./clients.ts";
import { withArmMessage } from "./errors.ts";
import { armId } from "./normalise.ts";

type ClientsOf = (ctx: ConnectorContext) => Promise<{ of(subscription: string): AzureClients }>;
type Vms = AzureClients["compute"]["virtualMachines"];
/** The SDK's poller, as far as it is used here: the initial request, then polling until done. */
interface Poller<T> {
  submitted(): Promise<void>;
  pollUntilDone(options: { abortSignal: AbortSignal }): Promise<T>;
}

/** `/subscriptions/<s>/resourcegroups/<g>/providers/microsoft.compute/<kind>/<name>` (lower case). */
const COMPUTE_ID =
  /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.compute\/(virtualmachines|disks)\/([^/]+)$/;

interface VmAction {
  /** Power states (from the instance view) the action starts from. */
  from: string[];
  /** The state while Azure is still at it, and once it is done. */
  pending: string;
  done: string;
  verb: string;
  note?: string;
  send(vms: Vms, group: string, name: string, signal: AbortSignal): Poller<void>;
}

const VM_ACTIONS: Partial<Record<ResourceAction, VmAction>> = {
  stop: {
    from: ["running"],
    pending: "stopping",
    done: "stopped",
    verb: "power off",
    // Azure bills a stopped VM's cores until it is deallocated.
    note: " (a VM that is stopped but not deallocated is still billed for its compute; deallocate it to stop that)",
    send: (vms, group, name, abortSignal) => vms.powerOff(group, name, { abortSignal }),
  },
  deallocate: {
    from: ["running", "stopped"],
    pending: "deallocating",
    done: "deallocated",
    verb: "deallocate",
    note: " (its compute is no longer billed; its disks still are)",
    send: (vms, group, name, abortSignal) => vms.deallocate(group, name, { abortSignal }),
  },
  start: {
    from: ["stopped", "deallocated"],
    pending: "starting",
    done: "running",
    verb: "start",
    send: (vms, group, name, abortSignal) => vms.start(group, name, { abortSignal }),
  },
  restart: {
    from: ["running"],
    pending: "starting",
    done: "running",
    verb: "restart",
    send: (vms, group, name, abortSignal) => vms.restart(group, name, { abortSignal }),
  },
};

/** Disk states in which Azure holds the disk for something else (an export, an upload). */
const BUSY_DISK = new Set(["activesas", "activesasfrozen", "activeupload", "readytoupload"]);

/**
 * Azure names a snapshot with 1–80 letters, digits, _ . and -, starting with a letter or digit and
 * ending with one or _; anything else in the name asked for becomes "-".
 */
export function azureSnapshotName(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9_.-]/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .slice(0, 80)
    .replace(/[.-]+$/, "");
  return cleaned || "glasspane-snapshot";
}

const isNotFound = (error: unknown) =>
  (error as { statusCode?: number } | null)?.statusCode === 404;

/** The operation's own error ("Conflict. The VM is being updated") without the SDK's preamble. */
function operationFailure(what: string, error: unknown): unknown {
  const message = error instanceof Error ? error.message : "";
  const failed = /^The long-running operation has failed\.?\s*(.*)$/s.exec(message);
  if (!failed) return withArmMessage(error, WRITE_HINTS);
  return new Error(`Azure could not ${what}: ${failed[1] || "the operation failed"}`, {
    cause: error,
  });
}

const WRITE_HINTS: Record<number, string> = {
  403: " Acting on resources needs Microsoft.Compute/virtualMachines/{start,powerOff,deallocate,restart}/action, Microsoft.Compute/disks/delete and Microsoft.Compute/snapshots/write (Virtual Machine Contributor and Disk Snapshot Contributor grant them).",
};

/**
 * Virtual machines power off, deallocate, start and restart; managed disks are snapshotted (an
 * incremental snapshot resource beside the disk) and, when no VM holds them, deleted. ARM answers
 * each with 202 and an Azure-AsyncOperation to poll: the SDK's poller follows it (every poll
 * through ctx.call, so throttling is retried) until Azure says Succeeded or Failed, or until the
 * wait budget runs out, when the outcome says the operation is still running.
 */
export function azureResourceActions(
  clientsOf: ClientsOf,
  subscriptions: readonly string[],
): ResourceActions {
  function refusal(action: ResourceAction, target: ActionTarget): string | null {
    const kind = COMPUTE_ID.exec(target.nativeId)?.[3];
    if (target.type === "compute.vm" && kind === "virtualmachines") {
      const vm = VM_ACTIONS[action];
      if (!vm)
        return "Azure VMs can be stopped, deallocated, started and restarted here; snapshot or delete their disks instead";
      return stateRefusal("VM", target, vm.from);
    }
    if (target.type === "storage.volume" && kind === "disks") {
      if (action === "snapshot") return null;
      if (action === "delete") {
        const state = (target.state ?? "").toLowerCase();
        if (state === "attached" || state === "reserved")
          return `The disk is ${target.state} to a VM; detach it first`;
        if (BUSY_DISK.has(state))
          return `The disk is ${target.state} (being exported or uploaded); wait until that ends`;
        return attachedRefusal(target);
      }
      return "A managed disk can be snapshotted or deleted, not stopped, started or restarted";
    }
    return `Glass Pane has no ${action} action for Azure ${target.type}`;
  }

  async function clientsFor(target: ActionTarget, ctx: ConnectorContext) {
    const [, subscription, group, , name] = COMPUTE_ID.exec(target.nativeId) as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    if (!subscriptions.includes(subscription))
      throw new Error(`Subscription ${subscription} is not one of this connector's`);
    return { compute: (await clientsOf(ctx)).of(subscription).compute, group, name };
  }

  /** Sends the request, then polls Azure's operation within the wait budget. */
  async function run<T>(what: string, poller: Poller<T>, ctx: ConnectorContext) {
    try {
      await poller.submitted();
    } catch (error) {
      throw withArmMessage(error, WRITE_HINTS);
    }
    try {
      return await waitForOperation(ctx, (abortSignal) => poller.pollUntilDone({ abortSignal }));
    } catch (error) {
      throw operationFailure(what, error);
    }
  }

  async function vmAction(
    action: VmAction,
    target: ActionTarget,
    ctx: ConnectorContext,
  ): Promise<ActionOutcome> {
    const { compute, group, name } = await clientsFor(target, ctx);
    const what = `${action.verb} ${target.name}`;
    const waited = await run(
      what,
      action.send(compute.virtualMachines, group, name, ctx.signal),
      ctx,
    );
    return waited.done
      ? {
          state: action.done,
          detail: `${target.name}: ${action.verb} succeeded${action.note ?? ""}`,
        }
      : {
          state: action.pending,
          detail: `${target.name}: Azure accepted the ${action.verb} and is still at it${action.note ?? ""}`,
        };
  }

  async function snapshot(
    target: ActionTarget,
    ctx: ConnectorContext,
    snapshotName: string,
  ): Promise<ActionOutcome> {
    const { compute, group } = await clientsFor(target, ctx);
    const name = azureSnapshotName(snapshotName);
    // A PUT on a name that exists would update that snapshot, not make a new one: refuse it.
    // The PUT itself may be retried (through ctx.call): on one name it cannot make two.
    const existing = await compute.snapshots
      .get(group, name, { abortSignal: ctx.signal })
      .catch((error: unknown) => {
        if (isNotFound(error)) return null;
        throw withArmMessage(error, WRITE_HINTS);
      });
    if (existing)
      throw new Error(
        `A snapshot named ${name} already exists in resource group ${group}; choose another name`,
      );
    const waited = await run(
      `snapshot ${target.name}`,
      compute.snapshots.createOrUpdate(
        group,
        name,
        {
          location: target.region,
          // Incremental: billed for the blocks that changed, not a full copy each time.
          creationData: { createOption: "Copy", sourceResourceId: target.nativeId },
          incremental: true,
          tags: { "created-by": "glasspane" },
        },
        { abortSignal: ctx.signal },
      ),
      ctx,
    );
    const made = waited.done ? waited.value : undefined;
    const id = made?.id
      ? armId(made.id)
      : `${target.nativeId.replace(/\/disks\/[^/]+$/, "")}/snapshots/${name.toLowerCase()}`;
    return {
      state: target.state,
      createdNativeId: id,
      detail: waited.done
        ? `Snapshot ${made?.name ?? name} of ${target.name} is ${made?.provisioningState ?? "Succeeded"}`
        : `Snapshot ${name} of ${target.name} accepted; Azure is still copying it`,
    };
  }

  async function deleteDisk(target: ActionTarget, ctx: ConnectorContext): Promise<ActionOutcome> {
    const { compute, group, name } = await clientsFor(target, ctx);
    const waited = await run(
      `delete ${target.name}`,
      compute.disks.delete(group, name, { abortSignal: ctx.signal }),
      ctx,
    );
    return deletionOutcome(target, waited.done);
  }

  return {
    // A powered-off VM keeps its cores reserved and billed; only deallocating releases them.
    billingStop: "deallocate",
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
