import type { ActionTarget } from "./types.ts";

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
