import { describe, expect, it } from "vitest";
import {
  cloudflareError,
  REPLAY_ACCOUNT_ID,
} from "../../../connectors/cloudflare/replay.testing.ts";
import { setupTagsTest } from "./tags.testing.ts";

const kit = setupTagsTest("cloudflare");

describe("resources.setTags on Cloudflare DNS records", () => {
  const record = async (name: string) => {
    const all = await kit.find("cloudflare", "dns.record");
    const found = all.find((r) => r.name === name);
    if (!found) throw new Error(`No Cloudflare record ${name}`);
    return found;
  };
  const patches = (from: number) =>
    kit.cloudflare.requests
      .slice(from)
      .filter((r) => r.method === "PATCH")
      .map((r) => ({ path: r.path, body: JSON.parse(r.body) }));

  it("patches the record's whole name:value tag list, with its name, type and TTL unchanged", async () => {
    const txt = await record("example.com TXT");
    expect(txt.tags).toEqual({ owner: "dns-team" });
    const from = kit.cloudflare.requests.length;
    const out = await kit.setTags(
      {
        id: txt.id,
        set: { team: "edge", "cost-centre": "web:eu", pinned: "" },
        remove: ["owner"],
      },
      kit.member,
    );
    expect(out.tags).toEqual({ team: "edge", "cost-centre": "web:eu", pinned: "" });
    const detail = await kit.detail(txt.id);
    expect(detail.attributes.zoneId).toBe(REPLAY_ACCOUNT_ID);
    expect(patches(from)).toEqual([
      {
        path: `/client/v4/zones/${REPLAY_ACCOUNT_ID}/dns_records/${"0".repeat(30)}18`,
        body: {
          name: "example.com",
          type: "TXT",
          ttl: 3600,
          tags: ["team:edge", "cost-centre:web:eu", "pinned"],
        },
      },
    ]);
    // Cloudflare's own view agrees: the next scan reads the tags back.
    await kit.rediscover("cloudflare");
    expect((await record("example.com TXT")).tags).toEqual(out.tags);
  });

  it("refuses a tag name Cloudflare does not allow, and resources without tags, sending nothing", async () => {
    const mx = await record("example.com MX");
    const from = kit.cloudflare.requests.length;
    await expect(kit.setTags({ id: mx.id, set: { "team name": "edge" } })).rejects.toMatchObject({
      code: "invalid_input",
      details: { field: "set.team name" },
    });
    const [worker] = await kit.find("cloudflare", "cdn.worker");
    await expect(kit.setTags({ id: worker!.id, set: { team: "edge" } })).rejects.toThrow(
      /DNS records only, not on cdn.worker/,
    );
    expect(kit.cloudflare.requests.length).toBe(from);
  });

  it("gives Cloudflare's refusal and stores nothing", async () => {
    const mx = await record("example.com MX");
    const path = `/client/v4/zones/${REPLAY_ACCOUNT_ID}/dns_records/${"0".repeat(30)}09`;
    kit.cloudflare.fail(path, cloudflareError(403, 10000, "Authentication error"));
    await expect(kit.setTags({ id: mx.id, set: { team: "edge" } })).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringMatching(/Authentication error/),
    });
    expect((await kit.stored(mx.id)).tags).toEqual({ owner: "dns-team" });
  });
});
