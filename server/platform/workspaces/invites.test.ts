import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousBrowser, refusal } from "../../../test/support/callers.ts";
import {
  addMember,
  createOwner,
  createTestRuntime,
  TEST_PASSWORD,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import type { Caller } from "../operations/execute.ts";
import { invites } from "./workspaces.schema.ts";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime({ GLASSPANE_PUBLIC_URL: "https://pane.example.com/" });
});
afterAll(async () => {
  await rt?.close();
});

interface CreatedInvite {
  id: string;
  token: string;
  url: string;
  role: string;
  email: string | null;
  expiresAt: string;
}

const newAccount = (email: string) => ({ email, name: "New Person", password: TEST_PASSWORD });

async function invite(caller: Caller, input: Record<string, unknown> = {}) {
  return (await rt.as(caller, "invites.create", input)) as CreatedInvite;
}

async function roleOf(workspaceId: string, email: string) {
  const members = await rt.services.workspaces.members(rt.database.db, workspaceId);
  return members.find((m) => m.email === email)?.role;
}

describe("invites.create", () => {
  it("returns a one-time link under the public URL, valid for 7 days", async () => {
    const owner = await createOwner(rt, "inviter@example.com", "Inviting Co");
    const created = await invite(owner.caller, { role: "viewer" });

    expect(created.token).toMatch(/^gpi_[A-Za-z0-9_-]{32}$/);
    expect(created.url).toBe(`https://pane.example.com/invite/${created.token}`);
    const days = (new Date(created.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const listed = await rt.as(owner.caller, "invites.list");
    expect(listed).toEqual([expect.objectContaining({ id: created.id, role: "viewer" })]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(
      await rt.as(anonymousBrowser().caller, "invites.preview", { token: created.token }),
    ).toEqual({ workspaceName: "Inviting Co", role: "viewer", email: null });
  });

  it("an admin cannot invite an owner", async () => {
    const owner = await createOwner(rt, "inv-owner@example.com", "Inv");
    const admin = await addMember(rt, owner.workspaceId, "inv-admin@example.com", "admin");
    const error = await refusal(rt.as(admin.caller, "invites.create", { role: "owner" }));
    expect(error.code).toBe("forbidden");
    await expect(invite(owner.caller, { role: "owner" })).resolves.toMatchObject({ role: "owner" });
  });
});

describe("invites.accept", () => {
  it("creates an account, joins the workspace with the invited role and signs the browser in", async () => {
    const owner = await createOwner(rt, "team@example.com", "Team");
    const created = await invite(owner.caller, { role: "member" });
    const browser = anonymousBrowser();

    const result = await rt.as(browser.caller, "invites.accept", {
      token: created.token,
      account: newAccount("joiner@example.com"),
    });

    expect(result).toEqual({ workspaceId: owner.workspaceId });
    expect(await roleOf(owner.workspaceId, "joiner@example.com")).toBe("member");
    const session = await rt.services.auth.authenticateSession(browser.lastToken());
    expect(await rt.as({ actor: session!.actor }, "workspaces.get")).toMatchObject({
      id: owner.workspaceId,
      role: "member",
    });
    expect(await rt.as(owner.caller, "invites.list")).toEqual([]);
  });

  it("lets a signed-in person join with their existing account", async () => {
    const owner = await createOwner(rt, "hq@example.com", "HQ");
    const other = await createOwner(rt, "freelancer@example.com", "Freelance");
    const created = await invite(owner.caller, { role: "admin", email: "Freelancer@Example.com" });

    await rt.as(other.caller, "invites.accept", { token: created.token });

    expect(await roleOf(owner.workspaceId, "freelancer@example.com")).toBe("admin");
  });

  it("asks an anonymous caller without account details to sign in", async () => {
    const owner = await createOwner(rt, "ask@example.com", "Ask");
    const created = await invite(owner.caller);
    const error = await refusal(
      rt.as(anonymousBrowser().caller, "invites.accept", { token: created.token }),
    );
    expect(error.code).toBe("unauthenticated");
  });

  it("refuses another email than the one invited, creating no account", async () => {
    const owner = await createOwner(rt, "strict@example.com", "Strict");
    const created = await invite(owner.caller, { email: "chosen@example.com" });
    const browser = anonymousBrowser();

    const error = await refusal(
      rt.as(browser.caller, "invites.accept", {
        token: created.token,
        account: newAccount("gatecrasher@example.com"),
      }),
    );

    expect(error.code).toBe("forbidden");
    expect(error.message).toBe("This invite is for chosen@example.com; sign in with that address");
    expect(
      await rt.services.auth.findUserByEmail(rt.database.db, "gatecrasher@example.com"),
    ).toBeUndefined();
    // No session cookie for an account that does not exist.
    expect(browser.sessions).toEqual([]);
    // The invite is still there for the right person.
    await rt.as(anonymousBrowser().caller, "invites.accept", {
      token: created.token,
      account: newAccount("Chosen@Example.com"),
    });
    expect(await roleOf(owner.workspaceId, "chosen@example.com")).toBe("member");
  });

  it("refuses a signed-in person whose email is not the invited one", async () => {
    const owner = await createOwner(rt, "picky@example.com", "Picky");
    const wrong = await createOwner(rt, "wrong.person@example.com", "Wrong");
    const created = await invite(owner.caller, { email: "right.person@example.com" });
    const error = await refusal(rt.as(wrong.caller, "invites.accept", { token: created.token }));
    expect(error.code).toBe("forbidden");
    expect(await roleOf(owner.workspaceId, "wrong.person@example.com")).toBeUndefined();
  });

  it("refuses an invite that was already used", async () => {
    const owner = await createOwner(rt, "once@example.com", "Once");
    const created = await invite(owner.caller);
    await rt.as(anonymousBrowser().caller, "invites.accept", {
      token: created.token,
      account: newAccount("first@example.com"),
    });

    const error = await refusal(
      rt.as(anonymousBrowser().caller, "invites.accept", {
        token: created.token,
        account: newAccount("second@example.com"),
      }),
    );

    expect(error.code).toBe("conflict");
    expect(error.message).toBe("This invite has already been used");
    expect(await roleOf(owner.workspaceId, "second@example.com")).toBeUndefined();
  });

  it("can be used only once even when two people accept at the same moment", async () => {
    const owner = await createOwner(rt, "rush@example.com", "Rush");
    const created = await invite(owner.caller);

    const results = await Promise.allSettled(
      ["rush-1@example.com", "rush-2@example.com"].map((email) =>
        rt.as(anonymousBrowser().caller, "invites.accept", {
          token: created.token,
          account: newAccount(email),
        }),
      ),
    );

    const joined = (await rt.services.workspaces.members(rt.database.db, owner.workspaceId))
      .map((m) => m.email)
      .filter((email) => email.startsWith("rush-"));
    expect(joined, JSON.stringify(results.map((r) => r.status))).toHaveLength(1);
  });

  it("refuses a revoked invite as not found", async () => {
    const owner = await createOwner(rt, "revoker@example.com", "Revoker");
    const created = await invite(owner.caller);
    await rt.as(owner.caller, "invites.revoke", { inviteId: created.id });

    const error = await refusal(
      rt.as(anonymousBrowser().caller, "invites.accept", {
        token: created.token,
        account: newAccount("too.late@example.com"),
      }),
    );

    expect(error.code).toBe("not_found");
    expect(
      (await refusal(rt.as(anonymousBrowser().caller, "invites.preview", { token: created.token })))
        .code,
    ).toBe("not_found");
  });

  it("refuses an expired invite, asking for a new link", async () => {
    const owner = await createOwner(rt, "expirer@example.com", "Expirer");
    const created = await invite(owner.caller);
    await rt.database.db
      .update(invites)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invites.id, created.id));

    const error = await refusal(
      rt.as(anonymousBrowser().caller, "invites.accept", {
        token: created.token,
        account: newAccount("slowpoke@example.com"),
      }),
    );

    expect(error.code).toBe("conflict");
    expect(error.message).toBe("This invite has expired: ask for a new link");
    expect(await rt.as(owner.caller, "invites.list")).toEqual([]);
  });

  it("refuses an unknown token", async () => {
    const error = await refusal(
      rt.as(anonymousBrowser().caller, "invites.accept", {
        token: "gpi_this-is-not-a-real-invite-token",
        account: newAccount("random@example.com"),
      }),
    );
    expect(error.code).toBe("not_found");
  });

  it("refuses someone who is already a member", async () => {
    const owner = await createOwner(rt, "twice@example.com", "Twice");
    const member = await addMember(rt, owner.workspaceId, "already@example.com", "viewer");
    const created = await invite(owner.caller, { role: "admin" });
    const error = await refusal(rt.as(member.caller, "invites.accept", { token: created.token }));
    expect(error.code).toBe("conflict");
    expect(await roleOf(owner.workspaceId, "already@example.com")).toBe("viewer");
  });
});
