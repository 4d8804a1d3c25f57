import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import { waitFor } from "../../../test/support/test-database.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import {
  type CloudflareReplay,
  REPLAY_ACCOUNT_ID,
  startCloudflareReplay,
} from "./replay.testing.ts";

type Scan = OperationOutput<"connectors.scans">[number];
type Search = OperationOutput<"inventory.search">;

/**
 * The schemas' examples share one id for the zone and every record; the inventory keys resources
 * by id, so each record gets an id of its own here (the rest of each example is unchanged).
 */
const records = (
  JSON.parse(
    readFileSync(
      join(import.meta.dirname, "../../../test/fixtures/cloudflare/dns_records.json"),
      "utf8",
    ),
  ) as Record<string, unknown>[]
).map((record, i) => ({ ...record, id: `${"0".repeat(30)}${String(i).padStart(2, "0")}` }));

let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let replay: CloudflareReplay;
let connectorId: string;

beforeAll(async () => {
  replay = await startCloudflareReplay({ pageSize: 5, items: { dns_records: records } });
  rt = await createTestRuntime();
  owner = await createOwner(rt, "cf@example.com", "Cloudflare");
  rt.services.jobs.start();
}, 60_000);

afterAll(async () => {
  await rt?.close();
  await replay?.close();
});

describe("Cloudflare through connectors.create and connectors.discover", () => {
  it("connects with an API token kept out of every answer", async () => {
    const created = (await rt.as(owner.caller, "connectors.create", {
      provider: "cloudflare",
      name: "Edge",
      credentials: { method: "api-token", accountId: REPLAY_ACCOUNT_ID, token: replay.token },
      endpoint: replay.url,
    })) as OperationOutput<"connectors.create">;
    connectorId = created.id;
    const test = await rt.as(owner.caller, "connectors.test", { id: connectorId });
    expect(test).toMatchObject({ ok: true, account: REPLAY_ACCOUNT_ID });
    const listed = await rt.as(owner.caller, "connectors.list", {});
    expect(JSON.stringify([created, test, listed])).not.toContain(replay.token);
  });

  it("discovers zones, records, Workers, R2 and Pages into the inventory", async () => {
    const { scanId } = (await rt.as(owner.caller, "connectors.discover", {
      id: connectorId,
    })) as { scanId: string };
    const scan = await waitFor(
      async () => {
        const [s] = (await rt.as(owner.caller, "connectors.scans", { scanId })) as Scan[];
        return s && !["queued", "running"].includes(s.status) ? s : undefined;
      },
      { timeoutMs: 60_000, what: "the scan to finish" },
    );
    expect(scan.status).toBe("succeeded");
    const found = (await rt.as(owner.caller, "inventory.search", {
      provider: "cloudflare",
      limit: 500,
    })) as Search;
    const types = Object.fromEntries(found.facets!.type.map((f) => [f.value, f.count]));
    expect(types).toEqual({
      "dns.zone": 1,
      "dns.record": records.length,
      "cdn.worker": 1,
      "storage.bucket": 1,
      "cdn.pages": 1,
    });
    const [record] = (
      (await rt.as(owner.caller, "inventory.search", {
        provider: "cloudflare",
        type: "dns.record",
        tag: "owner=dns-team",
        q: "example.com A",
      })) as Search
    ).items;
    const detail = (await rt.as(owner.caller, "inventory.get", {
      id: record!.id,
    })) as OperationOutput<"inventory.get">;
    expect(detail.relations).toContainEqual(
      expect.objectContaining({ type: "member-of", direction: "out", name: "example.com" }),
    );
  });
});
