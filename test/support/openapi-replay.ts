// A local HTTP server that answers like the API an OpenAPI document describes, with the
// document's own examples (response examples, else the schemas' example values). Every request
// is recorded so tests can check what arrived: path, query, headers, body.
import http from "node:http";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function deref(doc: Json, node: unknown): unknown {
  let current = node;
  for (let i = 0; i < 20 && isObject(current) && typeof current.$ref === "string"; i++) {
    let target: unknown = doc;
    for (const part of current.$ref.slice(2).split("/")) target = (target as Json)?.[part];
    current = target;
  }
  return current;
}

/** An example value for a schema, from its `example`s where the document gives them. */
export function exampleOf(doc: Json, raw: unknown, depth = 0): unknown {
  const schema = deref(doc, raw);
  if (!isObject(schema) || depth > 10) return null;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((s) => exampleOf(doc, s, depth + 1));
    return Object.assign({}, ...parts.filter(isObject));
  }
  const choice = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (Array.isArray(choice) && choice.length) return exampleOf(doc, choice[0], depth + 1);
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.type === "array") return [exampleOf(doc, schema.items, depth + 1)];
  if (schema.type === "object" || isObject(schema.properties)) {
    const out: Json = {};
    for (const [key, value] of Object.entries((schema.properties as Json) ?? {}))
      out[key] = exampleOf(doc, value, depth + 1);
    return out;
  }
  if (schema.type === "integer" || schema.type === "number") return 0;
  if (schema.type === "boolean") return true;
  return "string";
}

function answerOf(doc: Json, operation: Json): { status: number; body?: unknown } {
  const responses = isObject(operation.responses) ? operation.responses : {};
  const entry = Object.entries(responses).find(([code]) => /^2/.test(code));
  if (!entry) return { status: 200, body: {} };
  const status = Number(entry[0]) || 200;
  const response = deref(doc, entry[1]) as Json;
  const media = isObject(response?.content)
    ? (response.content as Json)["application/json"]
    : undefined;
  if (!isObject(media)) return { status };
  if (media.example !== undefined) return { status, body: media.example };
  if (isObject(media.examples)) {
    const first = deref(doc, Object.values(media.examples)[0]) as Json | undefined;
    if (first && first.value !== undefined) return { status, body: first.value };
  }
  return { status, body: exampleOf(doc, media.schema) };
}

/** Serves the document's operations under `basePath` (and itself at /openapi.json). */
export async function startReplayServer(doc: Json, basePath = "") {
  const requests: RecordedRequest[] = [];
  const routes = Object.entries(doc.paths as Json).map(([template, item]) => ({
    pattern: new RegExp(`^${basePath}${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    item: item as Json,
  }));
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://replay");
      requests.push({
        method: request.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      if (url.pathname === "/openapi.json") {
        response.writeHead(200, { "content-type": "application/json" });
        return response.end(JSON.stringify(doc));
      }
      const route = routes.find((r) => r.pattern.test(url.pathname));
      const operation = route?.item[(request.method ?? "get").toLowerCase()];
      if (!isObject(operation)) {
        response.writeHead(404, { "content-type": "application/json" });
        return response.end(JSON.stringify({ message: "no such operation in the document" }));
      }
      const answer = answerOf(doc, operation);
      if (answer.body === undefined) {
        response.writeHead(answer.status);
        return response.end();
      }
      response.writeHead(answer.status, { "content-type": "application/json" });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
