// Reading an OpenAPI document: JSON or YAML text, and (for multi-file specifications such as
// DigitalOcean's) bundling references to other files into one document.

import { parse as parseYaml } from "yaml";
import { invalid } from "../../../platform/errors.ts";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Parses JSON or YAML; the error names the field the caller sent. */
export function parseDocument(text: string, field = "document"): Json {
  let parsed: unknown;
  try {
    parsed = text.trimStart().startsWith("{")
      ? JSON.parse(text)
      : parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw invalid(field, `not valid JSON or YAML: ${(error as Error).message.slice(0, 200)}`);
  }
  if (!isObject(parsed)) throw invalid(field, "is not an OpenAPI document (not an object)");
  if (typeof parsed.openapi !== "string" || !parsed.openapi.startsWith("3."))
    throw invalid(field, "is not an OpenAPI 3 document (openapi: 3.x is missing)");
  return parsed;
}

/**
 * Inlines references into other files (`resources/droplets/list.yml`, `../models/x.yml#/a`):
 * each file is read once through `read`, and its own references (local ones included, which
 * point into that file) are resolved against it. References inside the root stay as they are.
 */
export async function bundleExternalRefs(
  root: Json,
  rootUri: string,
  read: (uri: string) => Promise<string>,
): Promise<Json> {
  const files = new Map<string, Promise<unknown>>();
  const load = (uri: string) => {
    let file = files.get(uri);
    if (!file) {
      file = read(uri).then((text) => (uri.endsWith(".json") ? JSON.parse(text) : parseYaml(text)));
      files.set(uri, file);
    }
    return file;
  };
  const pointer = (node: unknown, fragment: string) => {
    let current = node;
    for (const raw of fragment.replace(/^\//, "").split("/").filter(Boolean)) {
      const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
      current = isObject(current) || Array.isArray(current) ? (current as Json)[key] : undefined;
    }
    return current;
  };

  async function walk(
    node: unknown,
    fileUri: string,
    fileRoot: unknown,
    seen: string[],
  ): Promise<unknown> {
    if (Array.isArray(node)) return Promise.all(node.map((n) => walk(n, fileUri, fileRoot, seen)));
    if (!isObject(node)) return node;
    if (typeof node.$ref === "string") {
      const [filePart, fragment = ""] = node.$ref.split("#");
      const isLocal = !filePart;
      // Local references of the root document are the generator's to follow.
      if (isLocal && fileUri === rootUri) return node;
      const targetUri = isLocal ? fileUri : new URL(filePart!, fileUri).toString();
      const key = `${targetUri}#${fragment}`;
      if (seen.includes(key)) return {};
      let targetRoot: unknown;
      try {
        targetRoot = isLocal ? fileRoot : await load(targetUri);
      } catch {
        // A missing or unreadable file leaves a hole, not a failed import.
        return { description: `(unresolved reference ${node.$ref})` };
      }
      return walk(pointer(targetRoot, fragment), targetUri, targetRoot, [...seen, key]);
    }
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      // Vendor extensions (code samples, display hints) are not needed for tools.
      if (k.startsWith("x-")) continue;
      out[k] = await walk(v, fileUri, fileRoot, seen);
    }
    return out;
  }
  return (await walk(root, rootUri, root, [])) as Json;
}
