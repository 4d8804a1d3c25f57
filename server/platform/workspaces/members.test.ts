import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal } from "../../../test/support/callers.ts";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import type { Caller } from "../operations/execute.ts";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt?.close();
});

async function rolesIn(caller: Caller): Promise<Record<string, string>> {
  const members = (await rt.as(caller, "members.list")) as { email: string; role: string }[];
  return Object.fromEntries(members.map((m) => [m.email, m.role]));
}

describe("the last owner", () => {
  it("cannot be demoted or removed, and is told what to do instead", async () => {
    const owner = await createOwner(rt, "solo@example.com", "Solo");

    const demoted = await refusal(
      rt.as(owner.caller, "members.updateRole", { userId: owner.userId, role: "admin" }),
    );
    expect(demoted.code).toBe("conflict");
    expect(demoted.message).toBe(
      "A workspace needs at least one owner: make someone else owner first",
    );
    const removed = await refusal(rt.as(owner.caller, "members.remove", { userId: owner.userId }));
    expect(removed.code).toBe("conflict");
    expect(removed.message).toBe("The last owner cannot leave the workspace");
    expect(await rolesIn(owner.caller)).toEqual({ "solo@example.com": "owner" });
  });

  it("can step down once someone else is owner", async () => {
    const owner = await createOwner(rt, "duo@example.com", "Duo");
    const partner = await addMember(rt, owner.workspaceId, "partner@example.com", "admin");
    await rt.as(owner.caller, "members.updateRole", { userId: partner.userId, role: "owner" });
    await rt.as(owner.caller, "members.updateRole", { userId: owner.userId, role: "member" });
    expect(await rolesIn(partner.caller)).toEqual({
      "duo@example.com": "member",
      "partner@example.com": "owner",
    });
  });

  it("survives two owners demoting each other at the same moment", async () => {
    const a = await createOwner(rt, "race-a@example.com", "Race");
    const b = await addMember(rt, a.workspaceId, "race-b@example.com", "owner");

    const results = await Promise.allSettled([
      rt.as(a.caller, "members.updateRole", { userId: b.userId, role: "member" }),
      rt.as(b.caller, "members.updateRole", { userId: a.userId, role: "member" }),
    ]);

    const owners = Object.values(await rolesIn(a.caller)).filter((r) => r === "owner");
    expect(owners, JSON.stringify(results.map((r) => r.status))).toHaveLength(1);
  });
});

describe("admins and owners", () => {
  it("an admin cannot change, remove or create an owner", async () => {
    const owner = await createOwner(rt, "boss@example.com", "Boss");
    const admin = await addMember(rt, owner.workspaceId, "boss.admin@example.com", "admin");
    const member = await addMember(rt, owner.workspaceId, "boss.member@example.com", "member");

    for (const attempt of [
      () => rt.as(admin.caller, "members.updateRole", { userId: owner.userId, role: "viewer" }),
      () => rt.as(admin.caller, "members.remove", { userId: owner.userId }),
      () => rt.as(admin.caller, "members.updateRole", { userId: member.userId, role: "owner" }),
      () => rt.as(admin.caller, "members.updateRole", { userId: admin.userId, role: "owner" }),
    ]) {
      const error = await refusal(attempt);
      expect(error.code).toBe("forbidden");
      expect(error.message).toBe("Only an owner can change an owner or make someone an owner");
    }
    expect(await rolesIn(owner.caller)).toEqual({
      "boss@example.com": "owner",
      "boss.admin@example.com": "admin",
      "boss.member@example.com": "member",
    });
  });

  it("an admin manages members and other admins", async () => {
    const owner = await createOwner(rt, "chief@example.com", "Chief");
    const admin = await addMember(rt, owner.workspaceId, "chief.admin@example.com", "admin");
    const other = await addMember(rt, owner.workspaceId, "chief.other@example.com", "admin");
    const member = await addMember(rt, owner.workspaceId, "chief.member@example.com", "member");

    await rt.as(admin.caller, "members.updateRole", { userId: member.userId, role: "viewer" });
    await rt.as(admin.caller, "members.updateRole", { userId: other.userId, role: "member" });
    await rt.as(admin.caller, "members.remove", { userId: member.userId });

    expect(await rolesIn(owner.caller)).toEqual({
      "chief@example.com": "owner",
      "chief.admin@example.com": "admin",
      "chief.other@example.com": "member",
    });
  });

  it("a removed member loses access at once", async () => {
    const owner = await createOwner(rt, "host@example.com", "Host");
    const guest = await addMember(rt, owner.workspaceId, "leaver@example.com", "member");
    expect(await rt.as(guest.caller, "workspaces.get")).toMatchObject({ role: "member" });

    await rt.as(owner.caller, "members.remove", { userId: guest.userId });

    expect((await refusal(rt.as(guest.caller, "workspaces.get"))).code).toBe("not_found");
  });

  it("a demoted member loses the rights of the old role at once", async () => {
    const owner = await createOwner(rt, "lead@example.com", "Lead");
    const admin = await addMember(rt, owner.workspaceId, "lead.admin@example.com", "admin");
    expect(await rt.as(admin.caller, "invites.list")).toEqual([]);

    await rt.as(owner.caller, "members.updateRole", { userId: admin.userId, role: "viewer" });

    expect((await refusal(rt.as(admin.caller, "invites.list"))).code).toBe("forbidden");
  });

  it("changing someone who is not a member answers not found", async () => {
    const owner = await createOwner(rt, "alone@example.com", "Alone");
    const stranger = await createOwner(rt, "stranger@example.com", "Elsewhere");
    const error = await refusal(
      rt.as(owner.caller, "members.updateRole", { userId: stranger.userId, role: "viewer" }),
    );
    expect(error.code).toBe("not_found");
  });
});
