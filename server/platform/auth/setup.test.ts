import { count } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { anonymousBrowser, refusal } from "../../../test/support/callers.ts";
import { createTestRuntime, type TestRuntime } from "../../../test/support/runtime.ts";
import { users } from "./auth.schema.ts";

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

const owner = {
  email: "Founder@Example.com",
  password: "a long enough first passphrase",
  workspaceName: "Acme Studio",
};

interface SetupResult {
  user: { id: string; email: string; name: string };
  workspace: { id: string; name: string };
  demoWorkspace: { id: string; name: string } | null;
  token: string | null;
}

async function userCount(runtime: TestRuntime) {
  const [row] = await runtime.database.db.select({ n: count() }).from(users);
  return row!.n;
}

describe("setup.create (first run)", () => {
  it("creates the owner and the first workspace, signs the browser in, and then reports set up", async () => {
    rt = await createTestRuntime();
    const browser = anonymousBrowser();
    expect(await rt.as(browser.caller, "system.status")).toMatchObject({ setupRequired: true });

    const result = (await rt.as(browser.caller, "setup.create", owner)) as SetupResult;

    expect(result.user).toMatchObject({ email: "founder@example.com", name: "Founder" });
    expect(result.workspace.name).toBe("Acme Studio");
    expect(result.demoWorkspace).toBeNull();
    expect(result.token).toBeNull();
    expect(await rt.as(browser.caller, "system.status")).toMatchObject({ setupRequired: false });

    // The browser got a session cookie that signs the owner in, in the new workspace.
    const session = await rt.services.auth.authenticateSession(browser.lastToken());
    expect(session?.actor).toMatchObject({ type: "user", userId: result.user.id });
    const workspace = await rt.as({ actor: session!.actor }, "workspaces.get");
    expect(workspace).toMatchObject({ id: result.workspace.id, role: "owner", isDemo: false });
  });

  it("also creates a demo workspace owned by the same person when asked", async () => {
    rt = await createTestRuntime();
    const result = (await rt.as(anonymousBrowser().caller, "setup.create", {
      ...owner,
      demo: true,
    })) as SetupResult;

    expect(result.demoWorkspace?.name).toBe("Demo Agency");
    const mine = await rt.services.workspaces.listForUser(rt.database.db, result.user.id);
    expect(mine.map((w) => [w.name, w.role, w.isDemo]).sort()).toEqual([
      ["Acme Studio", "owner", false],
      ["Demo Agency", "owner", true],
    ]);
    const demoMembers = await rt.services.workspaces.members(
      rt.database.db,
      result.demoWorkspace!.id,
    );
    expect(demoMembers.length).toBeGreaterThan(1);
  });

  it("returns an owner API token when asked, shown once and working", async () => {
    rt = await createTestRuntime();
    const result = (await rt.as(rt.system, "setup.create", {
      ...owner,
      issueToken: true,
    })) as SetupResult;

    expect(result.token).toMatch(/^gp_[A-Za-z0-9_-]{32}$/);
    const actor = await rt.services.auth.authenticateToken(result.token!, {});
    expect(actor).toMatchObject({ type: "token", workspaceId: result.workspace.id });
    expect(await rt.as({ actor: actor! }, "workspaces.get")).toMatchObject({ role: "owner" });
  });

  it("refuses a second run with a conflict, creating nothing", async () => {
    rt = await createTestRuntime();
    await rt.as(anonymousBrowser().caller, "setup.create", owner);
    const second = anonymousBrowser("203.0.113.66");

    const error = await refusal(
      rt.as(second.caller, "setup.create", {
        email: "intruder@example.com",
        password: "an intruder's long passphrase",
        workspaceName: "Takeover",
      }),
    );

    expect(error.code).toBe("conflict");
    expect(error.message).toBe("Glass Pane is already set up: sign in instead");
    expect(second.sessions).toEqual([]);
    expect(await userCount(rt)).toBe(1);
    expect(await rt.services.auth.findUserByEmail(rt.database.db, "intruder@example.com")).toBe(
      undefined,
    );
  });

  it("lets only one of two simultaneous first runs win", async () => {
    rt = await createTestRuntime();
    const runtime = rt;
    const attempts = await Promise.allSettled(
      ["one@example.com", "two@example.com"].map((email) =>
        runtime.as(anonymousBrowser().caller, "setup.create", { ...owner, email }),
      ),
    );

    expect(attempts.map((a) => a.status).sort()).toEqual(["fulfilled", "rejected"]);
    const failed = attempts.find((a) => a.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toMatchObject({ code: "conflict" });
    expect(await userCount(rt)).toBe(1);
  });

  it("refuses a weak password, naming the field, and stays unset", async () => {
    rt = await createTestRuntime();
    const error = await refusal(
      rt.as(anonymousBrowser().caller, "setup.create", { ...owner, password: "password1234" }),
    );
    expect(error).toMatchObject({ code: "invalid_input", details: { field: "password" } });
    expect(await rt.as(rt.system, "system.status")).toMatchObject({ setupRequired: true });
    expect(await userCount(rt)).toBe(0);
  });
});
