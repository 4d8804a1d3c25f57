import { afterAll, beforeAll } from "vitest";
import type { OperationOutput } from "../../server/adapters/client.ts";
import type { Caller } from "../../server/platform/operations/execute.ts";
import type { OperationName } from "../../server/registry.ts";
import { createOwner, createTestRuntime, type Person, type TestRuntime } from "./runtime.ts";
import { waitFor } from "./test-database.ts";

type Scan = OperationOutput<"connectors.scans">[number];
type Search = OperationOutput<"inventory.search">;

/** Starts connectors.discover on a connector and waits for that scan to end, whatever its status. */
export async function discoverAndWait(rt: TestRuntime, caller: Caller, id: string): Promise<Scan> {
  const { scanId } = (await rt.as(caller, "connectors.discover", { id })) as { scanId: string };
  return waitFor(
    async () => {
      const [scan] = (await rt.as(caller, "connectors.scans", { scanId })) as Scan[];
      return scan && !["queued", "running"].includes(scan.status) ? scan : undefined;
    },
    { timeoutMs: 60_000, what: "the scan to finish" },
  );
}

/** inventory.search of one provider's resources (500 a page unless asked otherwise). */
export function searchInventory(
  rt: TestRuntime,
  caller: Caller,
  provider: string,
  input: object = {},
): Promise<Search> {
  return rt.as(caller, "inventory.search", { provider, limit: 500, ...input }) as Promise<Search>;
}

/** What a connector's discovery test file works with; see setupDiscoveryTest. */
export interface DiscoveryTest<Replay> {
  rt: TestRuntime;
  owner: Person & { workspaceId: string };
  replay: Replay;
  /** The connector `connect` created. */
  connectorId: string;
  /** connectors.create of the file's provider as the owner; its id becomes `connectorId`. */
  connect(input: {
    name: string;
    credentials: object;
    endpoint?: string;
  }): Promise<OperationOutput<"connectors.create">>;
  /** An operation as the owner. */
  call(name: OperationName, input?: unknown): Promise<unknown>;
  /** Discovers the connector and waits for the scan to end. */
  discover(): Promise<Scan>;
  /** inventory.search of the provider's resources. */
  search(input?: object): Promise<Search>;
}

/**
 * Hooks for a connector's discovery test file: the provider's replay server and a runtime with
 * an owner and running jobs, started before the file's tests and closed after them. Read the
 * fields inside tests; the methods may be taken apart (`const { discover } = …`).
 */
export function setupDiscoveryTest<Replay extends { close(): Promise<void> }>(options: {
  provider: string;
  ownerEmail: string;
  workspace: string;
  startReplay: () => Promise<Replay>;
}): DiscoveryTest<Replay> {
  const kit = {
    connect: async (input) => {
      const created = (await kit.call("connectors.create", {
        provider: options.provider,
        ...input,
      })) as OperationOutput<"connectors.create">;
      kit.connectorId = created.id;
      return created;
    },
    call: (name, input = {}) => kit.rt.as(kit.owner.caller, name, input),
    discover: () => discoverAndWait(kit.rt, kit.owner.caller, kit.connectorId),
    search: (input = {}) => searchInventory(kit.rt, kit.owner.caller, options.provider, input),
  } as DiscoveryTest<Replay>;

  beforeAll(async () => {
    kit.replay = await options.startReplay();
    kit.rt = await createTestRuntime();
    kit.owner = await createOwner(kit.rt, options.ownerEmail, options.workspace);
    kit.rt.services.jobs.start();
  }, 60_000);

  afterAll(async () => {
    await kit.rt?.close();
    await kit.replay?.close();
  });
  return kit;
}
