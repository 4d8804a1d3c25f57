import { CreateTagsCommand, DeleteTagsCommand, EC2Client } from "@aws-sdk/client-ec2";
import type { ResourceTags, TagTarget } from "../types.ts";
import { type AwsSettings, clientConfig, guardClient } from "./clients.ts";

/** The EC2 resources discovery lists whose tags CreateTags/DeleteTags write. */
const EC2_TAGGABLE = new Set([
  "compute.vm",
  "storage.volume",
  "network.security-group",
  "network.vpc",
]);

/**
 * EC2 tags through CreateTags and DeleteTags (both idempotent, so retried on throttling). The
 * limits are EC2's: key 1–128 characters, value up to 256, the `aws:` prefix is AWS's own, 50
 * tags a resource.
 */
export function awsResourceTags(settings: AwsSettings): ResourceTags {
  return {
    maxTags: 50,
    refusal(target: TagTarget) {
      return EC2_TAGGABLE.has(target.type)
        ? null
        : `Glass Pane writes AWS tags of EC2 instances, volumes, security groups and VPCs, not ${target.type}`;
    },
    invalidTag(key, value) {
      if (key.length < 1 || key.length > 128) return "an AWS tag key has 1 to 128 characters";
      if (key.toLowerCase().startsWith("aws:"))
        return "keys starting with aws: are reserved by AWS";
      if (value.length > 256) return "an AWS tag value has at most 256 characters";
      return null;
    },
    async write(target, change, ctx) {
      const client = guardClient(
        new EC2Client(clientConfig(settings, target.region)),
        ctx,
        `ec2 ${target.region}`,
      );
      try {
        const sets = Object.entries(change.set);
        if (sets.length)
          await client.send(
            new CreateTagsCommand({
              Resources: [target.nativeId],
              Tags: sets.map(([Key, Value]) => ({ Key, Value })),
            }),
          );
        if (change.remove.length)
          await client.send(
            new DeleteTagsCommand({
              Resources: [target.nativeId],
              // No value: the tag goes whatever its value is.
              Tags: change.remove.map((Key) => ({ Key })),
            }),
          );
        return {
          detail: `${target.nativeId}: ${sets.length} tag(s) set, ${change.remove.length} removed`,
        };
      } finally {
        client.destroy();
      }
    },
  };
}
