// `glasspane mcp` over stdio, driven by the official SDK client: the spawned CLI relays to a
// running server (PGlite has one owner, so the stdio process never opens the database).
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, type McpWorld, startMcpWorld } from "./mcp.testkit.ts";

let world: McpWorld;
const BIN = path.resolve("bin/glasspane.mjs");

async function stdioClient(env: Record<string, string>) {
  const client = new Client({ name: "glasspane-stdio-test", version: "1.0.0" });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, "mcp"],
    env: { PATH: process.env.PATH ?? "", ...env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

beforeAll(async () => {
  world = await startMcpWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("glasspane mcp (stdio)", () => {
  it("lists tools, reads, and holds a mutation for approval through the running server", async () => {
    const token = await world.token(world.member, "member");
    const { client } = await stdioClient({
      GLASSPANE_URL: world.baseUrl,
      GLASSPANE_TOKEN: token.token,
    });
    try {
      const { tools } = await client.listTools();
      expect(tools.find((t) => t.name === "projects_list")?.annotations?.readOnlyHint).toBe(true);
      expect(tools.find((t) => t.name === "projects_create")?.annotations?.readOnlyHint).toBe(
        false,
      );

      const read = await callTool(client, "projects_list");
      expect((read.structuredContent!.result as { key: string }[]).map((p) => p.key)).toEqual([
        "WEB",
      ]);

      const write = await callTool(client, "projects_create", { key: "STD", name: "Stdio" });
      expect(write.structuredContent).toMatchObject({ status: "pending_approval" });
      const id = write.structuredContent!.approvalId as string;
      expect(await world.rt.as(world.owner.caller, "approvals.get", { id })).toMatchObject({
        source: "mcp",
        status: "pending",
        input: { key: "STD", name: "Stdio" },
      });
    } finally {
      await client.close();
    }
  });

  it("a revoked token gets an error answer, not a hang", async () => {
    const token = await world.token(world.member, "member");
    await world.rt.as(world.member.caller, "tokens.revoke", { tokenId: token.id });
    const client = new Client({ name: "glasspane-stdio-test", version: "1.0.0" });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, "mcp"],
      env: {
        PATH: process.env.PATH ?? "",
        GLASSPANE_URL: world.baseUrl,
        GLASSPANE_TOKEN: token.token,
      },
      stderr: "pipe",
    });
    await expect(client.connect(transport)).rejects.toThrow(/revoked|401/);
    await client.close();
  });
});
