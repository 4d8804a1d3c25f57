import type { AzureClients } from "./clients.ts";
import {
  type ArmResource,
  armId,
  base,
  type Mapped,
  powerStateOf,
  resourceGroupNameOf,
  siteTypeOf,
} from "./normalise.ts";

type Scan = (clients: AzureClients, signal: AbortSignal) => AsyncGenerator<Mapped>;
const withId = <T extends ArmResource>(r: T): r is T & { id: string } => typeof r.id === "string";

/**
 * Virtual machines with their power state. The list does not carry it; each VM's instance view
 * does (GET …/instanceView). `listAll({ statusOnly: "true" })` would bring every state in one
 * listing; one call per VM is what the published examples replay, and stays under the limiter.
 */
async function* virtualMachines(
  clients: AzureClients,
  signal: AbortSignal,
): AsyncGenerator<Mapped> {
  for await (const vm of clients.compute.virtualMachines.listAll({ abortSignal: signal })) {
    if (!withId(vm)) continue;
    const group = resourceGroupNameOf(vm.id);
    const view =
      group && vm.name
        ? await clients.compute.virtualMachines.instanceView(group, vm.name, {
            abortSignal: signal,
          })
        : undefined;
    const storage = vm.storageProfile;
    const disks = [
      storage?.osDisk?.managedDisk?.id,
      ...(storage?.dataDisks ?? []).map((d) => d.managedDisk?.id),
    ]
      .filter((id): id is string => !!id)
      .map(armId);
    yield {
      ...base(vm, "compute.vm", powerStateOf(view?.statuses), vm.timeCreated),
      attributes: {
        vmId: vm.vmId ?? null,
        vmSize: vm.hardwareProfile?.vmSize ?? null,
        osType: storage?.osDisk?.osType ?? null,
        osName: view?.osName ?? null,
        image: storage?.imageReference
          ? [
              storage.imageReference.publisher,
              storage.imageReference.offer,
              storage.imageReference.sku,
            ]
              .filter(Boolean)
              .join(":")
          : null,
        zones: vm.zones ?? [],
        priority: vm.priority ?? null,
        provisioningState: vm.provisioningState ?? null,
        volumeIds: disks,
        networkInterfaceIds: (vm.networkProfile?.networkInterfaces ?? []).flatMap((n) =>
          n.id ? [armId(n.id)] : [],
        ),
      },
    };
  }
}

/** Managed disks; `managedBy` is the VM a disk is attached to. */
async function* disks(clients: AzureClients, signal: AbortSignal): AsyncGenerator<Mapped> {
  for await (const disk of clients.compute.disks.list({ abortSignal: signal })) {
    if (!withId(disk)) continue;
    const vm = disk.managedBy ? armId(disk.managedBy) : null;
    const mapped = base(
      disk,
      "storage.volume",
      disk.diskState ?? (vm ? "Attached" : null),
      disk.timeCreated,
    );
    yield {
      ...mapped,
      relations: [
        ...mapped.relations,
        ...(vm ? [{ type: "attached-to" as const, targetNativeId: vm }] : []),
      ],
      attributes: {
        sizeGiB: disk.diskSizeGB ?? null,
        sku: disk.sku?.name ?? null,
        osType: disk.osType ?? null,
        // Every managed disk is encrypted at rest (platform or customer key); ADE is on top.
        encrypted: !!disk.encryption?.type || !!disk.encryptionSettingsCollection?.enabled,
        encryptionType: disk.encryption?.type ?? null,
        attachedInstanceIds: vm ? [vm] : [],
        zones: disk.zones ?? [],
        provisioningState: disk.provisioningState ?? null,
      },
    };
  }
}

/** SQL logical servers and their databases (`master` included: Azure lists it, bills nothing). */
async function* sql(clients: AzureClients, signal: AbortSignal): AsyncGenerator<Mapped> {
  for await (const server of clients.sql.servers.list({ abortSignal: signal })) {
    if (!withId(server)) continue;
    const serverId = armId(server.id);
    yield {
      ...base(server, "db.server", server.state ?? null, null),
      attributes: {
        version: server.version ?? null,
        fqdn: server.fullyQualifiedDomainName ?? null,
        publicNetworkAccess: server.publicNetworkAccess ?? null,
        minimalTlsVersion: server.minimalTlsVersion ?? null,
      },
    };
    const group = resourceGroupNameOf(server.id);
    if (!group || !server.name) continue;
    for await (const db of clients.sql.databases.listByServer(group, server.name, {
      abortSignal: signal,
    })) {
      if (!withId(db)) continue;
      const mapped = base(db, "db.instance", db.status ?? null, db.creationDate);
      yield {
        ...mapped,
        relations: [...mapped.relations, { type: "member-of" as const, targetNativeId: serverId }],
        attributes: {
          engine: "sqlserver",
          sku: db.sku?.name ?? null,
          tier: db.sku?.tier ?? null,
          capacity: db.sku?.capacity ?? null,
          maxSizeBytes: db.maxSizeBytes ?? null,
          zoneRedundant: db.zoneRedundant ?? null,
          isSystem: (db.kind ?? "").split(",").includes("system"),
          // Transparent data encryption is on by default for every Azure SQL database.
          storageEncrypted: true,
        },
      };
    }
  }
}

/** App Service sites: web apps and (by kind) function apps. */
async function* sites(clients: AzureClients, signal: AbortSignal): AsyncGenerator<Mapped> {
  for await (const site of clients.web.webApps.list({ abortSignal: signal })) {
    if (!withId(site)) continue;
    const mapped = base(site, siteTypeOf(site.kind), site.state ?? null, null);
    const plan = site.serverFarmId ? armId(site.serverFarmId) : null;
    yield {
      ...mapped,
      relations: [
        ...mapped.relations,
        ...(plan ? [{ type: "depends-on" as const, targetNativeId: plan }] : []),
      ],
      attributes: {
        kind: site.kind ?? null,
        defaultHostName: site.defaultHostName ?? null,
        httpsOnly: site.httpsOnly ?? false,
        enabled: site.enabled ?? null,
        appServicePlanId: plan,
        lastModified: site.lastModifiedTimeUtc?.toISOString() ?? null,
      },
    };
  }
}

/** Storage accounts (the bucket-like unit Azure bills; containers are data-plane). */
async function* storageAccounts(
  clients: AzureClients,
  signal: AbortSignal,
): AsyncGenerator<Mapped> {
  for await (const account of clients.storage.storageAccounts.list({ abortSignal: signal })) {
    if (!withId(account)) continue;
    yield {
      ...base(account, "storage.bucket", account.statusOfPrimary ?? null, account.creationTime),
      attributes: {
        kind: account.kind ?? null,
        sku: account.sku?.name ?? null,
        // Anonymous blob access is allowed only when the account says so (off by default since 2023).
        isPublic: account.allowBlobPublicAccess === true,
        encryption: account.encryption?.keySource ?? null,
        httpsOnly: account.enableHttpsTrafficOnly ?? null,
        hierarchicalNamespace: account.isHnsEnabled ?? false,
        provisioningState: account.provisioningState ?? null,
      },
    };
  }
}

/** Resource groups: what `member-of` relations of every other resource point at. */
async function* resourceGroups(clients: AzureClients, signal: AbortSignal): AsyncGenerator<Mapped> {
  for await (const group of clients.resources.resourceGroups.list({ abortSignal: signal })) {
    if (!withId(group)) continue;
    const mapped = base(group, "resource-group", group.properties?.provisioningState ?? null, null);
    yield {
      ...mapped,
      // Resource groups cost nothing themselves; costs roll up to them via x_ResourceGroup.
      costResourceId: null,
      relations: [],
      attributes: { managedBy: group.managedBy ? armId(group.managedBy) : null },
    };
  }
}

export const AZURE_SERVICES: Record<string, Scan> = {
  "resource-groups": resourceGroups,
  "virtual-machines": virtualMachines,
  disks,
  sql,
  "app-service": sites,
  storage: storageAccounts,
};
