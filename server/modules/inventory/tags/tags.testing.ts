import type { Person } from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { type ReplayProvider, setupReplayInventory } from "../replay-inventory.testkit.ts";

export type SetTags = OperationOutput<"resources.setTags">;
export type Detail = OperationOutput<"inventory.get">;

/**
 * Hooks for a resources.setTags test file: the replay inventory of a "Tags" workspace with the
 * provider's connector discovered. Read it inside tests.
 */
export function setupTagsTest(provider: ReplayProvider) {
  const kit = setupReplayInventory({
    ownerEmail: "tags@example.com",
    workspace: "Tags",
    providers: [provider],
  });
  const detail = (id: string) =>
    kit.rt.as(kit.owner.caller, "inventory.get", { id }) as Promise<Detail>;
  return Object.assign(kit, {
    /** resources.setTags as `who` (the owner unless given). */
    setTags: (input: object, who: Person = kit.owner) =>
      kit.rt.as(who.caller, "resources.setTags", input) as Promise<SetTags>,
    /** The resource as the owner sees it in the inventory. */
    detail,
    /** The resource's tags and how many changes it has, as the inventory shows them. */
    async stored(id: string) {
      const shown = await detail(id);
      return { tags: shown.tags, changes: shown.changes.length };
    },
  });
}
