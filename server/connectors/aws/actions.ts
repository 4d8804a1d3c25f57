import {
  CreateSnapshotCommand,
  DeleteVolumeCommand,
  EC2Client,
  StartInstancesCommand,
  StopInstancesCommand,
} from "@aws-sdk/client-ec2";
import { attachedInstancesOf } from "../action-rules.ts";
import type { ActionTarget, ConnectorContext, ResourceAction, ResourceActions } from "../types.ts";
import { type AwsSettings, clientConfig, guardClient } from "./clients.ts";

/** A context that sends exactly once: for calls that create something (no client token). */
function once(ctx: ConnectorContext): ConnectorContext {
  return { signal: ctx.signal, call: (_label, fn) => fn(ctx.signal) };
}

/** EC2 instances stop and start; EBS volumes are snapshotted and, when unattached, deleted. */
export function awsResourceActions(settings: AwsSettings): ResourceActions {
  const ec2 = (region: string, ctx: ConnectorContext) =>
    guardClient(new EC2Client(clientConfig(settings, region)), ctx, `ec2 ${region}`);

  function refusal(action: ResourceAction, target: ActionTarget): string | null {
    if (target.type === "compute.vm") {
      if (action === "stop")
        return target.state === "running"
          ? null
          : `The instance is ${target.state ?? "in an unknown state"}, not running`;
      if (action === "start")
        return target.state === "stopped"
          ? null
          : `The instance is ${target.state ?? "in an unknown state"}, not stopped`;
      return "EC2 instances can be stopped and started here; snapshot or delete their volumes instead";
    }
    if (target.type === "storage.volume") {
      if (action === "snapshot") return null;
      if (action === "delete") {
        const attached = attachedInstancesOf(target);
        return attached.length > 0
          ? `The volume is attached to ${attached.join(", ")}; detach it first`
          : null;
      }
      return "A volume can be snapshotted or deleted, not stopped or started";
    }
    return `Glass Pane has no ${action} action for AWS ${target.type}`;
  }

  return {
    refusal,
    async perform(action, target, ctx, { snapshotName }) {
      const why = refusal(action, target);
      if (why) throw new Error(why);
      const client = ec2(target.region, action === "snapshot" ? once(ctx) : ctx);
      try {
        if (action === "stop" || action === "start") {
          const out =
            action === "stop"
              ? (await client.send(new StopInstancesCommand({ InstanceIds: [target.nativeId] })))
                  .StoppingInstances
              : (await client.send(new StartInstancesCommand({ InstanceIds: [target.nativeId] })))
                  .StartingInstances;
          const change = out?.find((c) => c.InstanceId === target.nativeId) ?? out?.[0];
          const state = change?.CurrentState?.Name ?? null;
          return {
            state,
            detail: `${target.nativeId}: ${change?.PreviousState?.Name ?? target.state} → ${state ?? "unknown"}`,
          };
        }
        if (action === "snapshot") {
          const out = await client.send(
            new CreateSnapshotCommand({
              VolumeId: target.nativeId,
              Description: snapshotName,
              TagSpecifications: [
                { ResourceType: "snapshot", Tags: [{ Key: "Name", Value: snapshotName }] },
              ],
            }),
          );
          return {
            state: target.state,
            createdNativeId: out.SnapshotId,
            detail: `Snapshot ${out.SnapshotId ?? "(no id)"} of ${out.VolumeId ?? target.nativeId} is ${out.State ?? "pending"}`,
          };
        }
        await client.send(new DeleteVolumeCommand({ VolumeId: target.nativeId }));
        return { state: "deleting", detail: `Volume ${target.nativeId} is being deleted` };
      } finally {
        client.destroy();
      }
    },
  };
}
