import { afterAll, beforeAll } from "vitest";
import {
  type AwsReplay,
  fullRegion,
  type RegionData,
  startAwsReplay,
} from "../../../test/support/aws-replay.ts";
import { type AzureReplay, startAzureReplay } from "../../../test/support/azure-replay.ts";
import { discoverAndWait, searchInventory } from "../../../test/support/discovery.ts";
import { type GcpReplay, startGcpReplay } from "../../../test/support/gcp-replay.ts";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import {
  type CloudflareReplay,
  dnsRecordsWithOwnIds,
  REPLAY_ACCOUNT_ID,
  startCloudflareReplay,
} from "../../connectors/cloudflare/replay.testing.ts";
import {
  type DigitalOceanReplay,
  startDigitalOceanReplay,
} from "../../connectors/digitalocean/replay.testing.ts";

/** Access keys the AWS replay accepts. */
export const AWS_REPLAY_KEYS = {
  method: "access-keys",
  accessKeyId: "AKIAREPLAYTEST000001",
  secretAccessKey: "replay-secret-access-key-0123456789",
};

/** Each provider's replay server. */
interface Replays {
  digitalocean: DigitalOceanReplay;
  aws: AwsReplay;
  azure: AzureReplay;
  gcp: GcpReplay;
  cloudflare: CloudflareReplay;
}
export type ReplayProvider = keyof Replays;

/**
 * A test runtime with an owner and a member in one workspace, whose connectors (DigitalOcean and
 * AWS us-west-2 unless other providers are named) point at their replays and have been
 * discovered once: what the tests of operations on discovered resources (actions, tags) start
 * from. Reading the replay of a provider that is not connected throws.
 */
export interface ReplayInventory {
  rt: TestRuntime;
  owner: Person & { workspaceId: string };
  member: Person;
  doReplay: DigitalOceanReplay;
  aws: AwsReplay;
  azure: AzureReplay;
  gcp: GcpReplay;
  cloudflare: CloudflareReplay;
  /** Connector id by provider. */
  connectors: Record<string, string>;
  /** Creates a connector (named after its provider) as the owner and discovers it once. */
  connect(provider: string, input: { credentials: object; endpoint: string }): Promise<string>;
  /** Discovers the provider's connector again. */
  rediscover(provider: string): Promise<void>;
  /** The discovered resources of one provider and type, optionally matching `q`. */
  find(
    provider: string,
    type: string,
    q?: string,
  ): Promise<Awaited<ReturnType<typeof searchInventory>>["items"]>;
  close(): Promise<void>;
}

type Connect = ReplayInventory["connect"];

/**
 * Starts each provider's replay (50 items a page) and connects it. The replay goes into
 * `started` before it is connected, so that it is closed even when connecting fails.
 */
const CONNECT: {
  [P in ReplayProvider]: (
    connect: Connect,
    started: Partial<Replays>,
    awsRegion?: RegionData,
  ) => Promise<void>;
} = {
  async digitalocean(connect, started) {
    const replay = await startDigitalOceanReplay({ pageSize: 50 });
    started.digitalocean = replay;
    await connect("digitalocean", {
      credentials: { method: "api-token", token: replay.token },
      endpoint: replay.url,
    });
  },
  async aws(connect, started, awsRegion) {
    const replay = await startAwsReplay({
      regions: { "us-west-2": awsRegion ?? fullRegion() },
      pageSize: 50,
    });
    started.aws = replay;
    await connect("aws", { credentials: AWS_REPLAY_KEYS, endpoint: replay.endpoint });
  },
  async azure(connect, started) {
    const replay = await startAzureReplay({ pageSize: 50 });
    started.azure = replay;
    await connect("azure", {
      credentials: {
        method: "service-principal",
        tenantId: replay.tenantId,
        clientId: replay.clientId,
        clientSecret: replay.clientSecret,
        subscriptionIds: replay.subscriptionId,
      },
      endpoint: replay.endpoint,
    });
  },
  async gcp(connect, started) {
    const replay = await startGcpReplay({ pageSize: 50 });
    started.gcp = replay;
    await connect("gcp", {
      credentials: { method: "service-account-key", serviceAccountKey: replay.keyText },
      endpoint: replay.endpoint,
    });
  },
  async cloudflare(connect, started) {
    const replay = await startCloudflareReplay({
      pageSize: 50,
      items: { dns_records: dnsRecordsWithOwnIds() },
    });
    started.cloudflare = replay;
    await connect("cloudflare", {
      credentials: { method: "api-token", accountId: REPLAY_ACCOUNT_ID, token: replay.token },
      endpoint: replay.url,
    });
  },
};

/** Starts the runtime and the providers' replays of a ReplayInventory, each connected and discovered. */
export async function startReplayInventory(options: {
  ownerEmail: string;
  workspace: string;
  awsRegion?: RegionData;
  /** The providers to connect, in order (DigitalOcean and AWS unless given). */
  providers?: ReplayProvider[];
}): Promise<ReplayInventory> {
  const rt = await createTestRuntime();
  const started: Partial<Replays> = {};
  const close = async () => {
    await rt.close();
    for (const replay of Object.values(started)) await replay.close();
  };
  const replay = <P extends ReplayProvider>(provider: P): Replays[P] => {
    const found = started[provider];
    if (!found) throw new Error(`${provider} is not connected: name it in providers`);
    return found as Replays[P];
  };
  try {
    const owner = await createOwner(rt, options.ownerEmail, options.workspace);
    const member = await addMember(rt, owner.workspaceId, "member@example.com", "member");
    rt.services.jobs.start();
    const connectors: Record<string, string> = {};
    const connect: Connect = async (provider, { credentials, endpoint }) => {
      const out = (await rt.as(owner.caller, "connectors.create", {
        provider,
        name: provider,
        credentials,
        endpoint,
        ...(provider === "aws" ? { regions: ["us-west-2"] } : {}),
      })) as { id: string };
      connectors[provider] = out.id;
      await discoverAndWait(rt, owner.caller, out.id);
      return out.id;
    };
    for (const provider of options.providers ?? ["digitalocean", "aws"])
      await CONNECT[provider](connect, started, options.awsRegion);
    return {
      rt,
      owner,
      member,
      get doReplay() {
        return replay("digitalocean");
      },
      get aws() {
        return replay("aws");
      },
      get azure() {
        return replay("azure");
      },
      get gcp() {
        return replay("gcp");
      },
      get cloudflare() {
        return replay("cloudflare");
      },
      connectors,
      connect,
      async rediscover(provider) {
        await discoverAndWait(rt, owner.caller, connectors[provider]!);
      },
      find: async (provider, type, q) =>
        (
          await searchInventory(rt, owner.caller, provider, {
            type,
            limit: 100,
            ...(q ? { q } : {}),
          })
        ).items,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Every field of a ReplayInventory, for the stand-in setupReplayInventory returns. */
const FIELDS = Object.keys({
  rt: true,
  owner: true,
  member: true,
  doReplay: true,
  aws: true,
  azure: true,
  gcp: true,
  cloudflare: true,
  connectors: true,
  connect: true,
  rediscover: true,
  find: true,
  close: true,
} satisfies Record<keyof ReplayInventory, true>) as (keyof ReplayInventory)[];

/**
 * Hooks for a test file of operations on discovered resources: a replay inventory started before
 * the file's tests and closed after them. The object is its stand-in: read it inside tests.
 */
export function setupReplayInventory(
  options: Parameters<typeof startReplayInventory>[0],
): ReplayInventory {
  let inventory: ReplayInventory | undefined;
  const kit = {} as ReplayInventory;
  for (const field of FIELDS) {
    Object.defineProperty(kit, field, {
      get() {
        if (!inventory) throw new Error("the replay inventory starts in beforeAll");
        return inventory[field];
      },
    });
  }
  beforeAll(async () => {
    inventory = await startReplayInventory(options);
  }, 120_000);
  afterAll(async () => {
    await inventory?.close();
  });
  return kit;
}
