// `glasspane anomalies score` as a user runs it: a real process, a CSV on disk, no database.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freshDataDir, runCli } from "../support/process.ts";

const scratch = freshDataDir();
afterAll(() => scratch.remove());

// Four days of 15-minute points with a daily cycle and deterministic jitter; one spike.
const START = Date.UTC(2026, 0, 5);
const STEP = 15 * 60_000;
const SPIKE = 300;
const rows = Array.from({ length: 4 * 96 }, (_, i) => {
  const daily = 50 + 20 * Math.sin((2 * Math.PI * i) / 96);
  const jitter = ((i * 7919) % 13) / 13 - 0.5;
  const value = i === SPIKE ? daily + 60 : daily + jitter;
  return { time: new Date(START + i * STEP).toISOString(), value: value.toFixed(3) };
});

function writeCsv(name: string, lines: string[]): string {
  const file = path.join(scratch.dir, name);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

const withHeader = writeCsv("series.csv", [
  "timestamp,value",
  ...rows.map((r) => `${r.time},${r.value}`),
]);

describe("glasspane anomalies score", () => {
  it("writes every row back with a score in 0..1, highest at the spike", async () => {
    const result = await runCli(["anomalies", "score", withHeader], {});
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("timestamp,value,anomaly_score");
    expect(lines).toHaveLength(rows.length + 1);
    const scored = lines.slice(1).map((line) => line.split(","));
    scored.forEach(([time, value, score], i) => {
      expect(time).toBe(rows[i]!.time);
      expect(value).toBe(rows[i]!.value);
      expect(Number(score)).toBeGreaterThanOrEqual(0);
      expect(Number(score)).toBeLessThanOrEqual(1);
    });
    const scores = scored.map((cells) => Number(cells[2]));
    expect(scores[SPIKE]).toBeGreaterThan(0.9);
    expect(Math.max(...scores.filter((_, i) => i !== SPIKE))).toBeLessThan(0.5);
  }, 120_000);

  it("reads a file without a header the same way and explains on request", async () => {
    const bare = writeCsv(
      "bare.csv",
      rows.map((r) => `${r.time},${r.value}`),
    );
    const [plain, explained] = await Promise.all([
      runCli(["anomalies", "score", withHeader], {}),
      runCli(["anomalies", "score", "--explain", bare], {}),
    ]);
    expect(explained.code).toBe(0);
    const lines = explained.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("timestamp,value,anomaly_score,expected,lower,upper,period_seconds");
    const scoresOf = (text: string) =>
      text
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((line) => line.split(",")[2]);
    expect(scoresOf(explained.stdout)).toEqual(scoresOf(plain.stdout));
    const [, value, , expected, lower, upper] = lines[SPIKE + 1]!.split(",").map(Number);
    expect(value).toBeGreaterThan(upper!);
    expect(lower!).toBeLessThan(expected!);
    expect(Math.abs(expected! - (value! - 60))).toBeLessThan(5);
  }, 120_000);

  it("names the file, line and field of a bad timestamp and exits 2", async () => {
    const bad = writeCsv("bad.csv", ["timestamp,value", `${rows[0]!.time},1`, "yesterday,2"]);
    const result = await runCli(["anomalies", "score", bad], {});
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      `glasspane: ${bad}: timestamp: line 3: "yesterday" is not a timestamp`,
    ]);
  }, 120_000);

  it("reads a named pipe like a file (process substitution, /dev/stdin)", async () => {
    const fifo = path.join(scratch.dir, "series.fifo");
    execFileSync("mkfifo", [fifo]);
    const lines = ["timestamp,value", ...rows.map((r) => `${r.time},${r.value}`)];
    const [result] = await Promise.all([
      runCli(["anomalies", "score", fifo], {}),
      writeFile(fifo, `${lines.join("\n")}\n`), // opening blocks until the CLI reads
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split("\n")).toHaveLength(rows.length + 1);
  }, 120_000);

  it("refuses a directory with exit code 2", async () => {
    const dir = path.join(scratch.dir, "a-folder");
    mkdirSync(dir);
    const result = await runCli(["anomalies", "score", dir], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/a-folder: is a directory/);
  }, 120_000);

  it("refuses a missing file with exit code 2", async () => {
    const result = await runCli(["anomalies", "score", path.join(scratch.dir, "none.csv")], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/none\.csv: no such file/);
  }, 120_000);
});
