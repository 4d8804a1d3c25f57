import type { Person } from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { type ReplayProvider, setupReplayInventory } from "../replay-inventory.testkit.ts";

export type Results = OperationOutput<"resources.stop">;
export type Actions = OperationOutput<"resources.actions">;
type ActionOp =
  | "resources.stop"
  | "resources.stopBilling"
  | "resources.start"
  | "resources.restart"
  | "resources.deallocate"
  | "resources.snapshot"
  | "resources.deleteVolume";

/**
 * Hooks for a test file of actions on cloud resources: the replay inventory of a "Clouds"
 * workspace with the providers' connectors discovered. Read it inside tests.
 */
export function setupCloudActionsTest(providers: ReplayProvider[]) {
  const kit = setupReplayInventory({
    ownerEmail: "ops@example.com",
    workspace: "Clouds",
    providers,
  });
  return Object.assign(kit, {
    /** The first discovered resource of a provider and type matching `q`; throws when none. */
    async findOne(provider: string, type: string, q: string) {
      const [item] = await kit.find(provider, type, q);
      if (!item) throw new Error(`No ${provider} ${type} matching ${q}`);
      return item;
    },
    /** An action as `who` (the owner unless given). */
    act: (op: ActionOp, input: object, who: Person = kit.owner) =>
      kit.rt.as(who.caller, op, input) as Promise<Results>,
    /** resources.actions of a resource, as the owner: what it offers and what was done. */
    actions: (id: string) =>
      kit.rt.as(kit.owner.caller, "resources.actions", { id }) as Promise<Actions>,
    /** The ARM requests since `from` (each action signs in first: not these), in order. */
    armSince: (from: number) =>
      kit.azure.requests
        .slice(from)
        .filter((r) => r.path.startsWith("/subscriptions/"))
        .map((r) => ({
          method: r.method,
          path: r.path.toLowerCase(),
          monitor: r.query.get("monitor") === "true",
          body: r.body ? JSON.parse(r.body) : undefined,
        })),
  });
}
