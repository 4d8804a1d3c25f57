// Glass Pane as an MCP client of someone else's server (built with the official SDK): added by
// URL with a bearer token kept in the vault, or as a command where the operator allows it; its
// read tool runs at once, its other tools wait for a person, for the agent as for the API.

import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal } from "../../../../test/support/callers.ts";
import { type McpPeer, startMcpPeer } from "../../../../test/support/mcp-peer.ts";
import {
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { auditLog } from "../../../platform/audit/audit.schema.ts";
import { answer, ask, configureModel, decide, scriptedModels } from "../agent/agent.testkit.ts";

const TOKEN = "peer-token-0123456789-planted";
const scripted = scriptedModels();
let rt: TestRuntime;
let owner: Awaited<ReturnType<typeof createOwner>>;
let peer: McpPeer;

beforeAll(async () => {
  rt = await createTestRuntime({}, { chatModels: scripted.factory });
  owner = await createOwner(rt, "mcp-client@example.com", "Client Co");
  peer = await startMcpPeer({ bearer: TOKEN });
  await rt.as(owner.caller, "toolsources.addMcp", { name: "desk", url: peer.url, bearer: TOKEN });
});
afterAll(async () => {
  await peer?.close();
  await rt?.close();
});

type Source = { id: string; kind: string; toolCount: number; auth: { hasCredential: boolean } };
type SourceTools = Source & {
  tools: { name: string; readOnly: boolean; destructive: boolean; method: string | null }[];
};

describe("adding an MCP server by URL", () => {
  it("lists its tools with their hints; the token goes to the vault, never back", async () => {
    const source = (await rt.as(owner.caller, "toolsources.get", { id: "desk" })) as SourceTools;
    expect(source).toMatchObject({ kind: "mcp", toolCount: 3, auth: { hasCredential: true } });
    expect(source.tools.map((t) => [t.name, t.readOnly, t.destructive, t.method])).toEqual([
      ["find_tickets", true, false, null],
      ["open_ticket", false, true, null],
      ["label_ticket", false, false, null],
    ]);
    expect(JSON.stringify(await rt.as(owner.caller, "toolsources.list", {}))).not.toContain(TOKEN);
    expect(peer.authorizations.every((a) => a === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("refuses a server that will not let it in, naming the field, and stores nothing", async () => {
    const error = await refusal(() =>
      rt.as(owner.caller, "toolsources.addMcp", { name: "nokey", url: peer.url }),
    );
    expect(error.code).toBe("invalid_input");
    expect(error.message).toMatch(/url/);
    const names = (await rt.as(owner.caller, "toolsources.list", {})) as { name: string }[];
    expect(names.map((s) => s.name)).toEqual(["desk"]);
  });

  it("refuses a command server unless the operator allowed commands", async () => {
    const error = await refusal(() =>
      rt.as(owner.caller, "toolsources.addMcp", {
        name: "local",
        command: process.execPath,
        args: ["--import", "tsx", "test/support/mcp-peer.ts"],
      }),
    );
    expect(error.message).toMatch(/GLASSPANE_ALLOW_MCP_COMMANDS/);
  });
});

describe("calling its tools", () => {
  it("runs a read tool through toolsources.read, structured content as data", async () => {
    const result = await rt.as(owner.caller, "toolsources.read", {
      source: "desk",
      tool: "find_tickets",
      arguments: { text: "checkout" },
    });
    expect(result).toMatchObject({
      status: null,
      ok: true,
      data: { tickets: [{ id: 7, title: "checkout is slow" }] },
    });
    expect(peer.calls.at(-1)).toEqual({ tool: "find_tickets", args: { text: "checkout" } });
  });

  it("will not run a tool that may change things as a read", async () => {
    const error = await refusal(() =>
      rt.as(owner.caller, "toolsources.read", {
        source: "desk",
        tool: "open_ticket",
        arguments: { title: "x" },
      }),
    );
    expect(error.message).toMatch(/not marked read-only/);
  });

  it("answers a tool's own failure as ok: false, not as an error", async () => {
    const result = await rt.as(owner.caller, "toolsources.call", {
      source: "desk",
      tool: "label_ticket",
      arguments: { id: 99, label: "p1" },
    });
    expect(result).toMatchObject({ ok: false, data: "no such ticket" });
  });
});

describe("the agent", () => {
  const calls = () => peer.calls.filter((c) => c.tool === "open_ticket");

  it("gets the server's tools; a read runs at once, a change waits for approval", async () => {
    await configureModel(rt, owner.caller);
    scripted.model
      .respondWithTools([{ name: "ext_desk_find_tickets", args: { text: "login" } }])
      .respondWithTools([
        { name: "ext_desk_open_ticket", args: { title: "Login slow", priority: "high" } },
      ])
      .respond(answer("Opened."));
    const before = calls().length;
    const paused = await ask(rt, owner.caller, "Is there a ticket about login? If not, open one.");
    // The read ran, so the tool was bound: the graph answers unknown names with an error.
    expect(peer.calls.some((c) => c.tool === "find_tickets" && c.args.text === "login")).toBe(true);
    expect(paused.status).toBe("waiting");
    expect(paused.pendingApproval).toMatchObject({
      operation: "toolsources.call",
      input: { tool: "open_ticket", arguments: { title: "Login slow", priority: "high" } },
      destructive: true,
    });
    expect(calls()).toHaveLength(before);

    const done = await decide(rt, owner.caller, paused.id, "approve");
    expect(done.status).toBe("idle");
    expect(calls()).toHaveLength(before + 1);
    const audited = await rt.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.workspaceId, owner.workspaceId), like(auditLog.action, "toolsources.call")),
      );
    expect(audited.some((entry) => entry.actorLabel.endsWith("via AI agent"))).toBe(true);
  });

  it("runs nothing when the person denies", async () => {
    scripted.model
      .respondWithTools([{ name: "ext_desk_open_ticket", args: { title: "Denied one" } }])
      .respond(answer("Understood."));
    const before = calls().length;
    const paused = await ask(rt, owner.caller, "Open a ticket 'Denied one'");
    expect(paused.status).toBe("waiting");
    await decide(rt, owner.caller, paused.id, "deny");
    expect(calls()).toHaveLength(before);
  });
});

describe("a command server, where allowed", () => {
  let allowed: TestRuntime;
  let admin: Person;
  beforeAll(async () => {
    allowed = await createTestRuntime({ GLASSPANE_ALLOW_MCP_COMMANDS: "true" });
    admin = await createOwner(allowed, "mcp-stdio@example.com", "Stdio Co");
  });
  afterAll(async () => {
    await allowed?.close();
  });

  it("starts it over stdio with its environment from the vault, for the listing and each call", async () => {
    const added = (await allowed.as(admin.caller, "toolsources.addMcp", {
      name: "localdesk",
      command: process.execPath,
      args: ["--import", "tsx", "test/support/mcp-peer.ts"],
      env: { PEER_GREETING: "hello from stdio" },
    })) as Source & { command: { envNames: string[] } };
    expect(added).toMatchObject({
      kind: "mcp",
      toolCount: 3,
      command: { envNames: ["PEER_GREETING"] },
    });
    expect(JSON.stringify(added)).not.toContain("hello from stdio");
    const result = (await allowed.as(admin.caller, "toolsources.call", {
      source: "localdesk",
      tool: "open_ticket",
      arguments: { title: "from stdio" },
    })) as { ok: boolean; data: unknown };
    expect(result).toMatchObject({
      ok: true,
      data: "ticket 1 opened: from stdio (hello from stdio)",
    });
    const read = (await allowed.as(admin.caller, "toolsources.read", {
      source: "localdesk",
      tool: "find_tickets",
      arguments: { text: "x" },
    })) as { data: unknown };
    expect(read.data).toEqual({ tickets: [{ id: 7, title: "x is slow" }] });
  }, 60_000);
});
