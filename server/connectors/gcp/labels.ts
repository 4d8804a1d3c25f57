import type { ConnectorContext, ResourceTags, TagChange } from "../types.ts";
import { type GcpClients, NO_GAX_RETRY } from "./clients.ts";
import { withGoogleMessage, withStorageStatus } from "./errors.ts";

/** Google's label rules: lowercase letters, digits, _ and -, at most 63; a key starts with a letter. */
const KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const VALUE = /^[a-z0-9_-]{0,63}$/;
const COMPUTE =
  /^\/\/compute\.googleapis\.com\/projects\/([^/]+)\/zones\/([^/]+)\/(instances|disks)\/([^/]+)$/;
const BUCKET = /^\/\/storage\.googleapis\.com\/projects\/_\/buckets\/([^/]+)$/;

interface Labelled {
  labels?: Record<string, string> | null;
  labelFingerprint?: string | null;
}

const withChange = (labels: Record<string, string>, change: TagChange) => {
  const next = { ...labels, ...change.set };
  for (const key of change.remove) delete next[key];
  return next;
};

/** Compute answers a stale labelFingerprint with 412 conditionNotMet (gax: FAILED_PRECONDITION). */
function isStaleFingerprint(error: unknown) {
  const e = error as { code?: unknown; message?: unknown } | null;
  return (e?.code === 9 || e?.code === 412) && /fingerprint/i.test(String(e?.message ?? ""));
}

/**
 * Compute's setLabels replaces the whole set and needs the labelFingerprint of the set it
 * replaces, so the current labels are read first and the change applied to them (labels set
 * elsewhere meanwhile are kept). Someone else's write in between makes the fingerprint stale
 * (412): read again and retry once; a second 412 is reported.
 */
async function setComputeLabels(
  clients: GcpClients,
  match: RegExpExecArray,
  change: TagChange,
  ctx: ConnectorContext,
) {
  const [, project, zone, kind, name] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  const options = { ...NO_GAX_RETRY, signal: ctx.signal } as object;
  const read = async (): Promise<Labelled> =>
    kind === "instances"
      ? (await clients.instances.get({ project, zone, instance: name }, options))[0]
      : (await clients.disks.get({ project, zone, disk: name }, options))[0];
  const write = (request: { labels: Record<string, string>; labelFingerprint: string }) =>
    kind === "instances"
      ? clients.instances.setLabels(
          { project, zone, instance: name, instancesSetLabelsRequestResource: request },
          options,
        )
      : clients.disks.setLabels(
          { project, zone, resource: name, zoneSetLabelsRequestResource: request },
          options,
        );
  for (let attempt = 1; ; attempt++) {
    const current = await read();
    try {
      await write({
        labels: withChange(current.labels ?? {}, change),
        labelFingerprint: current.labelFingerprint ?? "",
      });
      return;
    } catch (error) {
      if (attempt >= 2 || !isStaleFingerprint(error)) throw error;
    }
  }
}

/**
 * Google Cloud labels (its word for tags) of Compute Engine instances and zonal disks (setLabels)
 * and Cloud Storage buckets (a buckets.patch where a null value removes a label). Keys and values
 * are checked against Google's rules before anything is sent; 64 labels a resource.
 */
export function gcpResourceLabels(
  clientsOf: (ctx: ConnectorContext) => GcpClients,
  project: string,
): ResourceTags {
  return {
    maxTags: 64,
    refusal(target) {
      if (COMPUTE.test(target.nativeId) || BUCKET.test(target.nativeId)) return null;
      return `Glass Pane writes Google Cloud labels of Compute Engine instances, zonal disks and Cloud Storage buckets, not ${target.type} (${target.nativeId})`;
    },
    invalidTag(key, value) {
      if (!KEY.test(key))
        return `label key "${key}" must start with a lowercase letter and have at most 63 lowercase letters, digits, _ or -`;
      if (!VALUE.test(value))
        return `the value of label "${key}" may have at most 63 lowercase letters, digits, _ or -`;
      return null;
    },
    async write(target, change, ctx) {
      const clients = clientsOf(ctx);
      const compute = COMPUTE.exec(target.nativeId);
      try {
        if (compute) await setComputeLabels(clients, compute, change, ctx);
        else {
          const bucket = BUCKET.exec(target.nativeId)![1]!;
          const labels: Record<string, string | null> = { ...change.set };
          for (const key of change.remove) labels[key] = null;
          // A storage client is made per project; a bucket's name is global, so any of ours does.
          const storage = clients.storage(project);
          await ctx.call(`PATCH /storage/v1/b/${bucket}`, () =>
            storage
              .bucket(bucket)
              .setMetadata({ labels })
              .catch((error: unknown) => {
                throw withStorageStatus(error);
              }),
          );
        }
      } catch (error) {
        throw withGoogleMessage(error, WRITE_HINTS);
      }
      const n = Object.keys(change.set).length;
      return { detail: `${target.name}: ${n} label(s) set, ${change.remove.length} removed` };
    },
  };
}

const WRITE_HINTS: Record<number, string> = {
  403: " Writing labels needs compute.instances.setLabels / compute.disks.setLabels or storage.buckets.update on the resource.",
};
