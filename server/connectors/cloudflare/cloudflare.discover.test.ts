import { describe, expect, it } from "vitest";
import { setupDiscoveryTest } from "../../../test/support/discovery.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import {
  dnsRecordsWithOwnIds,
  REPLAY_ACCOUNT_ID,
  startCloudflareReplay,
} from "./replay.testing.ts";

const records = dnsRecordsWithOwnIds();

const kit = setupDiscoveryTest({
  provider: "cloudflare",
  ownerEmail: "cf@example.com",
  workspace: "Cloudflare",
  startReplay: () => startCloudflareReplay({ pageSize: 5, items: { dns_records: records } }),
});
const { discover, search } = kit;

describe("Cloudflare through connectors.create and connectors.discover", () => {
  it("connects with an API token kept out of every answer", async () => {
    const created = await kit.connect({
      name: "Edge",
      credentials: { method: "api-token", accountId: REPLAY_ACCOUNT_ID, token: kit.replay.token },
      endpoint: kit.replay.url,
    });
    const test = await kit.call("connectors.test", { id: kit.connectorId });
    expect(test).toMatchObject({ ok: true, account: REPLAY_ACCOUNT_ID });
    const listed = await kit.call("connectors.list", {});
    expect(JSON.stringify([created, test, listed])).not.toContain(kit.replay.token);
  });

  it("discovers zones, records, Workers, R2 and Pages into the inventory", async () => {
    const scan = await discover();
    expect(scan.status).toBe("succeeded");
    const found = await search();
    const types = Object.fromEntries(found.facets!.type.map((f) => [f.value, f.count]));
    expect(types).toEqual({
      "dns.zone": 1,
      "dns.record": records.length,
      "cdn.worker": 1,
      "storage.bucket": 1,
      "cdn.pages": 1,
    });
    const [record] = (
      await search({ type: "dns.record", tag: "owner=dns-team", q: "example.com A" })
    ).items;
    const detail = (await kit.call("inventory.get", {
      id: record!.id,
    })) as OperationOutput<"inventory.get">;
    expect(detail.relations).toContainEqual(
      expect.objectContaining({ type: "member-of", direction: "out", name: "example.com" }),
    );
  });
});
