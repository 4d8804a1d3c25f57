// OpenAPI tool sources against a local replay server answering with the documents' own
// examples: generated tools, auth sent as configured (the credential never shown back), reads
// at once, writes through MCP held for approval until a person approves them.
import { readFileSync } from "node:fs";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal } from "../../../../test/support/callers.ts";
import { startReplayServer } from "../../../../test/support/openapi-replay.ts";
import { addMember } from "../../../../test/support/runtime.ts";
import {
  callTool,
  httpClient,
  type McpWorld,
  startMcpWorld,
} from "../../../adapters/mcp/mcp.testkit.ts";
import { generateTools } from "./openapi-tools.ts";

const fixture = (name: string) => readFileSync(`test/fixtures/openapi/${name}`, "utf8");
const DO_TEXT = fixture("digitalocean-subset.json");
const CF_TEXT = fixture("cloudflare-subset.json");
const DO_TOKEN = "dop_v1_planted-do-credential-0123456789abcdef";
const CF_KEY = "planted-cloudflare-key-0123456789";

let world: McpWorld;
let doReplay: Awaited<ReturnType<typeof startReplayServer>>;
let cfReplay: Awaited<ReturnType<typeof startReplayServer>>;
let client: Client;

beforeAll(async () => {
  world = await startMcpWorld();
  doReplay = await startReplayServer(JSON.parse(DO_TEXT));
  cfReplay = await startReplayServer(JSON.parse(CF_TEXT), "/client/v4");
  await world.rt.as(world.owner.caller, "toolsources.import", {
    name: "do",
    document: DO_TEXT,
    baseUrl: doReplay.url,
    auth: { kind: "bearer", credential: DO_TOKEN },
  });
  client = await httpClient(world.baseUrl, (await world.token(world.member, "member")).token);
});
afterAll(async () => {
  await client?.close();
  await doReplay?.close();
  await cfReplay?.close();
  await world?.close();
});

describe("generating tools", () => {
  it("names, descriptions and input schemas come from the document", () => {
    const { tools, serverUrl } = generateTools(JSON.parse(DO_TEXT));
    expect(serverUrl).toBe("https://api.digitalocean.com");
    expect(tools.map((t) => [t.name, t.method, t.readOnly])).toEqual([
      ["account_get", "get", true],
      ["droplets_list", "get", true],
      ["droplets_create", "post", false],
      ["droplets_get", "get", true],
      ["droplets_destroy", "delete", false],
    ]);
    const get = tools.find((t) => t.name === "droplets_get")!;
    expect(get.inputSchema).toMatchObject({
      type: "object",
      required: ["droplet_id"],
      properties: { droplet_id: { type: "integer" } },
    });
    const list = tools.find((t) => t.name === "droplets_list")!;
    expect(list.params.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(["query:per_page", "query:page"]),
    );
    expect(tools.find((t) => t.name === "droplets_create")!.inputSchema.properties).toHaveProperty(
      "body",
    );
  });

  it("local references are inlined, so the schemas stand alone", () => {
    const { tools } = generateTools(JSON.parse(CF_TEXT));
    expect(tools.map((t) => t.name)).toEqual([
      "zones-get",
      "zones-post",
      "dns-records-for-a-zone-list-dns-records",
      "dns-records-for-a-zone-create-dns-record",
    ]);
    for (const tool of tools) expect(JSON.stringify(tool.inputSchema)).not.toContain("$ref");
    const create = tools.find((t) => t.name === "zones-post")!;
    expect(create.inputSchema).toMatchObject({
      properties: { body: { properties: { name: expect.any(Object) } } },
    });
  });

  it("without operationId the name is made of method and path", () => {
    const { tools } = generateTools({
      openapi: "3.0.0",
      paths: { "/v1/things/{id}": { delete: { responses: {} } } },
    });
    expect(tools[0]!.name).toBe("delete_v1_things_by_id");
  });
});

describe("importing and calling", () => {
  it("the credential is in the vault and never in any answer", async () => {
    const listed = await world.rt.as(world.owner.caller, "toolsources.list", {});
    const got = await world.rt.as(world.owner.caller, "toolsources.get", {
      id: "do",
      withSchemas: true,
    });
    expect(listed).toEqual([
      expect.objectContaining({
        name: "do",
        title: "DigitalOcean API",
        toolCount: 5,
        auth: { kind: "bearer", param: null, hasCredential: true },
      }),
    ]);
    const secrets = await world.rt.as(world.owner.caller, "secrets.list", {});
    for (const answer of [listed, got, secrets])
      expect(JSON.stringify(answer)).not.toContain(DO_TOKEN);
    expect(secrets).toContainEqual(expect.objectContaining({ name: "toolsource/do" }));
  });

  it("a read tool calls the API with the bearer token and returns its example answer", async () => {
    const answer = (await world.rt.as(world.member.caller, "toolsources.read", {
      source: "do",
      tool: "droplets_list",
      arguments: { per_page: 5 },
    })) as { status: number; data: { droplets: unknown[] } };
    expect(answer.status).toBe(200);
    expect(answer.data.droplets.length).toBeGreaterThan(0);
    const request = doReplay.requests.at(-1)!;
    expect(request).toMatchObject({ method: "GET", path: "/v2/droplets" });
    expect(request.query.get("per_page")).toBe("5");
    expect(request.headers.authorization).toBe(`Bearer ${DO_TOKEN}`);
  });

  it("read refuses a tool that may change things, naming the operation to use", async () => {
    const error = await refusal(
      world.rt.as(world.member.caller, "toolsources.read", {
        source: "do",
        tool: "droplets_destroy",
        arguments: { droplet_id: 1 },
      }),
    );
    expect(error.message).toMatch(/toolsources.call/);
  });

  it("an API key header source imported from a URL sends its key in that header", async () => {
    await world.rt.as(world.owner.caller, "toolsources.import", {
      name: "cf",
      url: `${cfReplay.url}/openapi.json`,
      baseUrl: `${cfReplay.url}/client/v4`,
      auth: { kind: "apiKeyHeader", param: "X-Auth-Key", credential: CF_KEY },
    });
    const answer = (await world.rt.as(world.member.caller, "toolsources.read", {
      source: "cf",
      tool: "dns-records-for-a-zone-list-dns-records",
      arguments: { zone_id: "023e105f4ecef8ad9ca31a8372d0c353" },
    })) as { status: number; ok: boolean };
    expect(answer.ok).toBe(true);
    const request = cfReplay.requests.at(-1)!;
    expect(request.path).toBe("/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/dns_records");
    expect(request.headers["x-auth-key"]).toBe(CF_KEY);
    expect(request.headers.authorization).toBeUndefined();
  });

  it("a missing path parameter is refused before any request, naming it", async () => {
    const before = doReplay.requests.length;
    const error = await refusal(
      world.rt.as(world.member.caller, "toolsources.read", {
        source: "do",
        tool: "droplets_get",
        arguments: {},
      }),
    );
    expect(error.details.field).toBe("arguments.droplet_id");
    expect(doReplay.requests.length).toBe(before);
  });

  it("only admins import; viewers cannot call", async () => {
    const error = await refusal(
      world.rt.as(world.member.caller, "toolsources.import", {
        name: "mine",
        document: DO_TEXT,
        baseUrl: doReplay.url,
      }),
    );
    expect(error.code).toBe("forbidden");
    const viewer = await addMember(world.rt, world.workspaceId, "v@example.com", "viewer");
    const refused = await refusal(
      world.rt.as(viewer.caller, "toolsources.read", { source: "do", tool: "account_get" }),
    );
    expect(refused.code).toBe("forbidden");
  });
});

describe("through MCP", () => {
  it("offers the source's tools as ext_ tools with read-only hints", async () => {
    const { tools } = await client.listTools();
    const list = tools.find((t) => t.name === "ext_do_droplets_list");
    const create = tools.find((t) => t.name === "ext_do_droplets_create");
    expect(list?.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: true });
    expect(create?.annotations).toMatchObject({ readOnlyHint: false });
    expect(
      tools.find((t) => t.name === "ext_do_droplets_destroy")?.annotations?.destructiveHint,
    ).toBe(true);
  });

  it("a POST waits for approval, then reaches the API with its body and the credential", async () => {
    const before = doReplay.requests.length;
    const body = { name: "web-1", region: "nyc3", size: "s-1vcpu-1gb", image: "ubuntu-22-04-x64" };
    const answer = await callTool(client, "ext_do_droplets_create", { body });
    expect(answer.structuredContent).toMatchObject({
      status: "pending_approval",
      operation: "toolsources.call",
    });
    expect(doReplay.requests.length).toBe(before);
    const id = answer.structuredContent!.approvalId as string;
    expect(await world.rt.as(world.owner.caller, "approvals.get", { id })).toMatchObject({
      source: "toolsource",
      input: { tool: "droplets_create", arguments: { body } },
    });

    const decided = (await world.rt.as(world.owner.caller, "approvals.approve", { id })) as {
      status: string;
      result: { status: number; ok: boolean };
    };
    expect(decided.status).toBe("executed");
    expect(decided.result.ok).toBe(true);
    const request = doReplay.requests.at(-1)!;
    expect(request).toMatchObject({ method: "POST", path: "/v2/droplets" });
    expect(JSON.parse(request.body)).toEqual(body);
    expect(request.headers.authorization).toBe(`Bearer ${DO_TOKEN}`);
  });

  it("deleting a source removes its tools and its credential", async () => {
    await world.rt.as(world.owner.caller, "toolsources.delete", { id: "cf" });
    const secrets = (await world.rt.as(world.owner.caller, "secrets.list", {})) as {
      name: string;
    }[];
    expect(secrets.map((s) => s.name)).not.toContain("toolsource/cf");
    const { tools } = await client.listTools();
    expect(tools.some((t) => t.name.startsWith("ext_cf_"))).toBe(false);
  });
});
