import type {
  ActionOutcome,
  ActionTarget,
  ConnectorContext,
  ResourceAction,
  ResourceActions,
} from "./types.ts";

/** The ids of the instances a volume is attached to, as every connector records them. */
export function attachedInstancesOf(target: ActionTarget): string[] {
  const ids = target.attributes.attachedInstanceIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
}

/** Why `target` is not in one of the states an action needs ("The VM is stopped, not running"). */
export function stateRefusal(
  noun: string,
  target: ActionTarget,
  wanted: readonly string[],
): string | null {
  if (target.state && wanted.includes(target.state)) return null;
  return `The ${noun} is ${target.state ?? "in an unknown state"}, not ${wanted.join(" or ")}`;
}

/** Deleting an attached volume would pull it from under a running machine: never sent. */
export function attachedRefusal(target: ActionTarget): string | null {
  const attached = attachedInstancesOf(target);
  return attached.length > 0
    ? `The disk is attached to ${attached.join(", ")}; detach it first`
    : null;
}

/** A disk deletion's outcome: deleted when the provider finished within our wait, else deleting. */
export function deletionOutcome(target: ActionTarget, done: boolean): ActionOutcome {
  return done
    ? { state: "deleted", detail: `Disk ${target.name} deleted` }
    : { state: "deleting", detail: `Disk ${target.name} is being deleted` };
}

type Act = (target: ActionTarget, ctx: ConnectorContext) => Promise<ActionOutcome>;

/**
 * `perform` for a provider whose actions are VM power actions, disk snapshots and disk deletion:
 * refuses what `refusal` names before anything is sent, then routes to the matching call.
 */
export function vmAndDiskPerform<Vm>(handlers: {
  refusal: ResourceActions["refusal"];
  vmActions: Partial<Record<ResourceAction, Vm>>;
  vm: (vm: Vm, target: ActionTarget, ctx: ConnectorContext) => Promise<ActionOutcome>;
  snapshot: (target: ActionTarget, ctx: ConnectorContext, name: string) => Promise<ActionOutcome>;
  deleteDisk: Act;
}): ResourceActions["perform"] {
  return async (action, target, ctx, { snapshotName }) => {
    const why = handlers.refusal(action, target);
    if (why) throw new Error(why);
    const vm = handlers.vmActions[action];
    if (target.type === "compute.vm" && vm) return handlers.vm(vm, target, ctx);
    if (action === "snapshot") return handlers.snapshot(target, ctx, snapshotName);
    return handlers.deleteDisk(target, ctx);
  };
}
