import { invalid } from "../../../platform/errors.ts";
import {
  type Level,
  type LogLine,
  levelFromName,
  levelFromSeverityNumber,
  lineTime,
} from "../logs/log-line.ts";
import type { IngestSource } from "./ingest-keys.service.ts";
import {
  type AnyValue,
  attributesObject,
  dateFromNanos,
  type KeyValue,
  objects,
  plainValue,
} from "./otlp-values.ts";

interface LogRecord {
  timeUnixNano?: unknown;
  observedTimeUnixNano?: unknown;
  severityNumber?: number | string;
  severityText?: string;
  body?: AnyValue;
  attributes?: KeyValue[];
  traceId?: string;
  spanId?: string;
  eventName?: string;
}
interface ExportLogs {
  resourceLogs?: Array<{
    resource?: { attributes?: KeyValue[] };
    scopeLogs?: Array<{ scope?: { name?: string }; logRecords?: LogRecord[] }>;
  }>;
}

/** OTLP/JSON writes trace ids in hex, protobuf carries bytes (base64 once decoded). */
function hexId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  if (/^[0-9a-f]+$/i.test(id) && id.length % 2 === 0) return id.toLowerCase();
  const hex = Buffer.from(id, "base64").toString("hex");
  return /^0*$/.test(hex) ? undefined : hex;
}

/** The service a resource names (OTel `service.name`), unless it is the SDK's placeholder. */
export function serviceFromResource(attrs: Record<string, unknown>): string | undefined {
  const name = attrs["service.name"];
  if (typeof name !== "string" || name === "" || name.startsWith("unknown_service"))
    return undefined;
  return name;
}

const SEVERITY_NAMES: Record<string, number> = {
  SEVERITY_NUMBER_TRACE: 1,
  SEVERITY_NUMBER_DEBUG: 5,
  SEVERITY_NUMBER_INFO: 9,
  SEVERITY_NUMBER_WARN: 13,
  SEVERITY_NUMBER_ERROR: 17,
  SEVERITY_NUMBER_FATAL: 21,
};

function levelOf(record: LogRecord): Level {
  const n =
    typeof record.severityNumber === "string"
      ? (SEVERITY_NAMES[record.severityNumber.replace(/\d$/, "")] ?? Number(record.severityNumber))
      : record.severityNumber;
  return levelFromSeverityNumber(n) ?? levelFromName(record.severityText) ?? "info";
}

/** Lines of an OTLP logs export (JSON, or protobuf decoded to the same shape). */
export function linesFromOtlpLogs(
  payload: unknown,
  source: IngestSource,
  received: Date,
): LogLine[] {
  const lines: LogLine[] = [];
  if (payload === null || typeof payload !== "object" || Array.isArray(payload))
    throw invalid("body", "must be an OTLP ExportLogsServiceRequest object");
  const resourceLogs = objects<NonNullable<ExportLogs["resourceLogs"]>[number]>(
    (payload as ExportLogs).resourceLogs,
    "resourceLogs",
  );
  for (const [r, rl] of resourceLogs.entries()) {
    const at = `resourceLogs[${r}]`;
    const resourceAttrs = attributesObject(
      objects(rl.resource?.attributes, `${at}.resource.attributes`),
    );
    const service = serviceFromResource(resourceAttrs) ?? source.defaultService;
    for (const [s, sl] of objects<ScopeLogs>(rl.scopeLogs, `${at}.scopeLogs`).entries()) {
      const records = objects<LogRecord>(sl.logRecords, `${at}.scopeLogs[${s}].logRecords`);
      for (const [i, record] of records.entries()) {
        // A bare string body is what a hand-written sender means; OTLP wraps it in an AnyValue.
        const body = typeof record.body === "string" ? record.body : plainValue(record.body);
        const attributes: Record<string, unknown> = {
          ...prefixed("resource.", resourceAttrs),
          ...attributesObject(
            objects(record.attributes, `${at}.scopeLogs[${s}].logRecords[${i}].attributes`),
          ),
        };
        if (sl.scope?.name) attributes["otel.scope.name"] = sl.scope.name;
        const traceId = hexId(record.traceId);
        const spanId = hexId(record.spanId);
        if (traceId) attributes.trace_id = traceId;
        if (spanId) attributes.span_id = spanId;
        if (record.eventName) attributes["event.name"] = record.eventName;
        lines.push({
          workspaceId: source.workspaceId,
          time: lineTime(
            dateFromNanos(record.timeUnixNano) ?? dateFromNanos(record.observedTimeUnixNano),
            received,
            attributes,
          ),
          service,
          level: levelOf(record),
          message: typeof body === "string" ? body : body === null ? "" : JSON.stringify(body),
          attributes,
          resourceId: source.resourceId,
          keyId: source.keyId,
        });
      }
    }
  }
  return lines;
}

type ScopeLogs = NonNullable<NonNullable<ExportLogs["resourceLogs"]>[number]["scopeLogs"]>[number];

function prefixed(prefix: string, attrs: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) out[prefix + k] = v;
  return out;
}
