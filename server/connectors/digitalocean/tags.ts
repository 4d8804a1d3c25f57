import type { ResourceTags, TagTarget } from "../types.ts";
import type { DigitalOceanClient } from "./client.ts";

/** Our resource types → the `resource_type` DigitalOcean's tags API takes. */
const TAGGABLE: Record<string, string> = {
  "compute.vm": "droplet",
  "storage.volume": "volume",
  "db.instance": "database",
};
const KEY = /^[a-zA-Z0-9_-]+$/;
const VALUE = /^[a-zA-Z0-9_:-]*$/;
const MAX_NAME = 255;

/**
 * DigitalOcean tags are plain names; the inventory reads `key:value` as a key and a value (and a
 * plain `key` as an empty value, several values comma-joined: see tagsOf). Writing goes the other
 * way: `key=value` becomes the tag `key:value`, the key's other values are untagged first, and a
 * tag is created before it is assigned (creating an existing one is harmless).
 */
export const tagNamesOf = (key: string, value: string): string[] =>
  value === "" ? [key] : value.split(",").map((v) => `${key}:${v}`);

export function digitalOceanResourceTags(client: DigitalOceanClient): ResourceTags {
  const resourceOf = (target: TagTarget) => {
    const id = target.nativeId.split(":").pop() ?? "";
    return [{ resource_id: id, resource_type: TAGGABLE[target.type] }];
  };
  const path = (name: string) => `/v2/tags/${encodeURIComponent(name)}/resources`;
  return {
    maxTags: 100,
    refusal(target) {
      return TAGGABLE[target.type]
        ? null
        : `DigitalOcean's tags API tags droplets, volumes and databases, not ${target.type}`;
    },
    invalidTag(key, value) {
      if (!KEY.test(key)) return "a DigitalOcean tag key has letters, digits, - and _ only";
      if (!VALUE.test(value))
        return "a DigitalOcean tag value has letters, digits, -, _ and : only";
      if (key.length + 1 + value.length > MAX_NAME)
        return `key:value is at most ${MAX_NAME} characters at DigitalOcean`;
      return null;
    },
    async write(target, change, ctx) {
      const resources = resourceOf(target);
      const untag = new Set<string>();
      const tag = new Set<string>();
      for (const key of change.remove) {
        const old = target.tags[key];
        if (old !== undefined) for (const name of tagNamesOf(key, old)) untag.add(name);
      }
      for (const [key, value] of Object.entries(change.set)) {
        const wanted = tagNamesOf(key, value);
        const old = target.tags[key];
        for (const name of old === undefined ? [] : tagNamesOf(key, old))
          if (!wanted.includes(name)) untag.add(name);
        for (const name of wanted) tag.add(name);
      }
      for (const name of untag) await client.send("DELETE", path(name), { resources }, ctx, true);
      for (const name of tag) {
        await client.send("POST", "/v2/tags", { name }, ctx, true);
        await client.send("POST", path(name), { resources }, ctx, true);
      }
      return {
        detail: `${target.name}: tagged ${[...tag].join(", ") || "nothing"}; untagged ${[...untag].join(", ") || "nothing"}`,
      };
    },
  };
}
