// A Glass Pane listening on a loopback port with one workspace, its people and their API
// tokens, for the MCP tests (HTTP and stdio) to connect real SDK clients to.

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FastifyInstance } from "fastify";
import { buildTestApp } from "../../../test/support/http.ts";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import type { Role } from "../../platform/operations/permissions.ts";

export interface McpWorld {
  rt: TestRuntime;
  app: FastifyInstance;
  baseUrl: string;
  workspaceId: string;
  owner: Person;
  member: Person;
  /** Issues an API token for a person of the workspace. */
  token(person: Person, role: Role, workspaceId?: string): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

export async function startMcpWorld(): Promise<McpWorld> {
  const rt = await createTestRuntime();
  const owner = await createOwner(rt, "owner@example.com", "MCP Co");
  const member = await addMember(rt, owner.workspaceId, "member@example.com", "member");
  await rt.as(owner.caller, "projects.create", { key: "WEB", name: "Website" });
  const app = await buildTestApp(rt);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as { port: number };
  return {
    rt,
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    workspaceId: owner.workspaceId,
    owner,
    member,
    async token(person, role, workspaceId = owner.workspaceId) {
      const { token, row } = await rt.services.auth.createToken(rt.database.db, {
        workspaceId,
        userId: person.userId,
        name: `${role} token`,
        role,
      });
      return { id: row.id, token };
    },
    async close() {
      await app.close();
      await rt.close();
    },
  };
}

/** An official SDK client connected to /mcp with a bearer token. */
export async function httpClient(baseUrl: string, token: string): Promise<Client> {
  const client = new Client({ name: "glasspane-test", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL("/mcp", baseUrl), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

export interface ToolAnswer {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content: { type: string; text?: string }[];
}

export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}) {
  return (await client.callTool({ name, arguments: args })) as ToolAnswer;
}
