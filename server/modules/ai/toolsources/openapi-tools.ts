// OpenAPI 3 → tools: one tool per operation, named from its operationId (or method and path),
// described from its summary, with a JSON Schema input built from its path, query and header
// parameters and its JSON body. Pure: no I/O, so the benchmark and the tests share it.

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface ToolParam {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
}

export interface GeneratedTool {
  name: string;
  method: HttpMethod;
  path: string;
  description: string;
  /** GET and HEAD only: everything else may change something and needs approval. */
  readOnly: boolean;
  params: ToolParam[];
  /** "none", or whether the JSON body ("body" argument) is required. */
  body: "none" | "optional" | "required";
  inputSchema: Record<string, unknown>;
}

export interface GeneratedSource {
  title: string;
  /** The first server URL, variables filled with their defaults; may be relative or absent. */
  serverUrl: string | null;
  tools: GeneratedTool[];
  /** Operations skipped, with why (an unsupported body type, a name clash…). */
  skipped: { method: string; path: string; reason: string }[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** How deep references are followed inside one schema; deeper parts become "any JSON". */
const MAX_DEPTH = 8;
const MAX_DESCRIPTION = 1_000;
/** Model APIs allow tool names of up to 64 characters from [a-zA-Z0-9_-]. */
const MAX_NAME = 64;

/** Follows a local JSON pointer (#/components/schemas/Droplet) inside the document. */
function pointerTarget(doc: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/**
 * A copy of a schema with local $refs inlined, cycles and too-deep parts cut to `{}`, and the
 * OpenAPI-only keywords dropped (JSON Schema 2020-12 readers do not know them).
 */
export function inlineSchema(doc: Json, schema: unknown, seen: string[] = [], depth = 0): unknown {
  if (Array.isArray(schema)) return schema.map((item) => inlineSchema(doc, item, seen, depth));
  if (!isObject(schema)) return schema;
  if (depth > MAX_DEPTH) return {};
  if (typeof schema.$ref === "string") {
    const ref = schema.$ref;
    if (seen.includes(ref)) return { description: `(recursive: ${ref.split("/").pop()})` };
    const target = pointerTarget(doc, ref);
    if (target === undefined) return {};
    return inlineSchema(doc, target, [...seen, ref], depth + 1);
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "example" || key === "examples" || key === "xml" || key.startsWith("x-")) continue;
    if (key === "nullable") {
      if (value === true && typeof schema.type === "string") out.type = [schema.type, "null"];
      continue;
    }
    if (key === "type" && out.type) continue;
    if (key === "description" && typeof value === "string") {
      out.description = clip(value, 300);
      continue;
    }
    out[key] = inlineSchema(doc, value, seen, depth + 1);
  }
  return out;
}

function clip(text: string, max: number): string {
  const clean = text.trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function resolved(doc: Json, node: unknown): Json | undefined {
  let current = node;
  for (let hops = 0; hops < 10 && isObject(current) && typeof current.$ref === "string"; hops++)
    current = pointerTarget(doc, current.$ref);
  return isObject(current) ? current : undefined;
}

/** operationId, else method and path, reduced to the characters tool names allow. */
export function toolNameFor(method: string, path: string, operationId?: unknown): string {
  const raw =
    typeof operationId === "string" && operationId.trim()
      ? operationId
      : `${method}_${path.replace(/\{([^}]+)\}/g, "by_$1")}`;
  const name = raw
    .replace(/[^a-zA-Z0-9_-]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_|_$/g, "");
  return name.slice(0, MAX_NAME) || method;
}

function serverUrlOf(doc: Json): string | null {
  const servers = Array.isArray(doc.servers) ? doc.servers : [];
  const first = servers.find(isObject);
  if (!first || typeof first.url !== "string") return null;
  const variables = isObject(first.variables) ? first.variables : {};
  return first.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return isObject(variable) && typeof variable.default === "string" ? variable.default : whole;
  });
}

/** The JSON body's schema; null without a body, undefined for a body that is not JSON. */
function jsonBodyOf(
  doc: Json,
  operation: Json,
): { schema: unknown; required: boolean } | null | undefined {
  const body = resolved(doc, operation.requestBody);
  if (!body || !isObject(body.content)) return null;
  const entry = Object.entries(body.content).find(([type]) => /json/i.test(type));
  if (!entry) return undefined;
  const media = isObject(entry[1]) ? entry[1] : {};
  return { schema: inlineSchema(doc, media.schema ?? {}), required: body.required === true };
}

/** Builds the tools of an OpenAPI 3.x document (already parsed from JSON or YAML). */
export function generateTools(doc: Json): GeneratedSource {
  const version = typeof doc.openapi === "string" ? doc.openapi : "";
  if (!version.startsWith("3.")) throw new Error("not an OpenAPI 3 document (no openapi: 3.x)");
  const paths = isObject(doc.paths) ? doc.paths : {};
  const tools: GeneratedTool[] = [];
  const skipped: GeneratedSource["skipped"] = [];
  const names = new Set<string>();

  for (const [path, rawItem] of Object.entries(paths)) {
    const item = resolved(doc, rawItem);
    if (!item) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of HTTP_METHODS) {
      const operation = resolved(doc, item[method]);
      if (!operation) continue;
      const byKey = new Map<string, Json>();
      for (const raw of [
        ...shared,
        ...(Array.isArray(operation.parameters) ? operation.parameters : []),
      ]) {
        const param = resolved(doc, raw);
        if (param && typeof param.name === "string") byKey.set(`${param.in}:${param.name}`, param);
      }
      const params: ToolParam[] = [];
      const properties: Json = {};
      const required: string[] = [];
      for (const param of byKey.values()) {
        const where = param.in;
        if (where !== "path" && where !== "query" && where !== "header") continue;
        const name = param.name as string;
        if (where === "header" && /^(authorization|content-type|accept)$/i.test(name)) continue;
        if (properties[name]) continue; // a query and a header of one name: the first wins
        const isRequired = where === "path" || param.required === true;
        params.push({ name, in: where, required: isRequired });
        const schema = inlineSchema(doc, param.schema ?? {}) as Json;
        const description =
          typeof param.description === "string" ? clip(param.description, 300) : "";
        properties[name] = {
          ...schema,
          ...(description ? { description: `${description} (${where})` } : {}),
        };
        if (isRequired) required.push(name);
      }
      const body = jsonBodyOf(doc, operation);
      if (body === undefined) {
        skipped.push({ method, path, reason: "request body is not JSON" });
        continue;
      }
      if (body) {
        properties.body = body.schema;
        if (body.required) required.push("body");
      }
      let name = toolNameFor(method, path, operation.operationId);
      for (let n = 2; names.has(name); n++) name = `${name.slice(0, MAX_NAME - 4)}_${n}`;
      names.add(name);
      const summary = typeof operation.summary === "string" ? operation.summary : "";
      const details = typeof operation.description === "string" ? operation.description : "";
      tools.push({
        name,
        method,
        path,
        description: clip(
          [summary, details].filter(Boolean).join("\n\n") || `${method.toUpperCase()} ${path}`,
          MAX_DESCRIPTION,
        ),
        readOnly: method === "get" || method === "head",
        params,
        body: body ? (body.required ? "required" : "optional") : "none",
        inputSchema: { type: "object", properties, ...(required.length ? { required } : {}) },
      });
    }
  }
  const info = isObject(doc.info) ? doc.info : {};
  return {
    title: typeof info.title === "string" ? info.title : "Untitled API",
    serverUrl: serverUrlOf(doc),
    tools,
    skipped,
  };
}
