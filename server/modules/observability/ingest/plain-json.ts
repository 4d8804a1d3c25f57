import { invalid } from "../../../platform/errors.ts";
import { type LogLine, levelFromName, lineTime } from "../logs/log-line.ts";
import type { IngestSource } from "./ingest-keys.service.ts";

const KNOWN = new Set([
  "time",
  "timestamp",
  "ts",
  "service",
  "level",
  "severity",
  "message",
  "msg",
  "attributes",
]);

function parseTime(value: unknown): Date | undefined {
  if (typeof value === "number") return new Date(value < 1e11 ? value * 1000 : value);
  if (typeof value === "string") return new Date(value);
  return undefined;
}

/**
 * Lines of the plain JSON endpoint: an array of objects, `{lines: [...]}` or one object, each
 * `{ time?, service?, level?, message, attributes? }`; other fields become attributes.
 */
export function linesFromPlainJson(payload: unknown, source: IngestSource, received: Date) {
  const list = Array.isArray(payload)
    ? payload
    : Array.isArray((payload as { lines?: unknown })?.lines)
      ? (payload as { lines: unknown[] }).lines
      : [payload];
  return list.map((item, i): LogLine => {
    if (typeof item === "string") item = { message: item };
    if (!item || typeof item !== "object") throw invalid(`lines.${i}`, "expected an object");
    const o = item as Record<string, unknown>;
    const message = o.message ?? o.msg;
    if (typeof message !== "string") throw invalid(`lines.${i}.message`, "expected a string");
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (!KNOWN.has(k)) extra[k] = v;
    const attributes =
      o.attributes && typeof o.attributes === "object" ? { ...extra, ...o.attributes } : extra;
    const service = typeof o.service === "string" && o.service ? o.service : source.defaultService;
    return {
      workspaceId: source.workspaceId,
      time: lineTime(parseTime(o.time ?? o.timestamp ?? o.ts), received),
      service,
      level: levelFromName(String(o.level ?? o.severity ?? "")) ?? "info",
      message,
      attributes,
      resourceId: source.resourceId,
      keyId: source.keyId,
    };
  });
}
