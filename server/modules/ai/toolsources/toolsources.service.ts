import { and, asc, eq, or, type SQL } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { AppError, conflict, invalid, notFound } from "../../../platform/errors.ts";
import { OutboundError, type OutboundHttp } from "../../../platform/http/outbound.ts";
import type { SecretsService } from "../../../platform/secrets/secrets.service.ts";
import type { McpSourceTool } from "./mcp-client.ts";
import type { McpSessions } from "./mcp-sessions.ts";
import { parseDocument } from "./openapi-document.ts";
import { type GeneratedTool, generateTools } from "./openapi-tools.ts";
import { type ToolAuthKind, toolSources } from "./toolsources.schema.ts";

export type ToolSourceRow = typeof toolSources.$inferSelect;

export interface ToolSourceDeps {
  db: Db;
  secrets: Pick<SecretsService, "set" | "reveal" | "removeNamed">;
  outbound: OutboundHttp;
  /** The same outbound rules as a WHATWG fetch, for the MCP SDK's HTTP transport. */
  fetch: typeof fetch;
  /** GLASSPANE_ALLOW_MCP_COMMANDS: whether MCP servers may be run as commands here. */
  allowCommands: boolean;
  /** The running command servers, shared by every call to a source. */
  mcpSessions: Pick<McpSessions, "call" | "list" | "close">;
}

/** What a tool call answers, from either kind of source. */
export interface ToolCallResult {
  /** The HTTP status of an OpenAPI call; null for an MCP tool. */
  status: number | null;
  ok: boolean;
  contentType: string | null;
  truncated: boolean;
  data: unknown;
}

export interface ImportInput {
  name: string;
  document?: string;
  url?: string;
  baseUrl?: string;
  auth: { kind: ToolAuthKind; param?: string; credential?: string };
}

/** Documents as large as Cloudflare's (4 MB of JSON) fit; anything larger is refused. */
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** Answers of third-party APIs handed to a model are cut to this. */
const MAX_ANSWER_BYTES = 256 * 1024;

export const secretNameOf = (name: string) => `toolsource/${name}`;

function checkAuth(auth: ImportInput["auth"]) {
  if (auth.kind === "none") {
    if (auth.credential) throw invalid("auth.credential", "auth kind none takes no credential");
    return;
  }
  if (!auth.credential) throw invalid("auth.credential", `${auth.kind} needs a credential`);
  if ((auth.kind === "apiKeyHeader" || auth.kind === "apiKeyQuery") && !auth.param)
    throw invalid("auth.param", "name the header or query parameter that carries the key");
  if (auth.kind === "basic" && !auth.credential.includes(":"))
    throw invalid("auth.credential", "basic auth takes user:password");
}

async function fetchDocument(outbound: OutboundHttp, url: string): Promise<string> {
  try {
    const response = await outbound.request(url, {
      timeoutMs: 30_000,
      maxResponseBytes: MAX_DOCUMENT_BYTES,
      maxRedirects: 3,
      headers: { accept: "application/json, application/yaml, text/yaml, */*" },
    });
    if (response.status !== 200) throw invalid("url", `answered HTTP ${response.status}`);
    return response.body.toString("utf8");
  } catch (error) {
    if (error instanceof OutboundError) throw invalid("url", error.message);
    throw error;
  }
}

function baseUrlFor(input: ImportInput, serverUrl: string | null): string {
  const chosen = input.baseUrl ?? serverUrl;
  if (!chosen) throw invalid("baseUrl", "the document names no server: give the API's base URL");
  let url: URL;
  try {
    // A relative server URL ("/v1") is relative to where the document came from.
    url = new URL(chosen, input.url);
  } catch {
    throw invalid("baseUrl", `${chosen} is not an absolute http(s) URL: give the API's base URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw invalid("baseUrl", "must be an http or https URL");
  return url.toString().replace(/\/$/, "");
}

export async function assertNameFree(db: Db, workspaceId: string, name: string) {
  const [existing] = await db
    .select({ id: toolSources.id })
    .from(toolSources)
    .where(and(eq(toolSources.workspaceId, workspaceId), eq(toolSources.name, name)));
  if (existing) throw conflict(`A tool source named ${name} exists: delete it first`);
}

/** Imports a document: tools generated, credential sealed in the vault, nothing returned of it. */
export async function importSource(
  deps: ToolSourceDeps,
  workspaceId: string,
  input: ImportInput,
  userId: string | null,
): Promise<ToolSourceRow> {
  if (!input.document === !input.url) throw invalid("document", "give either document or url");
  checkAuth(input.auth);
  const text = input.document ?? (await fetchDocument(deps.outbound, input.url!));
  const field = input.document ? "document" : "url";
  const generated = generateTools(parseDocument(text, field));
  if (generated.tools.length === 0) throw invalid(field, "the document describes no operations");
  const baseUrl = baseUrlFor(input, generated.serverUrl);
  await assertNameFree(deps.db, workspaceId, input.name);
  const secretName = input.auth.kind === "none" ? null : secretNameOf(input.name);
  return deps.db.transaction(async (tx) => {
    const db = tx as Db;
    if (secretName) {
      await deps.secrets.set(db, workspaceId, {
        name: secretName,
        value: input.auth.credential!,
        description: `Credential of the ${generated.title} tool source`,
      });
    }
    const [row] = await db
      .insert(toolSources)
      .values({
        workspaceId,
        name: input.name,
        title: generated.title.slice(0, 200),
        baseUrl,
        authKind: input.auth.kind,
        authParam: input.auth.param ?? null,
        secretName,
        tools: generated.tools,
        toolCount: generated.tools.length,
        skipped: generated.skipped.slice(0, 200),
        createdBy: userId,
      })
      .returning();
    return row!;
  });
}

export async function listSources(db: Db, workspaceId: string): Promise<ToolSourceRow[]> {
  return db
    .select()
    .from(toolSources)
    .where(eq(toolSources.workspaceId, workspaceId))
    .orderBy(asc(toolSources.name));
}

/** A source by id or name. */
export async function sourceOf(db: Db, workspaceId: string, ref: string): Promise<ToolSourceRow> {
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  const match: SQL | undefined = isId
    ? or(eq(toolSources.id, ref), eq(toolSources.name, ref))
    : eq(toolSources.name, ref);
  const [row] = await db
    .select()
    .from(toolSources)
    .where(and(eq(toolSources.workspaceId, workspaceId), match));
  if (!row) throw notFound("Tool source");
  return row;
}

/** Removes a source and its credential from the vault. */
export async function deleteSource(deps: ToolSourceDeps, workspaceId: string, ref: string) {
  const row = await sourceOf(deps.db, workspaceId, ref);
  await deps.db
    .delete(toolSources)
    .where(and(eq(toolSources.workspaceId, workspaceId), eq(toolSources.id, row.id)));
  if (row.secretName) await deps.secrets.removeNamed(deps.db, workspaceId, row.secretName);
  return row;
}

export function toolOf(row: ToolSourceRow, name: string): GeneratedTool | McpSourceTool {
  const tool = (row.tools as (GeneratedTool | McpSourceTool)[]).find((t) => t.name === name);
  if (!tool) throw invalid("tool", `${row.name} has no tool ${name}`);
  return tool;
}

/** Calls one tool: arguments placed in path, query, headers and body; the credential added. */
export async function callOpenApiTool(
  deps: ToolSourceDeps,
  row: ToolSourceRow,
  tool: GeneratedTool,
  args: Record<string, unknown>,
): Promise<ToolCallResult> {
  let path = tool.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = { accept: "application/json" };
  for (const param of tool.params) {
    const value = args[param.name];
    if (value === undefined || value === null) {
      if (param.required) throw invalid(`arguments.${param.name}`, `required (${param.in})`);
      continue;
    }
    const text = typeof value === "string" ? value : JSON.stringify(value);
    if (param.in === "path") path = path.replaceAll(`{${param.name}}`, encodeURIComponent(text));
    else if (param.in === "query") {
      for (const item of Array.isArray(value) ? value : [value])
        query.append(param.name, typeof item === "string" ? item : JSON.stringify(item));
    } else headers[param.name.toLowerCase()] = text;
  }
  if (tool.body === "required" && args.body === undefined)
    throw invalid("arguments.body", "required (JSON body)");
  if (row.secretName) {
    const credential = await deps.secrets.reveal(deps.db, row.workspaceId, row.secretName);
    if (row.authKind === "bearer") headers.authorization = `Bearer ${credential}`;
    else if (row.authKind === "basic")
      headers.authorization = `Basic ${Buffer.from(credential).toString("base64")}`;
    else if (row.authKind === "apiKeyHeader") headers[row.authParam!.toLowerCase()] = credential;
    else if (row.authKind === "apiKeyQuery") query.set(row.authParam!, credential);
  }
  const body =
    tool.body !== "none" && args.body !== undefined ? JSON.stringify(args.body) : undefined;
  if (body) headers["content-type"] = "application/json";
  const qs = query.toString();
  const url = `${row.baseUrl ?? ""}${path}${qs ? `?${qs}` : ""}`;
  let response: Awaited<ReturnType<OutboundHttp["request"]>>;
  try {
    response = await deps.outbound.request(url, {
      method: tool.method.toUpperCase(),
      headers,
      body,
      timeoutMs: 30_000,
      maxResponseBytes: 4 * 1024 * 1024,
    });
  } catch (error) {
    if (error instanceof OutboundError)
      throw new AppError("unavailable", `${row.name}: ${error.message}`);
    throw error;
  }
  const type = String(response.headers["content-type"] ?? "");
  const raw = response.body.subarray(0, MAX_ANSWER_BYTES).toString("utf8");
  let data: unknown = raw;
  if (/json/i.test(type) && response.body.length <= MAX_ANSWER_BYTES) {
    try {
      data = JSON.parse(raw);
    } catch {
      data = raw;
    }
  }
  return {
    status: response.status,
    ok: response.status >= 200 && response.status < 300,
    contentType: type || null,
    truncated: response.body.length > MAX_ANSWER_BYTES,
    data,
  };
}
