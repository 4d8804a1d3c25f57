import type { ActionTarget, ResourceAction, ResourceActions } from "../types.ts";
import type { DigitalOceanClient } from "./client.ts";

interface DoAction {
  action?: { id?: number; status?: string; type?: string };
}
interface DoSnapshot {
  snapshot?: { id?: string; name?: string };
}

/** The id DigitalOcean's API takes, from our URN (`do:droplet:3164444` → `3164444`). */
function apiId(target: ActionTarget): string {
  const id = target.nativeId.split(":").pop() ?? "";
  if (!id) throw new Error(`${target.nativeId} is not a DigitalOcean resource id`);
  return encodeURIComponent(id);
}

const dropletsOf = (target: ActionTarget) => {
  const ids = target.attributes.dropletIds;
  return Array.isArray(ids) ? ids : [];
};

/**
 * Droplets shut down (gracefully, like `shutdown -h`) and power on; volumes are snapshotted and,
 * when no droplet has them, deleted. A droplet that is off is still billed: stopping one saves
 * nothing on DigitalOcean, and the outcome says so.
 */
export function digitalOceanResourceActions(client: DigitalOceanClient): ResourceActions {
  function refusal(action: ResourceAction, target: ActionTarget): string | null {
    if (target.type === "compute.vm") {
      if (action === "stop")
        return target.state === "active"
          ? null
          : `The droplet is ${target.state ?? "in an unknown state"}, not active`;
      if (action === "start")
        return target.state === "off"
          ? null
          : `The droplet is ${target.state ?? "in an unknown state"}, not off`;
      return "Droplets can be shut down and powered on here; snapshot or delete volumes instead";
    }
    if (target.type === "storage.volume") {
      if (action === "snapshot") return null;
      if (action === "delete") {
        const attached = dropletsOf(target);
        return attached.length > 0
          ? `The volume is attached to droplet ${attached.join(", ")}; detach it first`
          : null;
      }
      return "A volume can be snapshotted or deleted, not stopped or started";
    }
    return `Glass Pane has no ${action} action for DigitalOcean ${target.type}`;
  }

  return {
    refusal,
    async perform(action, target, ctx, { snapshotName }) {
      const why = refusal(action, target);
      if (why) throw new Error(why);
      const id = apiId(target);
      if (action === "stop" || action === "start") {
        const out = await client.send<DoAction>(
          "POST",
          `/v2/droplets/${id}/actions`,
          { type: action === "stop" ? "shutdown" : "power_on" },
          ctx,
          true,
        );
        const status = out?.action?.status ?? "in-progress";
        const note = action === "stop" ? " (a droplet that is off is still billed)" : "";
        return {
          state: action === "stop" ? "off" : "active",
          detail: `Droplet ${target.name}: ${action === "stop" ? "shutdown" : "power on"} action ${out?.action?.id ?? ""} ${status}${note}`,
        };
      }
      if (action === "snapshot") {
        const out = await client.send<DoSnapshot>(
          "POST",
          `/v2/volumes/${id}/snapshots`,
          { name: snapshotName },
          ctx,
          false,
        );
        return {
          state: target.state,
          createdNativeId: out?.snapshot?.id,
          detail: `Snapshot ${out?.snapshot?.name ?? snapshotName} (${out?.snapshot?.id ?? "no id"}) of volume ${target.name} created`,
        };
      }
      await client.send("DELETE", `/v2/volumes/${id}`, undefined, ctx, true);
      return { state: "deleted", detail: `Volume ${target.name} deleted` };
    },
  };
}
