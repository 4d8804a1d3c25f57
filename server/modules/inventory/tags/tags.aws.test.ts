import { beforeAll, describe, expect, it } from "vitest";
import { addMember, type Person } from "../../../../test/support/runtime.ts";
import { setupTagsTest } from "./tags.testing.ts";

const kit = setupTagsTest("aws");
let viewer: Person;

beforeAll(async () => {
  viewer = await addMember(kit.rt, kit.owner.workspaceId, "viewer@example.com", "viewer");
});

describe("resources.setTags on EC2 tags", () => {
  it("sets and removes EC2 tags with CreateTags and DeleteTags, and records who did it", async () => {
    const [vm] = (await kit.find("aws", "compute.vm")).filter(
      (v) => Object.keys(v.tags).length > 0,
    );
    const old = Object.keys(vm!.tags)[0]!;
    const out = await kit.setTags(
      {
        id: vm!.id,
        set: { team: "payments", "cost center": "42" },
        remove: [old],
      },
      kit.member,
    );
    expect(out.changed.sort()).toEqual([old, "cost center", "team"].sort());
    const create = kit.aws.requests.find((r) => r.operation === "CreateTags")!;
    expect(create.params?.get("ResourceId.1")).toBe(vm!.nativeId);
    const sent: Record<string, string> = {};
    for (let i = 1; create.params?.get(`Tag.${i}.Key`); i++)
      sent[create.params.get(`Tag.${i}.Key`)!] = create.params.get(`Tag.${i}.Value`)!;
    expect(sent).toEqual({ team: "payments", "cost center": "42" });
    const remove = kit.aws.requests.find((r) => r.operation === "DeleteTags")!;
    expect(remove.params?.get("ResourceId.1")).toBe(vm!.nativeId);
    expect(remove.params?.get("Tag.1.Key")).toBe(old);
    expect(remove.params?.has("Tag.1.Value")).toBe(false);

    const detail = await kit.detail(vm!.id);
    expect(detail.tags).toMatchObject({ team: "payments", "cost center": "42" });
    expect(detail.tags[old]).toBeUndefined();
    const change = detail.changes[0]!;
    expect(change).toMatchObject({
      kind: "modified",
      scanId: null,
      actorUserId: kit.member.userId,
      actorName: "member",
    });
    expect(change.diff?.tags.team).toEqual({ before: null, after: "payments" });
    expect(change.diff?.tags[old]?.after).toBeNull();
  });

  it("refuses AWS's reserved prefix and a viewer, before sending anything", async () => {
    const [volume] = await kit.find("aws", "storage.volume");
    const before = kit.aws.requests.length;
    await expect(kit.setTags({ id: volume!.id, set: { "aws:owner": "x" } })).rejects.toMatchObject({
      code: "invalid_input",
      details: { field: "set.aws:owner" },
    });
    await expect(kit.setTags({ id: volume!.id, set: { team: "x" } }, viewer)).rejects.toMatchObject(
      { code: "forbidden" },
    );
    await expect(
      kit.setTags({ id: volume!.id, set: { a: "1" }, remove: ["a"] }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    expect(kit.aws.requests.length).toBe(before);
  });
});
