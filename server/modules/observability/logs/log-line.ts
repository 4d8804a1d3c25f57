/** Log levels, from OpenTelemetry's severity ranges (and syslog's eight severities mapped in). */
export const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export type Level = (typeof LEVELS)[number];

/** One log line as stored, whatever protocol brought it. */
export interface LogLine {
  workspaceId: string;
  time: Date;
  service: string;
  level: Level;
  message: string;
  attributes: Record<string, unknown>;
  resourceId: string | null;
  keyId: string | null;
}

const ALIASES: Record<string, Level> = {
  trace: "trace",
  debug: "debug",
  info: "info",
  information: "info",
  informational: "info",
  notice: "info",
  warn: "warn",
  warning: "warn",
  error: "error",
  err: "error",
  fatal: "fatal",
  critical: "fatal",
  crit: "fatal",
  alert: "fatal",
  emerg: "fatal",
  emergency: "fatal",
  panic: "fatal",
};

/** A level from a name ("WARNING", "err", "Information"), or undefined when unknown. */
export function levelFromName(name: string | undefined | null): Level | undefined {
  if (!name) return undefined;
  return ALIASES[name.trim().toLowerCase()];
}

/** OpenTelemetry SeverityNumber (1–24, four per level) to a level; 0 (unspecified) is info. */
export function levelFromSeverityNumber(n: number | undefined): Level | undefined {
  if (!n || n < 1) return undefined;
  return LEVELS[Math.min(5, Math.floor((n - 1) / 4))];
}

/** Syslog severity (RFC 5424 §6.2.1: 0 emergency … 7 debug). */
export function levelFromSyslogSeverity(severity: number): Level {
  if (severity <= 2) return "fatal";
  if (severity === 3) return "error";
  if (severity === 4) return "warn";
  if (severity <= 6) return "info";
  return "debug";
}

/**
 * How far past its receive time a line's own time may be and still be kept: clocks drift a
 * little (Loki's `creation_grace_period` is the same 10 min). Beyond it the time is the
 * sender's mistake (a wrong clock, local time sent without a zone): kept as it was, the line
 * would sit after every explorer range, which ends at now, and outlive the retention.
 */
export const FUTURE_GRACE_MS = 10 * 60_000;

/** The attribute that keeps a time the line carried when the receive time was used instead. */
export const SENT_TIME_ATTRIBUTE = "glasspane.sent_time";

/**
 * The time to store a line at: its own, if it has a sane year and is at most FUTURE_GRACE_MS
 * after `received`; otherwise the receive time, and a time the sender did give is recorded in
 * `attributes` under SENT_TIME_ATTRIBUTE (as `sent`, or else the time in ISO 8601).
 */
export function lineTime(
  candidate: Date | undefined,
  received: Date,
  attributes: Record<string, unknown>,
  sent?: string,
): Date {
  if (!candidate || Number.isNaN(candidate.getTime())) return received;
  const year = candidate.getUTCFullYear();
  const isSane =
    year >= 2000 && year <= 2200 && candidate.getTime() - received.getTime() <= FUTURE_GRACE_MS;
  if (isSane) return candidate;
  attributes[SENT_TIME_ATTRIBUTE] = sent ?? candidate.toISOString();
  return received;
}

/** Services and messages are bounded so one bad sender cannot bloat rows without limit. */
export const MAX_MESSAGE_CHARS = 64 * 1024;
export const MAX_SERVICE_CHARS = 200;
