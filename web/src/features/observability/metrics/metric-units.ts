import type { Aggregation } from "./metric-state.ts";

/** What a charted value measures, read from the metric's name (Prometheus naming: base units). */
export type MetricUnit = "bytes" | "bytes/s" | "seconds";

/**
 * The unit of what a query charts, by the Prometheus naming conventions: `_bytes` and
 * `_seconds` are the base units (a `_total` counter of them too). A count, a histogram's
 * `_count` or `_bucket` series and a rate of seconds (CPU seconds per second: cores) have none;
 * a quantile is in the unit of the histogram it reads. Undefined when the name says nothing.
 */
export function unitOfQuery(metric: string, aggregation: Aggregation): MetricUnit | undefined {
  if (aggregation === "count") return undefined;
  const isQuantile = /^p\d+$/.test(aggregation);
  let name = metric;
  if (isQuantile) name = name.replace(/_bucket$/, "");
  else if (/_(count|bucket)$/.test(name)) return undefined;
  name = name.replace(/_(total|sum)$/, "");
  const base = name.endsWith("_bytes") ? "bytes" : name.endsWith("_seconds") ? "seconds" : null;
  if (!base) return undefined;
  if (aggregation === "rate") return base === "bytes" ? "bytes/s" : undefined;
  return base;
}

const IEC = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
/** Duration units, from the largest, each with its length in seconds. */
const DURATIONS: Array<[string, number]> = [
  ["d", 86_400],
  ["h", 3_600],
  ["min", 60],
  ["s", 1],
  ["ms", 1e-3],
  ["µs", 1e-6],
  ["ns", 1e-9],
];

/**
 * A value for an axis tick or a tooltip: bytes in IEC multiples (5.59 GiB, not "6B" as a
 * compact billion), seconds as a duration in the largest unit it reaches (250 ms, 1.5 h), and
 * anything else as a compact number (1.2K).
 */
export function formatMetricValue(value: number, unit: MetricUnit | undefined, locale: string) {
  if (!Number.isFinite(value)) return String(value);
  if (unit === "bytes" || unit === "bytes/s") {
    const number = new Intl.NumberFormat(locale, { maximumSignificantDigits: 3 });
    let scaled = value;
    let step = 0;
    while (Math.abs(scaled) >= 1024 && step < IEC.length - 1) {
      scaled /= 1024;
      step++;
    }
    return `${number.format(scaled)} ${IEC[step]}${unit === "bytes/s" ? "/s" : ""}`;
  }
  if (unit === "seconds") {
    if (value === 0) return "0 s";
    const number = new Intl.NumberFormat(locale, { maximumSignificantDigits: 3 });
    const [symbol, length] =
      DURATIONS.find(([, length]) => Math.abs(value) >= length) ?? DURATIONS.at(-1)!;
    return `${number.format(value / length)} ${symbol}`;
  }
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, notation: "compact" }).format(
    value,
  );
}
