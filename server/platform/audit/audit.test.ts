// Every mutating operation of the registry, present and future, must leave an audit entry with
// its input summarised and its secrets redacted. A new mutation without a scenario here fails.
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousBrowser, refusal } from "../../../test/support/callers.ts";
import {
  addMember,
  createTestRuntime,
  sessionCaller,
  TEST_PASSWORD,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import { operations } from "../../registry.ts";
import type { Operation } from "../operations/define.ts";
import type { Caller } from "../operations/execute.ts";
import { aiScenarioModels, aiScenarios } from "./ai-scenarios.testing.ts";
import { approvalScenarios, toolsourceScenarios } from "./approval-scenarios.testing.ts";
import { auditLog } from "./audit.schema.ts";
import { automationScenarios } from "./automation-scenarios.testing.ts";
import { costScenarios, type ScenarioKit } from "./cost-scenarios.testing.ts";
import { dashboardScenarios } from "./dashboard-scenarios.testing.ts";
import { docsScenarios } from "./docs-scenarios.testing.ts";
import { healthScenarios } from "./health-scenarios.testing.ts";
import { hostsScenarios } from "./hosts-scenarios.testing.ts";
import { CONNECTOR_SECRET, inventoryScenarios } from "./inventory-scenarios.testing.ts";
import { invoicingScenarios } from "./invoicing-scenarios.testing.ts";
import { observabilityScenarios } from "./observability-scenarios.testing.ts";
import { planningScenarios } from "./planning-scenarios.testing.ts";
import { projectScenarios } from "./project-scenarios.testing.ts";
import { routingScenarios } from "./routing-scenarios.testing.ts";
import { EMBEDDING_SECRET, searchScenarios } from "./search-scenarios.testing.ts";
import { serviceCatalogScenarios } from "./service-catalog-scenarios.testing.ts";
import { timeScenarios } from "./time-scenarios.testing.ts";

const OWNER_EMAIL = "auditor@example.com";
const OWNER_PASSWORD = "owner passphrase for the audit";
const NEW_PASSWORD = "a changed passphrase 2 audit";
const SECRET_VALUE = "planted-audit-secret-value-0000-ZZZZ";
/** Strings that must never reach the audit log. */
const NEVER_STORED = [
  OWNER_PASSWORD,
  NEW_PASSWORD,
  TEST_PASSWORD,
  SECRET_VALUE,
  CONNECTOR_SECRET,
  EMBEDDING_SECRET,
];

let rt: TestRuntime;
let owner: Caller;
let ownerId: string;
let workspaceId: string;
let nextMember = 0;

const db = () => rt.database.db;
const member = (role: "admin" | "member" | "viewer" = "member") =>
  addMember(rt, workspaceId, `audited-${nextMember++}@example.com`, role);

/** Runs one successful call of the operation; returns the input it sent. */
type Scenario = () => Promise<Record<string, unknown>>;

async function call(caller: Caller, name: string, input: Record<string, unknown>) {
  await rt.as(caller, name as never, input);
  return input;
}

/** What each module's scenario file may use. */
const scenarioKit: ScenarioKit = {
  call: (caller, name, input) => call(caller, name, input),
  as: (caller, name, input) => rt.as(caller, name as never, input),
  owner: () => owner,
  db,
  workspaceId: () => workspaceId,
};

const scenarios: Record<string, Scenario> = {
  // Run in beforeAll: it is how the instance gets its owner.
  "setup.create": async () => ({ password: OWNER_PASSWORD }),
  "auth.login": () =>
    call(anonymousBrowser().caller, "auth.login", {
      email: OWNER_EMAIL,
      password: OWNER_PASSWORD,
    }),
  "auth.logout": async () => {
    const caller = await sessionCaller(rt, ownerId, workspaceId);
    return call({ ...caller, transport: anonymousBrowser().transport }, "auth.logout", {});
  },
  "auth.changePassword": async () => {
    const person = await member();
    return call(person.caller, "auth.changePassword", {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
  },
  "auth.revokeSession": async () => {
    const other = await sessionCaller(rt, ownerId, workspaceId);
    const sessionId = (other.actor as { sessionId: string }).sessionId;
    return call(owner, "auth.revokeSession", { sessionId });
  },
  "workspaces.create": () => call(owner, "workspaces.create", { name: "Audited second" }),
  "workspaces.switch": async () => {
    const other = await rt.services.workspaces.create(db(), {
      name: "Switch target",
      ownerUserId: ownerId,
    });
    const caller = await sessionCaller(rt, ownerId, workspaceId);
    return call(caller, "workspaces.switch", { workspaceId: other.id });
  },
  "workspaces.update": () =>
    call(owner, "workspaces.update", {
      name: "Audited Co (renamed)",
      timezone: "Australia/Sydney",
    }),
  "workspaces.delete": async () => {
    const doomed = await rt.services.workspaces.create(db(), {
      name: "Doomed",
      ownerUserId: ownerId,
    });
    return call({ ...owner, workspaceId: doomed.id }, "workspaces.delete", {
      confirmName: "Doomed",
    });
  },
  "members.updateRole": async () => {
    const person = await member();
    return call(owner, "members.updateRole", { userId: person.userId, role: "viewer" });
  },
  "members.remove": async () => {
    const person = await member();
    return call(owner, "members.remove", { userId: person.userId });
  },
  "invites.create": () => call(owner, "invites.create", { role: "viewer" }),
  "invites.revoke": async () => {
    const { invite } = await rt.services.workspaces.createInvite(db(), {
      workspaceId,
      role: "member",
      createdBy: ownerId,
      actorRole: "owner",
    });
    return call(owner, "invites.revoke", { inviteId: invite.id });
  },
  "invites.accept": async () => {
    const { token } = await rt.services.workspaces.createInvite(db(), {
      workspaceId,
      role: "member",
      createdBy: ownerId,
      actorRole: "owner",
    });
    return call(anonymousBrowser().caller, "invites.accept", {
      token,
      account: { email: "invitee@example.com", name: "Invitee", password: NEW_PASSWORD },
    });
  },
  "tokens.create": () => call(owner, "tokens.create", { name: "audited token" }),
  "tokens.revoke": async () => {
    const { row } = await rt.services.auth.createToken(db(), {
      workspaceId,
      userId: ownerId,
      name: "to revoke",
      role: "viewer",
    });
    return call(owner, "tokens.revoke", { tokenId: row.id });
  },
  "users.create": () =>
    call(rt.system, "users.create", {
      email: "cli-made@example.com",
      password: NEW_PASSWORD,
      workspaceId,
    }),
  "users.resetPassword": async () => {
    const person = await member();
    return call(rt.system, "users.resetPassword", {
      email: person.email,
      newPassword: NEW_PASSWORD,
    });
  },
  "users.issueToken": () =>
    call(rt.system, "users.issueToken", {
      email: OWNER_EMAIL,
      workspace: workspaceId,
      name: "cli",
    }),
  "secrets.set": () => call(owner, "secrets.set", { name: "audited", value: SECRET_VALUE }),
  "secrets.delete": async () => {
    const secret = await rt.services.secrets.set(db(), workspaceId, {
      name: "to-delete",
      value: SECRET_VALUE,
    });
    return call(owner, "secrets.delete", { secretId: secret.id });
  },
  "secrets.rotateKey": () => call(rt.system, "secrets.rotateKey", {}),
  "jobs.cancel": async () => {
    const job = await rt.services.jobs.enqueue(db(), "platform.pruneJobs", {}, { workspaceId });
    return call(owner, "jobs.cancel", { jobId: job.id });
  },
  "jobs.retry": async () => {
    const job = await rt.services.jobs.enqueue(db(), "platform.pruneJobs", {}, { workspaceId });
    await rt.services.jobs.cancel(db(), job.id, workspaceId);
    return call(owner, "jobs.retry", { jobId: job.id });
  },
  "demo.create": () => call(owner, "demo.create", {}),
  ...costScenarios(scenarioKit),
  ...invoicingScenarios(scenarioKit),
  ...docsScenarios(scenarioKit),
  ...projectScenarios(scenarioKit),
  ...timeScenarios(scenarioKit),
  ...planningScenarios(scenarioKit),
  ...approvalScenarios(scenarioKit),
  ...toolsourceScenarios(scenarioKit),
  ...inventoryScenarios(scenarioKit),
  ...observabilityScenarios(scenarioKit),
  ...dashboardScenarios(scenarioKit),
  ...healthScenarios(scenarioKit),
  ...hostsScenarios(scenarioKit),
  ...aiScenarios({ ...scenarioKit, runtime: () => rt }),
  ...automationScenarios(scenarioKit),
  ...routingScenarios(scenarioKit),
  ...searchScenarios(scenarioKit),
  ...serviceCatalogScenarios(scenarioKit),
};

beforeAll(async () => {
  rt = await createTestRuntime({}, { chatModels: aiScenarioModels.factory });
  const browser = anonymousBrowser();
  const result = (await rt.as(browser.caller, "setup.create", {
    email: OWNER_EMAIL,
    password: OWNER_PASSWORD,
    workspaceName: "Audited Co",
  })) as { user: { id: string }; workspace: { id: string } };
  ownerId = result.user.id;
  workspaceId = result.workspace.id;
  owner = await sessionCaller(rt, ownerId, workspaceId);
});
afterAll(async () => {
  await rt?.close();
});

async function latestEntry(action: string) {
  const [row] = await db()
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, action))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row;
}

const SECRET_FIELDS = ["password", "newPassword", "currentPassword", "value"];

/** Every secret-named field of the input, at any depth, is "[redacted]" in the summary. */
function expectRedacted(input: unknown, summary: unknown, path = "input") {
  if (!input || typeof input !== "object") return;
  for (const [key, value] of Object.entries(input)) {
    const stored = (summary as Record<string, unknown> | null)?.[key];
    if (SECRET_FIELDS.includes(key)) expect(stored, `${path}.${key}`).toBe("[redacted]");
    else expectRedacted(value, stored, `${path}.${key}`);
  }
}

describe("every successful mutation is audited, its secrets redacted", () => {
  for (const op of (operations as readonly Operation[]).filter((o) => o.mutates)) {
    it(op.name, async () => {
      const scenario = scenarios[op.name];
      expect(scenario, `add an audit scenario for ${op.name} to this file`).toBeDefined();
      const input = await scenario!();

      const entry = await latestEntry(op.name);
      expect(entry, `no audit entry for ${op.name}`).toBeDefined();
      expect(entry!.outcome).toBe("ok");
      expect(entry!.actorLabel).not.toBe("");
      expectRedacted(input, entry!.inputSummary);
      const stored = JSON.stringify(entry);
      for (const secret of NEVER_STORED) expect(stored).not.toContain(secret);
    });
  }

  it("no audit entry anywhere holds a password, a secret value or a token", async () => {
    const all = JSON.stringify(await db().select().from(auditLog));
    for (const secret of NEVER_STORED) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/\bgp[lsik]?_[A-Za-z0-9_-]{16,}/);
  });
});

describe("refused attempts", () => {
  it("are recorded with their error code and a redacted input", async () => {
    const viewer = await member("viewer");
    await refusal(rt.as(viewer.caller, "secrets.set", { name: "viewer-try", value: SECRET_VALUE }));
    const entry = await latestEntry("secrets.set");
    expect(entry).toMatchObject({
      outcome: "forbidden",
      actorUserId: viewer.userId,
      inputSummary: { name: "viewer-try", value: "[redacted]" },
    });
  });

  it("are recorded even when the input holds a character the database cannot store", async () => {
    await expect(
      rt.as(owner, "secrets.set", { name: "nul", value: SECRET_VALUE, description: "a\u0000b" }),
    ).rejects.toThrow();
    const entry = await latestEntry("secrets.set");
    expect(entry).toMatchObject({
      outcome: expect.not.stringMatching(/^ok$/),
      inputSummary: { name: "nul", value: "[redacted]" },
    });
  });

  it("a refusal inside the workspace shows in its audit log with the code", async () => {
    await refusal(rt.as(owner, "members.updateRole", { userId: ownerId, role: "admin" }));
    const errors = (await rt.as(owner, "audit.list", {
      action: "members.updateRole",
      outcome: "error",
    })) as { outcome: string; targetId: string | null }[];
    expect(errors[0]).toMatchObject({ outcome: "conflict" });
  });

  it("an admin sees a member's refused attempt in the workspace's audit log", async () => {
    const viewer = await member("viewer");
    await refusal(
      rt.as(viewer.caller, "invites.create", { role: "admin", email: "friend@example.com" }),
    );
    const errors = (await rt.as(owner, "audit.list", { outcome: "error" })) as {
      action: string;
      outcome: string;
      actorLabel: string;
    }[];
    expect(errors).toContainEqual(
      expect.objectContaining({
        action: "invites.create",
        outcome: "forbidden",
        actorLabel: viewer.email,
      }),
    );
  });
});

describe("audit.list", () => {
  interface Entry {
    id: number;
    action: string;
    outcome: string;
    actorLabel: string;
    inputSummary: unknown;
  }
  const list = async (input: Record<string, unknown> = {}) =>
    (await rt.as(owner, "audit.list", input)) as Entry[];

  it("lists the workspace's entries newest first", async () => {
    const entries = await list();
    expect(entries.length).toBeGreaterThan(5);
    const ids = entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it("filters by action prefix", async () => {
    const tokens = await list({ action: "tokens." });
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect(tokens.every((e) => e.action.startsWith("tokens."))).toBe(true);
    expect((await list({ action: "secrets.set" })).every((e) => e.action === "secrets.set")).toBe(
      true,
    );
    // The prefix is literal: '_' and '%' are not wildcards.
    expect(await list({ action: "%" })).toEqual([]);
  });

  it("filters by outcome", async () => {
    const ok = await list({ outcome: "ok" });
    const errors = await list({ outcome: "error" });
    expect(ok.length).toBeGreaterThan(0);
    expect(errors.length).toBeGreaterThan(0);
    expect(ok.every((e) => e.outcome === "ok")).toBe(true);
    expect(errors.every((e) => e.outcome !== "ok")).toBe(true);
  });

  it("filters by part of the actor's email", async () => {
    const person = await member("admin");
    await rt.as(person.caller, "invites.create", { role: "viewer" });
    const mine = await list({ actor: person.email.split("@")[0] });
    expect(mine.map((e) => [e.action, e.actorLabel])).toEqual([["invites.create", person.email]]);
    expect(await list({ actor: "nobody-by-this-name" })).toEqual([]);
  });

  it("pages with 'before' and 'limit'", async () => {
    const [first, second, third] = await list({ limit: 3 });
    expect(await list({ before: first!.id, limit: 2 })).toEqual([second, third]);
  });

  it("shows only this workspace's entries", async () => {
    const other = await rt.services.workspaces.create(db(), {
      name: "Other audited",
      ownerUserId: ownerId,
    });
    await rt.as({ ...owner, workspaceId: other.id }, "workspaces.update", { name: "Other (2)" });
    const here = await list({ action: "workspaces.update" });
    expect(here.every((e) => (e.inputSummary as { name: string }).name !== "Other (2)")).toBe(true);
  });

  it("is for admins only", async () => {
    const person = await member("member");
    expect((await refusal(rt.as(person.caller, "audit.list"))).code).toBe("forbidden");
  });
});
