import { invalid } from "../../../platform/errors.ts";
import { type LogLine, levelFromName, lineTime } from "../logs/log-line.ts";
import type { IngestSource } from "./ingest-keys.service.ts";
import { dateFromNanos } from "./otlp-values.ts";

interface LokiPush {
  streams?: Array<{
    stream?: Record<string, string>;
    values?: Array<[string, string, Record<string, string>?]>;
  }>;
}

/** Labels that name the service, in the order Grafana's own tools look for one. */
const SERVICE_LABELS = ["service_name", "service", "app", "application", "job", "container"];
const LEVEL_LABELS = ["level", "detected_level", "severity", "lvl"];

function firstLabel(labels: Record<string, unknown>, names: readonly string[]) {
  for (const name of names) {
    const value = labels[name];
    if (value && typeof value === "string") return value;
  }
  return undefined;
}

/** Loki's timestamp: nanoseconds as a string of digits (a whole JSON number is taken too). */
function isNanos(value: unknown): boolean {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 && value < 1e19;
  return typeof value === "string" && /^\d{1,19}$/.test(value);
}

/** Lines of a Loki push request (JSON: `{streams:[{stream, values:[[ns, line, meta?]]}]}`). */
export function linesFromLokiPush(payload: unknown, source: IngestSource, received: Date) {
  const push = payload as LokiPush;
  if (!push || !Array.isArray(push.streams)) throw invalid("streams", "expected a streams array");
  const lines: LogLine[] = [];
  push.streams.forEach((stream, i) => {
    const labels = stream.stream ?? {};
    if (!Array.isArray(stream.values)) throw invalid(`streams.${i}.values`, "expected an array");
    const service = firstLabel(labels, SERVICE_LABELS) ?? source.defaultService;
    for (const [j, entry] of stream.values.entries()) {
      const metadata = Array.isArray(entry) ? entry[2] : undefined;
      if (
        !Array.isArray(entry) ||
        typeof entry[1] !== "string" ||
        (metadata != null && (typeof metadata !== "object" || Array.isArray(metadata)))
      )
        throw invalid(
          `streams.${i}.values`,
          "each value is [timestamp, line, metadata?], metadata an object of labels",
        );
      // Loki refuses the whole push (400) for a timestamp that is not nanoseconds as digits.
      if (!isNanos(entry[0]))
        throw invalid(
          `streams.${i}.values.${j}`,
          `timestamp ${JSON.stringify(entry[0]) ?? "undefined"} is not nanoseconds since the epoch, as digits in a string ("1700000000000000000")`,
        );
      const attributes: Record<string, unknown> = { ...labels, ...(entry[2] ?? {}) };
      lines.push({
        workspaceId: source.workspaceId,
        time: lineTime(dateFromNanos(entry[0]), received, attributes),
        service,
        level: levelFromName(firstLabel(attributes, LEVEL_LABELS)) ?? "info",
        message: entry[1],
        attributes,
        resourceId: source.resourceId,
        keyId: source.keyId,
      });
    }
  });
  return lines;
}
