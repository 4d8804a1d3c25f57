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

/** A timestamp the line may carry, bounded to sane years; otherwise the receive time. */
export function lineTime(candidate: Date | undefined, received: Date): Date {
  if (!candidate || Number.isNaN(candidate.getTime())) return received;
  const year = candidate.getUTCFullYear();
  return year < 2000 || year > 2200 ? received : candidate;
}

/** Services and messages are bounded so one bad sender cannot bloat rows without limit. */
export const MAX_MESSAGE_CHARS = 64 * 1024;
export const MAX_SERVICE_CHARS = 200;
