import type { OperationOutput } from "../../server/adapters/client.ts";
import type { Caller } from "../../server/platform/operations/execute.ts";
import type { TestRuntime } from "./runtime.ts";
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
