import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousBrowser, refusal } from "../../../test/support/callers.ts";
import {
  createOwner,
  createTestRuntime,
  sessionCaller,
  TEST_PASSWORD,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import { auditLog } from "../audit/audit.schema.ts";
import type { Caller } from "../operations/execute.ts";
import { sessions, users } from "./auth.schema.ts";

let rt: TestRuntime;
let nextAddress = 1;
/** Each test signs in from its own address, so the per-address throttle stays out of the way. */
const freshAddress = () => `192.0.2.${nextAddress++}`;

beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt?.close();
});

async function login(email: string, password: string, ip = freshAddress()) {
  const browser = anonymousBrowser(ip);
  const output = await rt.as(browser.caller, "auth.login", { email, password });
  return { output, token: browser.lastToken(), browser };
}

async function callerFor(sessionToken: string): Promise<Caller | undefined> {
  const session = await rt.services.auth.authenticateSession(sessionToken);
  return session && { actor: session.actor };
}

describe("auth.login", () => {
  it("signs in with email and password, whatever the email's case, starting a new session each time", async () => {
    const owner = await createOwner(rt, "casey@example.com", "Casey's");
    const first = await login("Casey@Example.COM", TEST_PASSWORD);
    const second = await login("casey@example.com", TEST_PASSWORD);

    expect(first.output).toEqual({
      user: expect.objectContaining({ id: owner.userId, email: "casey@example.com" }),
    });
    expect(first.token).toMatch(/^gps_/);
    expect(second.token).not.toBe(first.token);
    expect((await callerFor(first.token))?.actor).toMatchObject({ userId: owner.userId });
    expect((await callerFor(second.token))?.actor).toMatchObject({ userId: owner.userId });
  });

  it("answers the same for a wrong password and an unknown account", async () => {
    await createOwner(rt, "dana@example.com", "Dana's");
    const wrong = await refusal(login("dana@example.com", "not the password at all"));
    const unknown = await refusal(login("nobody@example.com", TEST_PASSWORD));
    expect(wrong).toMatchObject({
      code: "unauthenticated",
      message: "Email or password is incorrect",
    });
    expect(unknown).toMatchObject({ code: wrong.code, message: wrong.message });
  });

  it("needs a transport that can hold a session (an API token is the way for scripts)", async () => {
    await createOwner(rt, "erin@example.com", "Erin's");
    const error = await refusal(
      rt.as({ actor: { type: "anonymous" } }, "auth.login", {
        email: "erin@example.com",
        password: TEST_PASSWORD,
      }),
    );
    expect(error.code).toBe("invalid_input");
    expect(error.message).toContain("use an API token");
  });

  it("locks the account after five failures with a 'Try again in N s' message, even for the right password", async () => {
    const owner = await createOwner(rt, "frank@example.com", "Frank's");
    for (let i = 0; i < 5; i++) {
      const error = await refusal(login("frank@example.com", `wrong guess number ${i}`));
      expect(error.code).toBe("unauthenticated");
    }

    // From a new address too: the lockout is the account's, not the address's.
    const locked = await refusal(login("frank@example.com", TEST_PASSWORD));
    expect(locked.code).toBe("rate_limited");
    expect(locked.message).toMatch(
      /^This account is locked after repeated failed sign-ins\. Try again in (2[0-9]|30) s\.$/,
    );
    expect(locked.details.retryAfter).toBeGreaterThanOrEqual(20);
    expect(locked.details.retryAfter).toBeLessThanOrEqual(30);

    // Once the lock has run out, the right password works and the count starts again.
    await rt.database.db
      .update(users)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(users.id, owner.userId));
    await login("frank@example.com", TEST_PASSWORD);
    const [row] = await rt.database.db.select().from(users).where(eq(users.id, owner.userId));
    expect(row).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it("doubles the lock after each further failure", async () => {
    const owner = await createOwner(rt, "gina@example.com", "Gina's");
    for (let i = 0; i < 5; i++) await refusal(login("gina@example.com", `wrong guess ${i}`));
    await rt.database.db
      .update(users)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(users.id, owner.userId));
    await refusal(login("gina@example.com", "still the wrong one"));

    const locked = await refusal(login("gina@example.com", TEST_PASSWORD));
    expect(locked.message).toMatch(/Try again in (5[0-9]|60) s\.$/);
  });

  it("throttles one address trying many accounts, but not other addresses", async () => {
    await createOwner(rt, "hana@example.com", "Hana's");
    const attacker = freshAddress();
    for (let i = 0; i < 20; i++) {
      const error = await refusal(
        login(`guess${i}@example.com`, "spraying one password", attacker),
      );
      expect(error.code).toBe("unauthenticated");
    }

    const throttled = await refusal(login("hana@example.com", TEST_PASSWORD, attacker));
    expect(throttled.code).toBe("rate_limited");
    expect(throttled.message).toMatch(
      /^Too many sign-in attempts from your address\. Try again in \d+ s\.$/,
    );
    expect(throttled.details.retryAfter).toBeGreaterThan(500);
    await expect(login("hana@example.com", TEST_PASSWORD)).resolves.toBeDefined();
  });

  it("records failed and successful sign-ins with the address they came from", async () => {
    const owner = await createOwner(rt, "ivan@example.com", "Ivan's");
    const address = freshAddress();
    await refusal(login("ivan@example.com", "definitely not it", address));
    await login("ivan@example.com", TEST_PASSWORD, address);

    const rows = await rt.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "auth.login"), eq(auditLog.ip, address)));
    expect(rows.map((r) => r.outcome)).toContain("invalid_credentials");
    expect(rows.map((r) => r.outcome)).toContain("ok");
    expect(rows.every((r) => r.actorUserId === owner.userId)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain("definitely not it");
    expect(JSON.stringify(rows)).not.toContain(TEST_PASSWORD);
  });
});

describe("auth.logout and sessions", () => {
  it("logout ends this session and clears the cookie", async () => {
    await createOwner(rt, "jo@example.com", "Jo's");
    const { token } = await login("jo@example.com", TEST_PASSWORD);
    const browser = anonymousBrowser();
    const caller = await callerFor(token);
    await rt.as({ ...caller!, transport: browser.transport }, "auth.logout");
    expect(browser.ended()).toBe(1);
    expect(await rt.services.auth.authenticateSession(token)).toBeUndefined();
  });

  it("lists one's sessions, marks the current one, and revokes another", async () => {
    await createOwner(rt, "kim@example.com", "Kim's");
    const laptop = await login("kim@example.com", TEST_PASSWORD);
    const phone = await login("kim@example.com", TEST_PASSWORD);
    const laptopCaller = (await callerFor(laptop.token))!;
    const sessions = (await rt.as(laptopCaller, "auth.listSessions")) as {
      id: string;
      isCurrent: boolean;
      userAgent: string | null;
    }[];
    const current = sessions.filter((s) => s.isCurrent);
    expect(current).toHaveLength(1);
    const phoneId = (await rt.services.auth.authenticateSession(phone.token))!.session.id;
    expect(sessions.map((s) => s.id)).toContain(phoneId);

    await rt.as(laptopCaller, "auth.revokeSession", { sessionId: phoneId });
    expect(await rt.services.auth.authenticateSession(phone.token)).toBeUndefined();
    expect(await rt.services.auth.authenticateSession(laptop.token)).toBeDefined();
  });

  it("cannot revoke someone else's session", async () => {
    const lee = await createOwner(rt, "lee@example.com", "Lee's");
    const other = await createOwner(rt, "mo@example.com", "Mo's");
    const otherSession = (other.caller.actor as { sessionId: string }).sessionId;
    const error = await refusal(
      rt.as(lee.caller, "auth.revokeSession", { sessionId: otherSession }),
    );
    expect(error.code).toBe("not_found");
    expect(await rt.as(other.caller, "workspaces.get")).toBeDefined();
  });
});

describe("auth.changePassword", () => {
  it("changes the password, signs out the other sessions and keeps this one", async () => {
    const owner = await createOwner(rt, "nia@example.com", "Nia's");
    const here = await login("nia@example.com", TEST_PASSWORD);
    const elsewhere = await login("nia@example.com", TEST_PASSWORD);
    const hereCaller = (await callerFor(here.token))!;

    await rt.as(hereCaller, "auth.changePassword", {
      currentPassword: TEST_PASSWORD,
      newPassword: "a brand new long passphrase",
    });

    expect(await rt.services.auth.authenticateSession(here.token)).toBeDefined();
    expect(await rt.services.auth.authenticateSession(elsewhere.token)).toBeUndefined();
    expect(await callerFor(elsewhere.token)).toBeUndefined();
    // The session createOwner started is another device: signed out too.
    const ownerSessionId = (owner.caller.actor as { sessionId: string }).sessionId;
    const [ownerSession] = await rt.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, ownerSessionId));
    expect(ownerSession!.revokedAt).toBeInstanceOf(Date);
    expect((await refusal(login("nia@example.com", TEST_PASSWORD))).code).toBe("unauthenticated");
    await expect(login("nia@example.com", "a brand new long passphrase")).resolves.toBeDefined();
  });

  it("refuses a wrong current password, naming the field, and changes nothing", async () => {
    await createOwner(rt, "oli@example.com", "Oli's");
    const here = await login("oli@example.com", TEST_PASSWORD);
    const elsewhere = await login("oli@example.com", TEST_PASSWORD);
    const error = await refusal(
      rt.as((await callerFor(here.token))!, "auth.changePassword", {
        currentPassword: "a wrong current password",
        newPassword: "a brand new long passphrase",
      }),
    );
    expect(error).toMatchObject({ code: "invalid_input", details: { field: "currentPassword" } });
    expect(await rt.services.auth.authenticateSession(elsewhere.token)).toBeDefined();
    await expect(login("oli@example.com", TEST_PASSWORD)).resolves.toBeDefined();
  });

  it("applies the password policy to the new password", async () => {
    await createOwner(rt, "pat.smith@example.com", "Pat's");
    const here = await login("pat.smith@example.com", TEST_PASSWORD);
    const caller = (await callerFor(here.token))!;
    for (const [newPassword, reason] of [
      ["too short", "at least 12"],
      ["qwerty123456", "too common"],
      ["i am pat.smith, hello", "email address"],
    ] as const) {
      const error = await refusal(
        rt.as(caller, "auth.changePassword", { currentPassword: TEST_PASSWORD, newPassword }),
      );
      expect(error.details.field).toBe("newPassword");
      expect(error.message).toContain(reason);
    }
  });

  it("is refused to an API token: it needs the person's session", async () => {
    const owner = await createOwner(rt, "quinn@example.com", "Quinn's");
    const { token } = await rt.services.auth.createToken(rt.database.db, {
      workspaceId: owner.workspaceId,
      userId: owner.userId,
      name: "ci",
      role: "owner",
    });
    const actor = (await rt.services.auth.authenticateToken(token, {}))!;
    const error = await refusal(
      rt.as({ actor }, "auth.changePassword", {
        currentPassword: TEST_PASSWORD,
        newPassword: "a brand new long passphrase",
      }),
    );
    expect(error.code).toBe("forbidden");
  });
});

describe("auth.session", () => {
  it("describes the signed-in person and their workspaces", async () => {
    const owner = await createOwner(rt, "ria@example.com", "Ria's");
    const caller = await sessionCaller(rt, owner.userId);
    expect(await rt.as(caller, "auth.session")).toMatchObject({
      user: { id: owner.userId, email: "ria@example.com" },
      actorType: "user",
      workspaces: [expect.objectContaining({ id: owner.workspaceId, role: "owner" })],
      currentWorkspaceId: owner.workspaceId,
    });
  });
});
