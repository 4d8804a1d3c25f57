import type Cloudflare from "cloudflare";
import { APIError } from "cloudflare";
import type { CachePurgeParams } from "cloudflare/resources/cache/cache";
import { stateRefusal } from "../action-rules.ts";
import type {
  ActionOutcome,
  ActionTarget,
  CachePurge,
  ConnectorContext,
  ResourceAction,
  ResourceActions,
} from "../types.ts";
import { mapZone } from "./normalise.ts";
import type { Call } from "./tags.ts";

/**
 * Zone states a zone can be paused from, of the SDK's `Zone.status` (initializing, pending,
 * active, moved): a moved zone's name servers point elsewhere, so it is left alone.
 */
const PAUSABLE = ["active", "pending", "initializing"] as const;

/** What a token without the edit permissions is missing, after Cloudflare's own words. */
const FORBIDDEN_HINT: Partial<Record<ResourceAction, string>> = {
  pause: "the API token needs Zone | Zone | Edit",
  unpause: "the API token needs Zone | Zone | Edit",
  purge: "the API token needs Zone | Cache Purge | Purge",
};

/**
 * Cloudflare's errors in a sentence ("Cloudflare answered 403: Authentication error (10000)")
 * instead of the SDK's message, which is the whole JSON envelope.
 */
function explained(error: unknown, action: ResourceAction): Error {
  if (!(error instanceof APIError))
    return error instanceof Error ? error : new Error(String(error));
  const said = (error.errors as { code?: number; message?: string }[])
    .map((e) => (e.code ? `${e.message} (${e.code})` : e.message))
    .filter(Boolean)
    .join("; ");
  const hint = error.status === 403 && FORBIDDEN_HINT[action] ? `; ${FORBIDDEN_HINT[action]}` : "";
  return new Error(`Cloudflare answered ${error.status}: ${said || error.message}${hint}`, {
    cause: error,
  });
}

/**
 * The body of Purge Cached Content: everything, the exact URLs (`files`), or URL prefixes, which
 * the API takes without their scheme (`www.example.com/assets`).
 */
export function purgeParams(zoneId: string, purge: CachePurge | undefined): CachePurgeParams {
  if (purge?.prefixes.length)
    return { zone_id: zoneId, prefixes: purge.prefixes.map((p) => p.replace(/^https?:\/\//, "")) };
  if (purge?.files.length) return { zone_id: zoneId, files: purge.files };
  return { zone_id: zoneId, purge_everything: true };
}

const purgeDetail = (zone: string, purge: CachePurge | undefined, id: string | undefined) => {
  const what = purge?.prefixes.length
    ? `${purge.prefixes.length} URL prefix${purge.prefixes.length === 1 ? "" : "es"}`
    : purge?.files.length
      ? `${purge.files.length} URL${purge.files.length === 1 ? "" : "s"}`
      : "everything";
  return `Cache of ${zone} purged: ${what}${id ? ` (purge ${id})` : ""}`;
};

/**
 * Zones are paused (Cloudflare answers their DNS only: no proxy, cache or firewall) and unpaused
 * through Edit Zone (`PATCH /zones/{id}` with `paused`), and their cache purged through Purge
 * Cached Content. The resulting state is read from Cloudflare's answer. All three are idempotent
 * and go through `call`, so throttling is retried. Nothing else discovered here has an action.
 */
export function cloudflareResourceActions(client: Cloudflare, call: Call): ResourceActions {
  function refusal(action: ResourceAction, target: ActionTarget): string | null {
    if (target.type !== "dns.zone")
      return `Glass Pane has no ${action} action for Cloudflare ${target.type}`;
    if (action === "pause") return stateRefusal("zone", target, PAUSABLE);
    if (action === "unpause") return stateRefusal("zone", target, ["paused"]);
    if (action === "purge") return null;
    return "A zone can be paused, unpaused or have its cache purged here";
  }

  async function setPaused(target: ActionTarget, paused: boolean, ctx: ConnectorContext) {
    const label = `zones.edit ${target.name}`;
    const zone = await call(ctx, label, (signal) =>
      client.zones.edit({ zone_id: target.nativeId, paused }, { signal }),
    );
    const state = mapZone(zone).state;
    const what = paused
      ? "paused: Cloudflare answers its DNS only, without proxy, cache or firewall"
      : "unpaused: Cloudflare proxies it again";
    return { state, detail: `Zone ${zone.name ?? target.name} ${what}` };
  }

  return {
    refusal,
    async perform(action, target, ctx, { purge }): Promise<ActionOutcome> {
      const why = refusal(action, target);
      if (why) throw new Error(why);
      try {
        if (action === "pause" || action === "unpause")
          return await setPaused(target, action === "pause", ctx);
        const params = purgeParams(target.nativeId, purge);
        const out = await call(ctx, `cache.purge ${target.name}`, (signal) =>
          client.cache.purge(params, { signal }),
        );
        return { state: target.state, detail: purgeDetail(target.name, purge, out?.id) };
      } catch (error) {
        throw explained(error, action);
      }
    },
  };
}
