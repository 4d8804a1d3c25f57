import { invalid } from "../../../platform/errors.ts";

export interface CsvPoint {
  /** The timestamp and value as written in the file, echoed back unchanged. */
  timeText: string;
  valueText: string;
  timestamp: number;
  value: number;
}

const NAIVE_DATE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * Milliseconds since the epoch from ISO 8601 / "YYYY-MM-DD hh:mm:ss" (read as UTC when it has
 * no zone) or from a number of epoch seconds (or milliseconds, when above 1e11). NaN if none.
 */
export function parseTimestamp(text: string): number {
  const trimmed = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) {
    const n = Number(trimmed);
    return Math.abs(n) > 1e11 ? n : n * 1000;
  }
  const iso = NAIVE_DATE_TIME.test(trimmed) ? `${trimmed.replace(" ", "T")}Z` : trimmed;
  return Date.parse(iso);
}

const unquote = (cell: string) => cell.trim().replace(/^"(.*)"$/, "$1");

/**
 * A reader of `timestamp,value` lines, one at a time (so files of any length stream through):
 * the first non-empty line may be a header, extra columns are ignored, timestamps must not go
 * back in time. Returns undefined for blank and header lines; errors name the line.
 */
export function createSeriesLineReader(): (line: string) => CsvPoint | undefined {
  let lineNumber = 0;
  let previous: number | undefined;
  let isFirst = true;
  return (line) => {
    lineNumber++;
    if (line.trim() === "") return undefined;
    const [timeText = "", valueText = ""] = line.split(",").map(unquote);
    const timestamp = parseTimestamp(timeText);
    const value = valueText === "" ? Number.NaN : Number(valueText);
    const wasFirst = isFirst;
    isFirst = false;
    if (wasFirst && (Number.isNaN(timestamp) || Number.isNaN(value))) return undefined;
    if (Number.isNaN(timestamp)) {
      throw invalid("timestamp", `line ${lineNumber}: "${timeText}" is not a timestamp`);
    }
    if (!Number.isFinite(value)) {
      throw invalid("value", `line ${lineNumber}: "${valueText}" is not a number`);
    }
    if (previous !== undefined && timestamp < previous) {
      throw invalid(
        "timestamp",
        `line ${lineNumber}: ${timeText} is earlier than the line before it; sort the file by time`,
      );
    }
    previous = timestamp;
    return { timeText, valueText, timestamp, value };
  };
}

/** Every point of a `timestamp,value` CSV text, in file order. */
export function parseSeriesCsv(text: string): CsvPoint[] {
  const read = createSeriesLineReader();
  const points: CsvPoint[] = [];
  for (const line of text.split(/\r?\n/)) {
    const point = read(line);
    if (point) points.push(point);
  }
  return points;
}
