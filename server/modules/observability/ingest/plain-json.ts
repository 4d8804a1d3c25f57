import { invalid } from "../../../platform/errors.ts";
import { type Level, type LogLine, levelFromName, lineTime } from "../logs/log-line.ts";
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

/**
 * A time as senders write it: ISO 8601 text, or an epoch number (or digits in a string) in
 * seconds, milliseconds, microseconds or nanoseconds, told apart by size. Anything else is
 * left to `lineTime`, which uses the receive time.
 */
export function parseTime(value: unknown): Date | undefined {
  if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value.trim())) {
    const digits = value.trim().split(".")[0]!;
    // Nanoseconds and microseconds lose their tail to a double: cut them as text first.
    if (digits.length > 16) return new Date(Number(digits.slice(0, -6)));
    if (digits.length > 13) return new Date(Number(digits.slice(0, -3)));
    value = Number(value);
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return undefined;
    if (value >= 1e17) return new Date(value / 1e6);
    if (value >= 1e14) return new Date(value / 1e3);
    return new Date(value < 1e11 ? value * 1000 : value);
  }
  if (typeof value === "string") return new Date(value);
  return undefined;
}

/** pino's and bunyan's numeric levels (10 trace … 60 fatal). */
const NUMERIC_LEVELS: Record<number, Level> = {
  10: "trace",
  20: "debug",
  30: "info",
  40: "warn",
  50: "error",
  60: "fatal",
};

function levelOf(value: unknown): Level {
  if (typeof value === "number") return NUMERIC_LEVELS[value] ?? "info";
  return levelFromName(String(value ?? "")) ?? "info";
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
    const named = typeof o.service === "number" ? String(o.service) : o.service;
    const service = typeof named === "string" && named ? named : source.defaultService;
    return {
      workspaceId: source.workspaceId,
      time: lineTime(parseTime(o.time ?? o.timestamp ?? o.ts), received, attributes),
      service,
      level: levelOf(o.level ?? o.severity),
      message,
      attributes,
      resourceId: source.resourceId,
      keyId: source.keyId,
    };
  });
}
