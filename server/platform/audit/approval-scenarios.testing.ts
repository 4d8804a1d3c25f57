// Audit scenarios for approvals and MCP grants: one successful call of each mutation, for
// audit.test.ts. Requests are made by the owner's session (the same path MCP tokens take);
// tool-source calls reach a one-route API on a loopback port.

import http from "node:http";
import { startMcpPeer } from "../../../test/support/mcp-peer.ts";
import type { ScenarioKit } from "./cost-scenarios.testing.ts";

type Scenarios = Record<string, () => Promise<Record<string, unknown>>>;

export function approvalScenarios(kit: ScenarioKit): Scenarios {
  let count = 0;
  const request = async () =>
    (await kit.as(kit.owner(), "approvals.request", {
      operation: "projects.create",
      input: { key: `APV${++count}`, name: `Approval scenario ${count}` },
      note: "audit scenario",
    })) as { id: string };

  return {
    "approvals.request": () =>
      kit.call(kit.owner(), "approvals.request", {
        operation: "projects.create",
        input: { key: "APVR", name: "Requested in the audit scenario" },
        source: "api",
      }),
    "approvals.approve": async () =>
      kit.call(kit.owner(), "approvals.approve", { id: (await request()).id }),
    "approvals.deny": async () =>
      kit.call(kit.owner(), "approvals.deny", { id: (await request()).id, reason: "audit" }),
    "mcp.tokens.grant": async () => {
      const token = (await kit.as(kit.owner(), "tokens.create", { name: "mcp grant" })) as {
        id: string;
      };
      return kit.call(kit.owner(), "mcp.tokens.grant", { tokenId: token.id, autoApprove: true });
    },
  };
}

const MINIMAL_API = JSON.stringify({
  openapi: "3.0.3",
  info: { title: "Audited API", version: "1" },
  paths: {
    "/things": {
      post: {
        operationId: "things_create",
        requestBody: { content: { "application/json": { schema: { type: "object" } } } },
        responses: { "201": { description: "made" } },
      },
    },
  },
});

/** A one-route API on a loopback port for the duration of one call. */
async function withLocalApi<T>(run: (baseUrl: string) => Promise<T>): Promise<T> {
  const server = http.createServer((_request, response) => {
    response.writeHead(201, { "content-type": "application/json" });
    response.end('{"id":1}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return await run(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Runs a call against a real MCP server (the SDK's) on a loopback port. */
async function withMcpPeer<T>(run: (url: string) => Promise<T>): Promise<T> {
  const peer = await startMcpPeer();
  try {
    return await run(peer.url);
  } finally {
    await peer.close();
  }
}

export function toolsourceScenarios(kit: ScenarioKit): Scenarios {
  let count = 0;
  const source = async (baseUrl = "http://127.0.0.1:9") => {
    const name = `audited${++count}`;
    await kit.as(kit.owner(), "toolsources.import", {
      name,
      document: MINIMAL_API,
      baseUrl,
      auth: { kind: "bearer", credential: "audited-toolsource-credential" },
    });
    return name;
  };
  return {
    "toolsources.import": () =>
      kit.call(kit.owner(), "toolsources.import", {
        name: "auditedimport",
        document: MINIMAL_API,
        baseUrl: "http://127.0.0.1:9",
        auth: { kind: "apiKeyHeader", param: "X-Key", credential: "audited-key-0123" },
      }),
    "toolsources.addMcp": () =>
      withMcpPeer((url) =>
        kit.call(kit.owner(), "toolsources.addMcp", {
          name: "auditedmcp",
          url,
          bearer: "audited-mcp-bearer",
        }),
      ),
    "toolsources.refresh": () =>
      withMcpPeer(async (url) => {
        const name = `auditedmcp${++count}`;
        await kit.as(kit.owner(), "toolsources.addMcp", { name, url });
        return kit.call(kit.owner(), "toolsources.refresh", { id: name });
      }),
    "toolsources.delete": async () =>
      kit.call(kit.owner(), "toolsources.delete", { id: await source() }),
    "toolsources.call": () =>
      withLocalApi(async (baseUrl) =>
        kit.call(kit.owner(), "toolsources.call", {
          source: await source(baseUrl),
          tool: "things_create",
          arguments: { body: { name: "audited" } },
        }),
      ),
  };
}
