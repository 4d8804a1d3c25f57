import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import zones from "../../../test/fixtures/cloudflare/zones.json" with { type: "json" };
import { discoverAndWait, searchInventory } from "../../../test/support/discovery.ts";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import {
  createAutomation,
  runNow,
  settledRun,
} from "../../modules/ai/automations/automations.testkit.ts";
import {
  type CloudflareReplay,
  cloudflareError,
  REPLAY_ACCOUNT_ID,
  REPLAY_PURGE_ID,
  startCloudflareReplay,
} from "./replay.testing.ts";

type Results = OperationOutput<"resources.stop">;
type Actions = OperationOutput<"resources.actions">;
type Detail = OperationOutput<"inventory.get">;

/** The schema's zone example as a live zone reads: active and not paused. */
const ZONE = { ...zones[0], status: "active", paused: false };
const ZONE_PATH = `/client/v4/zones/${ZONE.id}`;
const PURGE_PATH = `${ZONE_PATH}/purge_cache`;

let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let member: Person;
let viewer: Person;
let replay: CloudflareReplay;
let zoneId: string;
/** Requests the replay received since the test began. */
let seen = 0;
const sent = () =>
  replay.requests
    .slice(seen)
    .map((r) => ({ method: r.method, path: r.path, body: r.body ? JSON.parse(r.body) : null }));

const act = (
  op: "resources.pause" | "resources.unpause" | "resources.purgeCache",
  input: object,
  who: Person = owner,
) => rt.as(who.caller, op, { ids: [zoneId], ...input }) as Promise<Results>;
const actions = () => rt.as(owner.caller, "resources.actions", { id: zoneId }) as Promise<Actions>;
const detail = () => rt.as(owner.caller, "inventory.get", { id: zoneId }) as Promise<Detail>;
const allowed = async () =>
  Object.fromEntries((await actions()).available.map((a) => [a.action, a.allowed]));

beforeAll(async () => {
  replay = await startCloudflareReplay({ items: { zones: [ZONE], dns_records: [] } });
  rt = await createTestRuntime();
  owner = await createOwner(rt, "edge@example.com", "Edge");
  member = await addMember(rt, owner.workspaceId, "member@example.com", "member");
  viewer = await addMember(rt, owner.workspaceId, "viewer@example.com", "viewer");
  rt.services.jobs.start();
  const { id } = (await rt.as(owner.caller, "connectors.create", {
    provider: "cloudflare",
    name: "Edge",
    credentials: { method: "api-token", accountId: REPLAY_ACCOUNT_ID, token: replay.token },
    endpoint: replay.url,
  })) as { id: string };
  expect((await discoverAndWait(rt, owner.caller, id)).status).toBe("succeeded");
  const found = await searchInventory(rt, owner.caller, "cloudflare", { type: "dns.zone" });
  zoneId = found.items[0]!.id;
}, 60_000);

afterAll(async () => {
  await rt?.close();
  await replay?.close();
});

beforeEach(() => {
  seen = replay.requests.length;
});

describe("Cloudflare zone pause and unpause through Edit Zone", () => {
  it("offers pause and purge on an active zone, and says why not the rest", async () => {
    const { available, history } = await actions();
    const byAction = Object.fromEntries(available.map((a) => [a.action, a]));
    expect(byAction.pause).toMatchObject({ allowed: true, reason: null });
    expect(byAction.purge).toMatchObject({ allowed: true, reason: null });
    expect(byAction.unpause).toMatchObject({
      allowed: false,
      reason: "The zone is active, not paused",
    });
    expect(byAction.stop?.reason).toBe(
      "A zone can be paused, unpaused or have its cache purged here",
    );
    expect(history).toEqual([]);
  });

  it("pauses the zone with PATCH paused: true; the inventory and its history show it paused", async () => {
    const out = await act("resources.pause", {});
    expect(out).toMatchObject({ succeeded: 1, failed: 0 });
    expect(out.results[0]).toMatchObject({ action: "pause", status: "succeeded", state: "paused" });
    expect(out.results[0]?.detail).toContain("Zone example.com paused");
    expect(sent()).toEqual([{ method: "PATCH", path: ZONE_PATH, body: { paused: true } }]);

    const resource = await detail();
    expect(resource.state).toBe("paused");
    expect(resource.changes[0]).toMatchObject({
      kind: "modified",
      actorUserId: owner.userId,
      diff: { fields: { state: { before: "active", after: "paused" } } },
    });
    const { history } = await actions();
    expect(history[0]).toMatchObject({
      action: "pause",
      status: "succeeded",
      stateAfter: "paused",
    });
    expect(await allowed()).toMatchObject({ pause: false, unpause: true, purge: true });
  });

  it("unpauses it with PATCH paused: false, back to the state Cloudflare answers", async () => {
    const out = await act("resources.unpause", {}, member);
    expect(out.results[0]).toMatchObject({ status: "succeeded", state: "active" });
    expect(sent()).toEqual([{ method: "PATCH", path: ZONE_PATH, body: { paused: false } }]);
    const resource = await detail();
    expect(resource.state).toBe("active");
    expect(resource.changes[0]).toMatchObject({
      actorUserId: member.userId,
      diff: { fields: { state: { before: "paused", after: "active" } } },
    });
  });

  it("refuses an unpause of an active zone without asking Cloudflare", async () => {
    const out = await act("resources.unpause", {});
    expect(out.results[0]).toMatchObject({
      status: "refused",
      detail: "The zone is active, not paused",
    });
    expect(sent()).toEqual([]);
  });
});

describe("Cloudflare cache purge", () => {
  it("purges everything when no URL is given", async () => {
    const changes = (await detail()).changes.length;
    const out = await act("resources.purgeCache", {});
    expect(out.results[0]).toMatchObject({ action: "purge", status: "succeeded", state: "active" });
    expect(out.results[0]?.detail).toBe(
      `Cache of example.com purged: everything (purge ${REPLAY_PURGE_ID})`,
    );
    expect(sent()).toEqual([
      { method: "POST", path: PURGE_PATH, body: { purge_everything: true } },
    ]);
    // The zone itself did not change: the action history has it, the change history does not.
    expect((await detail()).changes).toHaveLength(changes);
    expect((await actions()).history[0]).toMatchObject({ action: "purge", status: "succeeded" });
  });

  it("purges the exact URLs given, on the apex or a subdomain", async () => {
    const urls = ["https://example.com/css/site.css", "http://www.example.com/js/index.js"];
    const out = await act("resources.purgeCache", { urls });
    expect(out.results[0]?.detail).toBe(
      `Cache of example.com purged: 2 URLs (purge ${REPLAY_PURGE_ID})`,
    );
    expect(sent()).toEqual([{ method: "POST", path: PURGE_PATH, body: { files: urls } }]);
  });

  it("purges URL prefixes, sent without their scheme as the API takes them", async () => {
    await act("resources.purgeCache", { prefixes: ["https://www.example.com/assets/"] });
    expect(sent()).toEqual([
      { method: "POST", path: PURGE_PATH, body: { prefixes: ["www.example.com/assets/"] } },
    ]);
  });

  it.each([
    [{ urls: ["/css/site.css"] }, "urls.0"],
    [{ urls: ["ftp://example.com/file"] }, "urls.0"],
    [{ urls: ["https://example.com/a", "https://example.org/b"] }, "urls.1"],
    [{ urls: ["https://notexample.com/a"] }, "urls.0"],
    [{ prefixes: ["https://example.com/a?b=1"] }, "prefixes.0"],
    [{ urls: ["https://example.com/a"], prefixes: ["https://example.com/b"] }, "prefixes"],
    [{ urls: [] }, "urls"],
    [{ urls: Array.from({ length: 31 }, (_, i) => `https://example.com/${i}`) }, "urls"],
    [{ paths: ["/a"] }, "paths"],
  ])("refuses %j naming %s, sending nothing", async (input, field) => {
    await expect(act("resources.purgeCache", input)).rejects.toMatchObject({
      code: "invalid_input",
      details: { field },
    });
    expect(sent()).toEqual([]);
  });

  it("says which URL is outside the zone", async () => {
    await expect(act("resources.purgeCache", { urls: ["https://example.org/b"] })).rejects.toThrow(
      "urls.0: https://example.org/b is not under the zone example.com",
    );
  });

  it("takes URLs for one zone only, and only a zone", async () => {
    const urls = ["https://example.com/a"];
    await expect(
      rt.as(owner.caller, "resources.purgeCache", { ids: [zoneId, zoneId], urls }),
    ).rejects.toMatchObject({ details: { field: "ids" } });
    expect(sent()).toEqual([]);
  });

  it("fails the action with Cloudflare's message when the API refuses, and records it", async () => {
    replay.fail(PURGE_PATH, cloudflareError(403, 10000, "Authentication error"));
    const out = await act("resources.purgeCache", {});
    expect(out).toMatchObject({ succeeded: 0, failed: 1 });
    expect(out.results[0]).toMatchObject({
      status: "failed",
      state: "active",
      detail:
        "Cloudflare answered 403: Authentication error (10000); the API token needs Zone | Cache Purge | Purge",
    });
    expect(sent()).toHaveLength(1);
    expect((await actions()).history[0]).toMatchObject({ action: "purge", status: "failed" });
  });

  it("keeps the zone's state when Edit Zone fails", async () => {
    replay.fail(ZONE_PATH, cloudflareError(400, 1007, "Zone cannot be paused"));
    const out = await act("resources.pause", {});
    expect(out.results[0]).toMatchObject({
      status: "failed",
      detail: "Cloudflare answered 400: Zone cannot be paused (1007)",
    });
    expect((await detail()).state).toBe("active");
  });
});

describe("A zone action asked for by an automation", () => {
  it("waits for a person's approval before Cloudflare hears of it", async () => {
    const automation = await createAutomation(rt, owner.caller, {
      name: "Purge the stylesheet",
      trigger: { kind: "manual" },
      steps: [
        {
          kind: "operation",
          key: "purge",
          operation: "resources.purgeCache",
          input: { ids: [zoneId], urls: ["https://example.com/css/site.css"] },
        },
      ],
    });
    const run = await runNow(rt, owner.caller, automation.id);
    expect(run.steps[0]).toMatchObject({ key: "purge", status: "waiting" });
    expect(sent()).toEqual([]);
    await rt.as(owner.caller, "approvals.approve", { id: run.steps[0]!.approvalId });
    const done = await settledRun(rt, owner.caller, run.id, ["succeeded", "failed", "stopped"]);
    expect(done.status).toBe("succeeded");
    expect(sent()).toEqual([
      { method: "POST", path: PURGE_PATH, body: { files: ["https://example.com/css/site.css"] } },
    ]);
  });
});

describe("Who may act on a zone", () => {
  it("refuses a viewer every zone action, sending nothing", async () => {
    for (const op of ["resources.pause", "resources.unpause", "resources.purgeCache"] as const)
      await expect(act(op, {}, viewer)).rejects.toMatchObject({ code: "forbidden" });
    expect(sent()).toEqual([]);
    expect((await detail()).state).toBe("active");
  });
});
