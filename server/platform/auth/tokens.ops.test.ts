import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal } from "../../../test/support/callers.ts";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import { auditLog } from "../audit/audit.schema.ts";
import type { Caller } from "../operations/execute.ts";
import { apiTokens } from "./auth.schema.ts";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt?.close();
});

interface CreatedToken {
  id: string;
  token: string;
  role: string;
  prefix: string;
  ownerEmail: string;
  expiresAt: string | null;
}

async function tokenCaller(token: string, ip?: string): Promise<Caller> {
  const actor = await rt.services.auth.authenticateToken(token, { ip });
  if (!actor) throw new Error("the token did not authenticate");
  return { actor, request: { ip } };
}

describe("tokens.create", () => {
  it("issues a gp_ token, shown once, that acts with the role asked for", async () => {
    const owner = await createOwner(rt, "tara@example.com", "Tara's");
    const created = (await rt.as(owner.caller, "tokens.create", {
      name: "deploy bot",
      role: "viewer",
    })) as CreatedToken;

    expect(created.token).toMatch(/^gp_[A-Za-z0-9_-]{32}$/);
    expect(created).toMatchObject({ role: "viewer", ownerEmail: "tara@example.com" });
    expect(created.token.startsWith(created.prefix)).toBe(true);
    const bot = await tokenCaller(created.token);
    expect(await rt.as(bot, "workspaces.get")).toMatchObject({ role: "viewer" });

    // Listed by prefix, never with the secret, and stored only hashed.
    const listed = await rt.as(owner.caller, "tokens.list");
    expect(listed).toEqual([expect.objectContaining({ id: created.id, name: "deploy bot" })]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const [row] = await rt.database.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(JSON.stringify(row)).not.toContain(created.token);
  });

  it("defaults to the creator's own role", async () => {
    const owner = await createOwner(rt, "uma@example.com", "Uma's");
    const member = await addMember(rt, owner.workspaceId, "uma.member@example.com", "member");
    const created = (await rt.as(member.caller, "tokens.create", { name: "cli" })) as CreatedToken;
    expect(created.role).toBe("member");
  });

  it("cannot have more rights than the person creating it", async () => {
    const owner = await createOwner(rt, "vic@example.com", "Vic's");
    const member = await addMember(rt, owner.workspaceId, "vic.member@example.com", "member");
    const viewer = await addMember(rt, owner.workspaceId, "vic.viewer@example.com", "viewer");

    for (const [person, role, own] of [
      [member, "admin", "member"],
      [member, "owner", "member"],
      [viewer, "member", "viewer"],
    ] as const) {
      const error = await refusal(rt.as(person.caller, "tokens.create", { name: "x", role }));
      expect(error.code).toBe("forbidden");
      expect(error.message).toBe(`A token cannot have more rights than you: your role is ${own}`);
    }
    expect(await rt.as(owner.caller, "tokens.list")).toEqual([]);
  });

  it("a token cannot mint a token stronger than itself", async () => {
    const owner = await createOwner(rt, "wes@example.com", "Wes's");
    const created = (await rt.as(owner.caller, "tokens.create", {
      name: "read only",
      role: "viewer",
    })) as CreatedToken;
    const bot = await tokenCaller(created.token);
    const error = await refusal(rt.as(bot, "tokens.create", { name: "escalate", role: "owner" }));
    expect(error.code).toBe("forbidden");
  });
});

describe("a token's effective role", () => {
  it("drops when its owner is demoted, and the token stops working when they leave", async () => {
    const owner = await createOwner(rt, "xena@example.com", "Xena's");
    const admin = await addMember(rt, owner.workspaceId, "xena.admin@example.com", "admin");
    const created = (await rt.as(admin.caller, "tokens.create", {
      name: "automation",
    })) as CreatedToken;
    expect(created.role).toBe("admin");
    const bot = await tokenCaller(created.token);
    await expect(rt.as(bot, "invites.create", { role: "member" })).resolves.toBeDefined();

    await rt.as(owner.caller, "members.updateRole", { userId: admin.userId, role: "viewer" });

    expect(await rt.as(bot, "workspaces.get")).toMatchObject({ role: "viewer" });
    const refused = await refusal(rt.as(bot, "invites.create", { role: "member" }));
    expect(refused.code).toBe("forbidden");
    expect(refused.message).toContain("Your role (viewer)");

    await rt.as(owner.caller, "members.remove", { userId: admin.userId });
    expect((await refusal(rt.as(bot, "workspaces.get"))).code).toBe("not_found");
  });

  it("is scoped to its workspace: naming another one finds nothing", async () => {
    const owner = await createOwner(rt, "yara@example.com", "Yara's");
    const other = await createOwner(rt, "yara.other@example.com", "Other");
    const created = (await rt.as(owner.caller, "tokens.create", { name: "ci" })) as CreatedToken;
    const bot = await tokenCaller(created.token);
    const error = await refusal(rt.as({ ...bot, workspaceId: other.workspaceId }, "secrets.list"));
    expect(error.code).toBe("not_found");
  });
});

describe("revoked and expired tokens", () => {
  it("a revoked token no longer authenticates", async () => {
    const owner = await createOwner(rt, "zane@example.com", "Zane's");
    const created = (await rt.as(owner.caller, "tokens.create", { name: "old" })) as CreatedToken;
    expect(await rt.services.auth.authenticateToken(created.token, {})).toBeDefined();

    await rt.as(owner.caller, "tokens.revoke", { tokenId: created.id });

    expect(await rt.services.auth.authenticateToken(created.token, {})).toBeUndefined();
    expect(await rt.as(owner.caller, "tokens.list")).toEqual([]);
    const again = await refusal(rt.as(owner.caller, "tokens.revoke", { tokenId: created.id }));
    expect(again.code).toBe("not_found");
  });

  it("asks for an expiry in days and stops authenticating once it has passed", async () => {
    const owner = await createOwner(rt, "abby@example.com", "Abby's");
    const created = (await rt.as(owner.caller, "tokens.create", {
      name: "one day",
      expiresInDays: 1,
    })) as CreatedToken;
    const expiresIn = new Date(created.expiresAt!).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(86_000_000);
    expect(expiresIn).toBeLessThanOrEqual(86_400_000);

    // A token about to expire works until its time, and not after (the credential cache too).
    const { token } = await rt.services.auth.createToken(rt.database.db, {
      workspaceId: owner.workspaceId,
      userId: owner.userId,
      name: "short-lived",
      role: "member",
      expiresAt: new Date(Date.now() + 1_500),
    });
    expect(await rt.services.auth.authenticateToken(token, {})).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect(await rt.services.auth.authenticateToken(token, {})).toBeUndefined();
  });

  it("an unknown or mangled token does not authenticate", async () => {
    const owner = await createOwner(rt, "ben@example.com", "Ben's");
    const created = (await rt.as(owner.caller, "tokens.create", { name: "x" })) as CreatedToken;
    const mangled = `${created.token.slice(0, -1)}${created.token.endsWith("A") ? "B" : "A"}`;
    expect(await rt.services.auth.authenticateToken(mangled, {})).toBeUndefined();
    expect(await rt.services.auth.authenticateToken("gp_unknown", {})).toBeUndefined();
  });

  it("a member may revoke only their own tokens; an admin anyone's", async () => {
    const owner = await createOwner(rt, "cleo@example.com", "Cleo's");
    const member = await addMember(rt, owner.workspaceId, "cleo.member@example.com", "member");
    const other = await addMember(rt, owner.workspaceId, "cleo.other@example.com", "member");
    const theirs = (await rt.as(other.caller, "tokens.create", { name: "t" })) as CreatedToken;

    expect(await rt.as(member.caller, "tokens.list")).toEqual([]);
    const error = await refusal(rt.as(member.caller, "tokens.revoke", { tokenId: theirs.id }));
    expect(error.code).toBe("not_found");
    expect(await rt.services.auth.authenticateToken(theirs.token, {})).toBeDefined();

    await rt.as(owner.caller, "tokens.revoke", { tokenId: theirs.id });
    expect(await rt.services.auth.authenticateToken(theirs.token, {})).toBeUndefined();
  });
});

describe("token use", () => {
  it("records the last use and audits use from a new address", async () => {
    const owner = await createOwner(rt, "dora@example.com", "Dora's");
    const created = (await rt.as(owner.caller, "tokens.create", { name: "ci" })) as CreatedToken;
    await tokenCaller(created.token, "203.0.113.1");
    await tokenCaller(created.token, "203.0.113.2");

    const [listed] = (await rt.as(owner.caller, "tokens.list")) as {
      lastUsedAt: string | null;
      lastUsedIp: string | null;
    }[];
    expect(listed!.lastUsedIp).toBe("203.0.113.2");
    expect(listed!.lastUsedAt).not.toBeNull();
    const rows = await rt.database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, "tokens.usedFromNewAddress"),
          eq(auditLog.actorTokenId, created.id),
        ),
      );
    expect(rows).toEqual([
      expect.objectContaining({ ip: "203.0.113.2", workspaceId: owner.workspaceId }),
    ]);
  });
});
