/** The explorer's relative periods, newest data always included. */
export const RANGES = [
  { value: "15m", label: "Last 15 minutes", ms: 15 * 60_000 },
  { value: "1h", label: "Last hour", ms: 3_600_000 },
  { value: "6h", label: "Last 6 hours", ms: 6 * 3_600_000 },
  { value: "24h", label: "Last 24 hours", ms: 86_400_000 },
  { value: "7d", label: "Last 7 days", ms: 7 * 86_400_000 },
  { value: "30d", label: "Last 30 days", ms: 30 * 86_400_000 },
] as const;
export type RangeValue = (typeof RANGES)[number]["value"];

/** The period of a relative range ending now, to the minute so queries cache for a minute. */
export function periodOf(range: RangeValue, now = Date.now()): { from: string; to: string } {
  const ms = RANGES.find((r) => r.value === range)?.ms ?? 3_600_000;
  const end = Math.ceil(now / 60_000) * 60_000;
  return { from: new Date(end - ms).toISOString(), to: new Date(end).toISOString() };
}

export const LEVEL_COLORS: Record<string, string> = {
  trace: "#a1a1aa",
  debug: "#71717a",
  info: "#2563eb",
  warn: "#d97706",
  error: "#dc2626",
  fatal: "#7f1d1d",
};
