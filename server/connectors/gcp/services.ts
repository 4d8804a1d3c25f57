import type { ConnectorContext } from "../types.ts";
import { type GcpClients, NO_GAX_RETRY } from "./clients.ts";
import { withStorageStatus } from "./errors.ts";
import {
  computeId,
  computePath,
  instanceStateOf,
  lastSegment,
  type Mapped,
  regionOfZone,
  tagsOf,
  timeOf,
} from "./normalise.ts";

type Scan = (clients: GcpClients, project: string, ctx: ConnectorContext) => AsyncGenerator<Mapped>;

/** Items per page asked of list calls (Compute allows up to 500). */
export const PAGE_SIZE = 500;

interface ScopedWarning {
  code?: string | null;
  message?: string | null;
}

/**
 * An aggregated list reports a zone it could not read as a warning on that zone's entry
 * (code UNREACHABLE) and still answers 200. Treating it as "no resources there" would let the
 * engine mark that zone's resources deleted, so the whole scope fails instead.
 */
function throwIfUnreachable(key: string, warning: ScopedWarning | null | undefined) {
  if (warning?.code === "UNREACHABLE")
    throw new Error(`Compute Engine could not list ${key}: ${warning.message ?? "unreachable"}`);
}

/** VM instances of every zone, through the aggregated list (the SDK follows nextPageToken). */
async function* instances(clients: GcpClients, project: string, ctx: ConnectorContext) {
  const listing = clients.instances.aggregatedListAsync({ project, maxResults: PAGE_SIZE }, {
    ...NO_GAX_RETRY,
    signal: ctx.signal,
  } as object);
  for await (const [key, scoped] of listing) {
    throwIfUnreachable(key, scoped.warning);
    for (const vm of scoped.instances ?? []) {
      if (!vm.selfLink || !vm.name) continue;
      const zone = lastSegment(vm.zone) ?? key.replace(/^zones\//, "");
      const disks = (vm.disks ?? []).flatMap((d) => (d.source ? [computeId(d.source)] : []));
      yield {
        nativeId: computeId(vm.selfLink),
        region: regionOfZone(zone),
        type: "compute.vm",
        nativeType: "compute#instance",
        name: vm.name,
        state: instanceStateOf(vm.status),
        tags: tagsOf(vm.labels),
        createdAt: timeOf(vm.creationTimestamp),
        costResourceId: vm.id
          ? `//compute.googleapis.com/projects/${project}/zones/${zone}/instances/${vm.id}`
          : null,
        attributes: {
          id: vm.id ? String(vm.id) : null,
          zone,
          status: vm.status ?? null,
          machineType: lastSegment(vm.machineType),
          cpuPlatform: vm.cpuPlatform ?? null,
          preemptible: vm.scheduling?.preemptible ?? false,
          provisioningModel: vm.scheduling?.provisioningModel ?? null,
          internalIps: (vm.networkInterfaces ?? []).flatMap((n) =>
            n.networkIP ? [n.networkIP] : [],
          ),
          externalIps: (vm.networkInterfaces ?? []).flatMap((n) =>
            (n.accessConfigs ?? []).flatMap((a) => (a.natIP ? [a.natIP] : [])),
          ),
          volumeIds: disks,
          deletionProtection: vm.deletionProtection ?? false,
        },
        relations: [],
      };
    }
  }
}

/** Persistent disks of every zone and region; `users` are the instances a disk is attached to. */
async function* disks(clients: GcpClients, project: string, ctx: ConnectorContext) {
  const listing = clients.disks.aggregatedListAsync({ project, maxResults: PAGE_SIZE }, {
    ...NO_GAX_RETRY,
    signal: ctx.signal,
  } as object);
  for await (const [key, scoped] of listing) {
    throwIfUnreachable(key, scoped.warning);
    for (const disk of scoped.disks ?? []) {
      if (!disk.selfLink || !disk.name) continue;
      const users = (disk.users ?? []).map(computeId);
      const location = lastSegment(disk.zone ?? disk.region) ?? key.split("/").pop()!;
      const id = computeId(disk.selfLink);
      yield {
        nativeId: id,
        region: regionOfZone(location),
        type: "storage.volume",
        nativeType: "compute#disk",
        name: disk.name,
        state: disk.status ? disk.status.toLowerCase() : null,
        tags: tagsOf(disk.labels),
        createdAt: timeOf(disk.creationTimestamp),
        costResourceId: id,
        attributes: {
          id: disk.id ? String(disk.id) : null,
          location,
          // A regional disk is replicated across two zones of its region (none for a zonal one).
          replicaZones: (disk.replicaZones ?? []).map((z) => lastSegment(z) ?? z),
          diskType: lastSegment(disk.type),
          sizeGiB: disk.sizeGb === null || disk.sizeGb === undefined ? null : Number(disk.sizeGb),
          // Compute Engine encrypts every disk at rest; a customer-managed key shows as kmsKeyName.
          encrypted: true,
          kmsKeyName: disk.diskEncryptionKey?.kmsKeyName ?? null,
          sourceImage: disk.sourceImage ? computePath(disk.sourceImage) : null,
          attachedInstanceIds: users,
          lastAttachTimestamp: disk.lastAttachTimestamp ?? null,
        },
        relations: users.map((user) => ({ type: "attached-to" as const, targetNativeId: user })),
      };
    }
  }
}

/** Cloud SQL instances; the SQL Admin API pages by pageToken, which the SDK leaves to us. */
async function* sqlInstances(clients: GcpClients, project: string, ctx: ConnectorContext) {
  let pageToken: string | undefined;
  do {
    const [page] = await clients.sql.list({ project, maxResults: PAGE_SIZE, pageToken }, {
      ...NO_GAX_RETRY,
      signal: ctx.signal,
    } as object);
    // Like a Compute zone, a region the API could not read must fail the scope, not look empty.
    const unreachable = page.warnings?.find((w) => String(w.code) === "REGION_UNREACHABLE");
    if (unreachable)
      throw new Error(
        `Cloud SQL could not list every region of ${project}: ${unreachable.message}`,
      );
    for (const db of page.items ?? []) {
      if (!db.name) continue;
      const settings = db.settings;
      const id = `//cloudsql.googleapis.com/projects/${project}/instances/${db.name}`;
      yield {
        nativeId: id,
        region: db.region ?? "global",
        type: "db.instance",
        nativeType: "sql#instance",
        name: db.name,
        state: db.state ? String(db.state).toLowerCase() : null,
        tags: tagsOf(settings?.userLabels as Record<string, string> | undefined),
        createdAt: timeOf(db.createTime),
        costResourceId: id,
        attributes: {
          engine: db.databaseVersion ? String(db.databaseVersion) : null,
          tier: settings?.tier ?? null,
          edition: settings?.edition ? String(settings.edition) : null,
          availabilityType: settings?.availabilityType ? String(settings.availabilityType) : null,
          activationPolicy: settings?.activationPolicy ? String(settings.activationPolicy) : null,
          zone: db.gceZone ?? null,
          ipAddresses: (db.ipAddresses ?? []).flatMap((a) => (a.ipAddress ? [a.ipAddress] : [])),
          // Cloud SQL encrypts data at rest always; a customer-managed key shows as kmsKeyName.
          storageEncrypted: true,
          kmsKeyName: db.diskEncryptionConfiguration?.kmsKeyName ?? null,
          dataDiskSizeGb: settings?.dataDiskSizeGb?.value ?? null,
        },
        relations: [],
      };
    }
    pageToken = page.nextPageToken || undefined;
  } while (pageToken);
}

/** Cloud Run services of every location at once (`locations/-`). */
async function* runServices(clients: GcpClients, project: string, ctx: ConnectorContext) {
  const listing = clients.run.listServicesAsync(
    { parent: `projects/${project}/locations/-`, pageSize: PAGE_SIZE },
    { ...NO_GAX_RETRY, signal: ctx.signal } as object,
  );
  for await (const service of listing) {
    if (!service.name) continue;
    const region = /\/locations\/([^/]+)\//.exec(service.name)?.[1] ?? "global";
    const id = `//run.googleapis.com/${service.name}`;
    const condition = service.terminalCondition;
    yield {
      nativeId: id,
      region,
      type: "compute.function",
      nativeType: "run.googleapis.com/Service",
      name: lastSegment(service.name) ?? service.name,
      state: condition?.state
        ? String(condition.state)
            .replace(/^CONDITION_/, "")
            .toLowerCase()
        : null,
      tags: tagsOf(service.labels),
      createdAt: timeOf(service.createTime),
      costResourceId: id,
      attributes: {
        uri: service.uri ?? null,
        ingress: service.ingress ? String(service.ingress) : null,
        images: (service.template?.containers ?? []).flatMap((c) => (c.image ? [c.image] : [])),
        latestReadyRevision: lastSegment(service.latestReadyRevision),
        creator: service.creator ?? null,
      },
      relations: [],
    };
  }
}

/** Cloud Storage buckets, one page per call so each page is retried on its own. */
async function* buckets(clients: GcpClients, project: string, ctx: ConnectorContext) {
  const storage = clients.storage(project);
  let query: { pageToken?: string } | null = {};
  while (query) {
    const page: { pageToken?: string } = query;
    const [found, next] = await ctx.call(`GET /storage/v1/b (${project})`, () =>
      storage
        .getBuckets({ project, maxResults: PAGE_SIZE, autoPaginate: false, ...page })
        .catch((error: unknown) => {
          throw withStorageStatus(error);
        }),
    );
    for (const bucket of found) {
      const meta = bucket.metadata;
      const location = (meta.location ?? "global").toLowerCase();
      const prevention = meta.iamConfiguration?.publicAccessPrevention;
      yield {
        nativeId: `//storage.googleapis.com/projects/_/buckets/${bucket.name}`,
        region: location,
        type: "storage.bucket",
        nativeType: "storage#bucket",
        name: bucket.name,
        state: null,
        tags: tagsOf(meta.labels as Record<string, string> | undefined),
        createdAt: timeOf(meta.timeCreated),
        costResourceId: `//storage.googleapis.com/projects/_/buckets/${bucket.name}`,
        attributes: {
          locationType: meta.locationType ?? null,
          storageClass: meta.storageClass ?? null,
          versioning: meta.versioning?.enabled ?? false,
          uniformBucketLevelAccess:
            meta.iamConfiguration?.uniformBucketLevelAccess?.enabled ?? null,
          publicAccessPrevention: prevention ?? null,
          // Only "enforced" proves a bucket private; otherwise its IAM policy decides, which
          // listing does not show (and reading it needs storage.buckets.getIamPolicy).
          ...(prevention === "enforced" ? { isPublic: false } : {}),
          kmsKeyName: meta.encryption?.defaultKmsKeyName ?? null,
        },
        relations: [],
      };
    }
    query = (next as { pageToken?: string } | null | undefined)?.pageToken
      ? (next as { pageToken: string })
      : null;
  }
}

export const GCP_SERVICES: Record<string, Scan> = {
  "compute-instances": instances,
  "compute-disks": disks,
  "cloud-sql": sqlInstances,
  "cloud-run": runServices,
  storage: buckets,
};
