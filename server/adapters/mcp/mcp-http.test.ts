// MCP over Streamable HTTP with the official SDK client against a real listening server: the
// tools a token sees, reads, mutations held for approval, decisions, grants and refusals.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal } from "../../../test/support/callers.ts";
import { addMember, createOwner } from "../../../test/support/runtime.ts";
import { approvals } from "../../modules/ai/approvals/approvals.schema.ts";
import { budgets } from "../../modules/costs/budgets/budgets.schema.ts";
import { auditLog } from "../../platform/audit/audit.schema.ts";
import { notifications } from "../../platform/notifications/notifications.schema.ts";
import { callTool, httpClient, type McpWorld, startMcpWorld } from "./mcp.testkit.ts";

let world: McpWorld;
let memberToken: { id: string; token: string };
let client: Client;

const projectKeys = async () =>
  ((await world.rt.as(world.owner.caller, "projects.list", {})) as { key: string }[]).map(
    (p) => p.key,
  );

beforeAll(async () => {
  world = await startMcpWorld();
  memberToken = await world.token(world.member, "member");
  client = await httpClient(world.baseUrl, memberToken.token);
});
afterAll(async () => {
  await client?.close();
  await world?.close();
});

describe("tools", () => {
  it("lists the registry's tools for the token's role, with schemas and annotations", async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get("projects_list")?.annotations).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
    });
    expect(byName.get("projects_create")?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
    });
    expect(byName.get("projects_delete")?.annotations?.destructiveHint).toBe(true);
    expect(byName.get("projects_create")?.inputSchema).toMatchObject({
      type: "object",
      properties: { key: expect.any(Object), name: expect.any(Object) },
    });
    expect(byName.get("projects_create")?.description).toMatch(/approve/);
    // Identity, tokens, secrets and the approvals themselves are never tools.
    for (const name of tools.map((t) => t.name))
      expect(name).not.toMatch(/^(tokens|secrets|members|approvals|mcp|auth)_/);
    // A member's role: no admin-only tools.
    expect(byName.has("audit_list")).toBe(false);
  });

  it("a read runs at once and answers JSON text plus structured content", async () => {
    const answer = await callTool(client, "projects_list");
    expect(answer.isError).toBeFalsy();
    const result = answer.structuredContent?.result as { key: string }[];
    expect(result.map((p) => p.key)).toEqual(["WEB"]);
    expect(JSON.parse(answer.content[0]!.text!)).toEqual(answer.structuredContent);
  });

  it("bad input is an error naming the field", async () => {
    const answer = await callTool(client, "projects_get", { id: "not-a-uuid" });
    expect(answer.isError).toBe(true);
    expect(answer.structuredContent?.error).toMatchObject({ code: "invalid_input", field: "id" });
  });
});

describe("mutations wait for a person", () => {
  it("a mutating tool returns a pending approval and changes nothing", async () => {
    const answer = await callTool(client, "projects_create", { key: "API", name: "API" });
    expect(answer.isError).toBeFalsy();
    expect(answer.structuredContent).toMatchObject({
      status: "pending_approval",
      operation: "projects.create",
    });
    expect(answer.content[0]!.text).toMatch(/approve it in Glass Pane/);
    expect(await projectKeys()).not.toContain("API");

    const id = answer.structuredContent!.approvalId as string;
    const approval = (await world.rt.as(world.owner.caller, "approvals.get", { id })) as Record<
      string,
      unknown
    >;
    expect(approval).toMatchObject({
      status: "pending",
      source: "mcp",
      sourceRef: memberToken.id,
      requestedBy: world.member.userId,
      operation: "projects.create",
      input: { key: "API", name: "API" },
    });
    // The owner was told.
    const notes = await world.rt.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, world.owner.userId));
    expect(notes.map((n) => n.link)).toContain(`/approvals/${id}`);
  });

  it("approving runs it as the requester's token and audits both the decision and the change", async () => {
    const answer = await callTool(client, "projects_create", { key: "APR", name: "Approved" });
    const id = answer.structuredContent!.approvalId as string;
    const decided = (await world.rt.as(world.owner.caller, "approvals.approve", { id })) as {
      status: string;
      result: { key: string };
    };
    expect(decided.status).toBe("executed");
    expect(decided.result.key).toBe("APR");
    expect(await projectKeys()).toContain("APR");

    const db = world.rt.database.db;
    const [change] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "projects.create"), eq(auditLog.outcome, "ok")))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(change).toMatchObject({
      actorType: "token",
      actorTokenId: memberToken.id,
      actorUserId: world.member.userId,
    });
    expect(change!.actorLabel).toMatch(/approved by owner@example.com/);
    const [decision] = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "approvals.approve"))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(decision).toMatchObject({
      outcome: "ok",
      targetId: id,
      actorUserId: world.owner.userId,
    });
    // Decided once: a second approval is refused.
    expect((await refusal(world.rt.as(world.owner.caller, "approvals.approve", { id }))).code).toBe(
      "conflict",
    );
  });

  it("denying keeps it from ever running", async () => {
    const answer = await callTool(client, "projects_create", { key: "DEN", name: "Denied" });
    const id = answer.structuredContent!.approvalId as string;
    const denied = (await world.rt.as(world.owner.caller, "approvals.deny", {
      id,
      reason: "not now",
    })) as { status: string; reason: string };
    expect(denied).toMatchObject({ status: "denied", reason: "not now" });
    expect((await refusal(world.rt.as(world.owner.caller, "approvals.approve", { id }))).code).toBe(
      "conflict",
    );
    expect(await projectKeys()).not.toContain("DEN");
  });

  it("a token cannot approve requests, its own included", async () => {
    const answer = await callTool(client, "projects_create", { key: "SLF", name: "Self" });
    const id = answer.structuredContent!.approvalId as string;
    const response = await fetch(`${world.baseUrl}/api/approvals.approve`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${memberToken.token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ id }),
    });
    expect(response.status).toBe(403);
    expect(await projectKeys()).not.toContain("SLF");
  });

  it("the requester's current role is checked when the call runs", async () => {
    const person = await addMember(world.rt, world.workspaceId, "demoted@example.com", "member");
    const token = await world.token(person, "member");
    const mine = await httpClient(world.baseUrl, token.token);
    const answer = await callTool(mine, "projects_create", { key: "DEM", name: "Demoted" });
    await mine.close();
    await world.rt.as(world.owner.caller, "members.updateRole", {
      userId: person.userId,
      role: "viewer",
    });
    const id = answer.structuredContent!.approvalId as string;
    const outcome = (await world.rt.as(world.owner.caller, "approvals.approve", { id })) as {
      status: string;
      error: { code: string };
    };
    expect(outcome).toMatchObject({ status: "failed", error: { code: "forbidden" } });
    expect(await projectKeys()).not.toContain("DEM");
  });

  it("a request whose token was revoked meanwhile does not run", async () => {
    const token = await world.token(world.member, "member");
    const mine = await httpClient(world.baseUrl, token.token);
    const answer = await callTool(mine, "projects_create", { key: "REV", name: "Revoked" });
    await mine.close();
    await world.rt.as(world.member.caller, "tokens.revoke", { tokenId: token.id });
    const id = answer.structuredContent!.approvalId as string;
    const outcome = (await world.rt.as(world.owner.caller, "approvals.approve", { id })) as {
      status: string;
      error: { code: string };
    };
    expect(outcome).toMatchObject({ status: "failed", error: { code: "unauthenticated" } });
    expect(await projectKeys()).not.toContain("REV");
  });

  it("a member decides only requests made for them, and sees only those", async () => {
    const other = await addMember(world.rt, world.workspaceId, "other@example.com", "member");
    const answer = await callTool(client, "projects_create", { key: "OTH", name: "Other" });
    const id = answer.structuredContent!.approvalId as string;
    expect((await refusal(world.rt.as(other.caller, "approvals.approve", { id }))).code).toBe(
      "not_found",
    );
    expect(await world.rt.as(other.caller, "approvals.list", {})).toEqual([]);
    const own = (await world.rt.as(world.member.caller, "approvals.approve", { id })) as {
      status: string;
    };
    expect(own.status).toBe("executed");
  });
});

describe("what is kept", () => {
  it("shows secret-bearing input redacted, runs it in full, and never stores a returned secret", async () => {
    const hook = "https://hooks.example.com/services/T000/B000/planted-path-credential";
    const answer = await callTool(client, "budgets_create", {
      name: "Approved budget",
      period: "monthly",
      amount: "100",
      currency: "USD",
      thresholds: [{ percent: 80, basis: "actual" }],
      webhookUrl: hook,
    });
    const id = answer.structuredContent!.approvalId as string;
    const shown = (await world.rt.as(world.owner.caller, "approvals.get", { id })) as {
      input: { webhookUrl: string };
    };
    expect(shown.input.webhookUrl).toBe("https://hooks.example.com/[redacted]");
    const decided = (await world.rt.as(world.owner.caller, "approvals.approve", { id })) as {
      status: string;
      result: { webhookSecret: string };
    };
    expect(decided).toMatchObject({ status: "executed", result: { webhookSecret: "[redacted]" } });
    const [budget] = await world.rt.database.db
      .select({ webhookUrl: budgets.webhookUrl })
      .from(budgets)
      .where(eq(budgets.name, "Approved budget"));
    expect(budget?.webhookUrl).toBe(hook);
    const [row] = await world.rt.database.db.select().from(approvals).where(eq(approvals.id, id));
    expect(JSON.stringify(row)).not.toContain("planted-path-credential");
  });
});

describe("auto-approval", () => {
  it("only an admin grants it, and a granted token's mutations run at once", async () => {
    const token = await world.token(world.member, "member");
    expect(
      (
        await refusal(
          world.rt.as(world.member.caller, "mcp.tokens.grant", {
            tokenId: token.id,
            autoApprove: true,
          }),
        )
      ).code,
    ).toBe("forbidden");
    await world.rt.as(world.owner.caller, "mcp.tokens.grant", {
      tokenId: token.id,
      autoApprove: true,
    });
    const granted = await httpClient(world.baseUrl, token.token);
    const answer = await callTool(granted, "projects_create", { key: "AUT", name: "Auto" });
    await granted.close();
    expect(answer.structuredContent).toMatchObject({ status: "executed", autoApproved: true });
    expect(await projectKeys()).toContain("AUT");
    const [grant] = await world.rt.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "mcp.tokens.grant"))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(grant).toMatchObject({ outcome: "ok", targetId: token.id });
  });
});

describe("refusals", () => {
  it("a viewer's token gets no mutating tools", async () => {
    const viewer = await addMember(world.rt, world.workspaceId, "viewer@example.com", "viewer");
    const token = await world.token(viewer, "viewer");
    const mine = await httpClient(world.baseUrl, token.token);
    const { tools } = await mine.listTools();
    expect(tools.length).toBeGreaterThan(5);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    const answer = await callTool(mine, "projects_create", { key: "VIE", name: "Viewer" });
    await mine.close();
    expect(answer.isError).toBe(true);
    expect(answer.structuredContent?.error).toMatchObject({ code: "not_found" });
  });

  it("a token of another workspace sees and changes nothing of this one", async () => {
    const stranger = await createOwner(world.rt, "stranger@example.com", "Elsewhere");
    const token = await world.token(stranger, "owner", stranger.workspaceId);
    const theirs = await httpClient(world.baseUrl, token.token);
    const listed = await callTool(theirs, "projects_list");
    expect(listed.structuredContent?.result).toEqual([]);
    const [web] = (await world.rt.as(world.owner.caller, "projects.list", {})) as { id: string }[];
    const got = await callTool(theirs, "projects_get", { id: web!.id });
    expect(got.structuredContent?.error).toMatchObject({ code: "not_found" });
    const update = await callTool(theirs, "projects_update", { id: web!.id, name: "Taken" });
    await theirs.close();
    // Held for approval in its own workspace, where the project does not exist.
    expect(update.structuredContent).toMatchObject({ status: "pending_approval" });
    expect(await world.rt.as(world.owner.caller, "approvals.list", {})).not.toContainEqual(
      expect.objectContaining({ id: update.structuredContent!.approvalId }),
    );
    const approvalId = update.structuredContent!.approvalId as string;
    const outcome = (await world.rt.as(stranger.caller, "approvals.approve", {
      id: approvalId,
    })) as { status: string; error: { code: string } };
    expect(outcome).toMatchObject({ status: "failed", error: { code: "not_found" } });
    const names = (
      (await world.rt.as(world.owner.caller, "projects.list", {})) as { name: string }[]
    ).map((p) => p.name);
    expect(names).not.toContain("Taken");
  });

  it("a revoked or unknown token is refused before any MCP message", async () => {
    const token = await world.token(world.member, "member");
    await world.rt.as(world.member.caller, "tokens.revoke", { tokenId: token.id });
    await expect(httpClient(world.baseUrl, token.token)).rejects.toThrow(/401|revoked/);
    await expect(httpClient(world.baseUrl, "gp_unknown0123456789abcdef")).rejects.toThrow(
      /401|revoked|unknown/,
    );
    const response = await fetch(`${world.baseUrl}/mcp`, { method: "POST", body: "{}" });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });
});
