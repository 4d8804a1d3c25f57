import type { LogLine } from "./log-line.ts";

/** A page of logs.search. */
export interface Page {
  total: number;
  totalIsLowerBound: boolean;
  items: Array<{ id: string; time: string; service: string; level: string; message: string }>;
  nextCursor: string | null;
}

/** Test support for the log store's tests: a day, the tests' reference time, one line. */
export const DAY = 86_400_000;
export const base = Date.UTC(2026, 10, 20, 10, 0, 0);

/** A line `minute` minutes after `base` (or at `extra.time`), service api, level info. */
export function line(
  ws: string,
  minute: number,
  message: string,
  extra: Partial<LogLine> = {},
): LogLine {
  return {
    workspaceId: ws,
    time: new Date(base + minute * 60_000),
    service: "api",
    level: "info",
    message,
    attributes: {},
    resourceId: null,
    keyId: null,
    ...extra,
  };
}
