import { invalid } from "../../../platform/errors.ts";

export interface CsvPoint {
  /** The timestamp as written in the file, echoed back unchanged. */
  text: string;
  timestamp: number;
  value: number;
}

const NAIVE_DATE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * Milliseconds since the epoch from ISO 8601 / "YYYY-MM-DD hh:mm:ss" (read as UTC when it has
 * no zone) or from a number of epoch seconds (or milliseconds, when above 1e11).
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

/**
 * `timestamp,value` rows (a header row is optional, extra columns are ignored), in file
 * order. Errors name the line.
 */
export function parseSeriesCsv(text: string): CsvPoint[] {
  const points: CsvPoint[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const [rawTime = "", rawValue = ""] = line
      .split(",")
      .map((cell) => cell.trim().replace(/^"|"$/g, ""));
    const timestamp = parseTimestamp(rawTime);
    const value = rawValue === "" ? Number.NaN : Number(rawValue);
    if (
      points.length === 0 &&
      (Number.isNaN(timestamp) || Number.isNaN(value)) &&
      i === firstLine(lines)
    ) {
      continue; // the header
    }
    if (Number.isNaN(timestamp))
      throw invalid("timestamp", `line ${i + 1}: "${rawTime}" is not a timestamp`);
    if (!Number.isFinite(value))
      throw invalid("value", `line ${i + 1}: "${rawValue}" is not a number`);
    const previous = points[points.length - 1];
    if (previous && timestamp < previous.timestamp) {
      throw invalid(
        "timestamp",
        `line ${i + 1}: ${rawTime} is earlier than the line before it; sort the file by time`,
      );
    }
    points.push({ text: rawTime, timestamp, value });
  }
  return points;
}

const firstLine = (lines: string[]) => lines.findIndex((line) => line.trim() !== "");
