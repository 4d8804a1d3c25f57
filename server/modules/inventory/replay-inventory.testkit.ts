import {
  type AwsReplay,
  fullRegion,
  type RegionData,
  startAwsReplay,
} from "../../../test/support/aws-replay.ts";
import { discoverAndWait, searchInventory } from "../../../test/support/discovery.ts";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
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

/**
 * A test runtime with an owner and a member in one workspace, whose DigitalOcean and AWS
 * (us-west-2) connectors point at their replays and have been discovered once: what the tests
 * of operations on discovered resources (actions, tags) start from.
 */
export interface ReplayInventory {
  rt: TestRuntime;
  owner: Person & { workspaceId: string };
  member: Person;
  doReplay: DigitalOceanReplay;
  aws: AwsReplay;
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

export async function startReplayInventory(options: {
  ownerEmail: string;
  workspace: string;
  awsRegion?: RegionData;
}): Promise<ReplayInventory> {
  const doReplay = await startDigitalOceanReplay({ pageSize: 50 });
  const aws = await startAwsReplay({
    regions: { "us-west-2": options.awsRegion ?? fullRegion() },
    pageSize: 50,
  });
  const rt = await createTestRuntime();
  const owner = await createOwner(rt, options.ownerEmail, options.workspace);
  const member = await addMember(rt, owner.workspaceId, "member@example.com", "member");
  rt.services.jobs.start();
  const connectors: Record<string, string> = {};
  const connect: ReplayInventory["connect"] = async (provider, { credentials, endpoint }) => {
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
  await connect("digitalocean", {
    credentials: { method: "api-token", token: doReplay.token },
    endpoint: doReplay.url,
  });
  await connect("aws", { credentials: AWS_REPLAY_KEYS, endpoint: aws.endpoint });
  return {
    rt,
    owner,
    member,
    doReplay,
    aws,
    connectors,
    connect,
    async rediscover(provider) {
      await discoverAndWait(rt, owner.caller, connectors[provider]!);
    },
    find: async (provider, type, q) =>
      (await searchInventory(rt, owner.caller, provider, { type, limit: 100, ...(q ? { q } : {}) }))
        .items,
    async close() {
      await rt.close();
      await doReplay.close();
      await aws.close();
    },
  };
}
