import type { ConnectorContext, ResourceTags } from "../types.ts";
import type { AzureClients } from "./clients.ts";
import { withArmMessage } from "./errors.ts";

/** Characters ARM refuses in a tag name. */
const FORBIDDEN = /[<>%&\\?/]/;
/** Prefixes Azure keeps for itself. */
const RESERVED = /^(microsoft|azure|windows)/i;

const WRITE_HINTS: Record<number, string> = {
  403: " Writing tags needs Microsoft.Resources/tags/write on the resource (the built-in Tag Contributor role grants it).",
};

type ClientsOf = (ctx: ConnectorContext) => Promise<{ of(subscription: string): AzureClients }>;

/**
 * Tags of any ARM resource (and resource group) through Tags "Update At Scope": one Merge for the
 * tags set, one Delete for the keys removed, so tags changed elsewhere meanwhile are kept (a
 * Replace would drop them). Both are idempotent. Delete is sent with empty values: by name, so the
 * tag goes whatever its value is now. Limits are ARM's: name up to 512 characters without
 * < > % & \ ? /, value up to 256, 50 tags a resource.
 */
export function azureResourceTags(clientsOf: ClientsOf): ResourceTags {
  return {
    maxTags: 50,
    refusal(target) {
      return /^\/subscriptions\/[^/]+\//.test(target.nativeId)
        ? null
        : `Glass Pane writes Azure tags of resources and resource groups, not ${target.nativeId}`;
    },
    invalidTag(key, value) {
      if (key.length < 1 || key.length > 512) return "an Azure tag name has 1 to 512 characters";
      if (FORBIDDEN.test(key)) return "an Azure tag name cannot contain < > % & \\ ? or /";
      if (RESERVED.test(key))
        return "names starting with microsoft, azure or windows are Azure's own";
      if (value.length > 256) return "an Azure tag value has at most 256 characters";
      return null;
    },
    async write(target, change, ctx) {
      const subscription = target.nativeId.split("/")[2]!;
      const tags = (await clientsOf(ctx)).of(subscription).resources.tagsOperations;
      const options = { abortSignal: ctx.signal };
      // The SDK's path is "/{scope}/providers/…" with the scope unencoded: no leading slash.
      const scope = target.nativeId.replace(/^\/+/, "");
      try {
        if (Object.keys(change.set).length)
          await tags.beginUpdateAtScopeAndWait(
            scope,
            { operation: "Merge", properties: { tags: change.set } },
            options,
          );
        if (change.remove.length)
          await tags.beginUpdateAtScopeAndWait(
            scope,
            {
              operation: "Delete",
              properties: { tags: Object.fromEntries(change.remove.map((key) => [key, ""])) },
            },
            options,
          );
      } catch (error) {
        throw withArmMessage(error, WRITE_HINTS);
      }
      return {
        detail: `${target.name}: ${Object.keys(change.set).length} tag(s) merged, ${change.remove.length} removed`,
      };
    },
  };
}
