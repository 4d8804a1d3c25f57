import { describe, expect, it } from "vitest";
import { setupTagsTest } from "./tags.testing.ts";

const kit = setupTagsTest("azure");

describe("resources.setTags on Azure, through Tags Update At Scope", () => {
  const TAGS = "/providers/microsoft.resources/tags/default";

  it("merges the tags set and deletes the keys removed, by name, on the resource's ARM id", async () => {
    const [disk] = await kit.find("azure", "storage.volume", "myManagedDisk1");
    expect(disk!.tags).toMatchObject({ department: "Development", project: "ManagedDisks" });
    const from = kit.azure.requests.length;
    const out = await kit.setTags(
      {
        id: disk!.id,
        set: { team: "payments", project: "Billing" },
        remove: ["department"],
      },
      kit.member,
    );
    expect(out.changed.sort()).toEqual(["department", "project", "team"]);
    const patches = kit.azure.requests
      .slice(from)
      .filter((r) => r.method === "PATCH")
      .map((r) => ({
        path: r.path.toLowerCase(),
        version: r.query.get("api-version"),
        body: JSON.parse(r.body),
      }));
    const path = `${disk!.nativeId}${TAGS}`;
    expect(patches).toEqual([
      {
        path,
        version: expect.any(String),
        body: {
          operation: "Merge",
          properties: { tags: { team: "payments", project: "Billing" } },
        },
      },
      {
        path,
        version: expect.any(String),
        body: { operation: "Delete", properties: { tags: { department: "" } } },
      },
    ]);
    const after = await kit.stored(disk!.id);
    expect(after.tags).toEqual({ project: "Billing", team: "payments" });
    const detail = await kit.detail(disk!.id);
    expect(detail.changes[0]).toMatchObject({ kind: "modified", actorUserId: kit.member.userId });
    expect(detail.changes[0]!.diff?.tags.department).toEqual({
      before: "Development",
      after: null,
    });
    // The provider has what the inventory shows: a rescan finds no difference.
    await kit.rediscover("azure");
    expect((await kit.stored(disk!.id)).tags).toEqual(after.tags);
  });

  it("gives ARM's refusal with what to grant, and stores nothing", async () => {
    const [disk] = await kit.find("azure", "storage.volume", "myManagedDisk3");
    const before = await kit.stored(disk!.id);
    kit.azure.fail(TAGS, {
      status: 403,
      body: {
        error: {
          code: "AuthorizationFailed",
          message:
            "The client 'glasspane' does not have authorization to perform action 'Microsoft.Resources/tags/write'.",
        },
      },
    });
    const refused = kit.setTags({ id: disk!.id, set: { team: "a" } });
    await expect(refused).rejects.toMatchObject({ code: "unavailable" });
    await expect(refused).rejects.toThrow(
      /Azure answered 403: AuthorizationFailed: .*Microsoft.Resources\/tags\/write.*Tag Contributor/,
    );
    expect(await kit.stored(disk!.id)).toEqual(before);
  });

  it("refuses a name ARM does not allow before sending anything", async () => {
    const [disk] = await kit.find("azure", "storage.volume", "myManagedDisk3");
    const from = kit.azure.requests.length;
    await expect(kit.setTags({ id: disk!.id, set: { "cost/center": "42" } })).rejects.toMatchObject(
      { code: "invalid_input", details: { field: "set.cost/center" } },
    );
    await expect(kit.setTags({ id: disk!.id, set: { "Microsoft.x": "1" } })).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(kit.azure.requests.length).toBe(from);
  });
});
