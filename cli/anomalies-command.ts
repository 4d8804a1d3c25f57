import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { AnomalyEngine } from "../server/modules/observability/anomaly/anomaly-engine.ts";
import { createSeriesLineReader } from "../server/modules/observability/anomaly/series-csv.ts";
import { AppError } from "../server/platform/errors.ts";

const round = (n: number) => String(Number(n.toPrecision(6)));
const scoreText = (score: number) => String(Number(score.toFixed(6)));

/** Reads `timestamp,value` lines and writes each with its anomaly score, as they come. */
async function scoreCsv(file: string, explain: boolean): Promise<void> {
  if (file !== "-") {
    // A pipe or device is read like a file: `<(…)` process substitution, /dev/stdin.
    const info = await stat(file).catch(() => undefined);
    if (!info) throw new AppError("invalid_input", `${file}: no such file`);
    if (info.isDirectory()) throw new AppError("invalid_input", `${file}: is a directory`);
  }
  const input = file === "-" ? process.stdin : createReadStream(file, "utf8");
  const read = createSeriesLineReader();
  const engine = new AnomalyEngine();
  const out: string[] = [
    explain
      ? "timestamp,value,anomaly_score,expected,lower,upper,period_seconds"
      : "timestamp,value,anomaly_score",
  ];
  const flush = async () => {
    // Respect back-pressure: a slow reader (a pipe into less) must not make us buffer the file.
    if (!process.stdout.write(`${out.join("\n")}\n`)) {
      await new Promise((resolve) => process.stdout.once("drain", resolve));
    }
    out.length = 0;
  };
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    const point = withFileName(file, () => read(line));
    if (!point) continue;
    const verdict = engine.update(point.timestamp, point.value);
    let row = `${point.timeText},${point.valueText},${scoreText(verdict.score)}`;
    if (explain) {
      const period = verdict.periodMs === null ? "" : String(verdict.periodMs / 1000);
      row += verdict.isWarmingUp
        ? ",,,,"
        : `,${round(verdict.expected)},${round(verdict.lower)},${round(verdict.upper)},${period}`;
    }
    out.push(row);
    if (out.length >= 4096) await flush();
  }
  if (out.length > 0) await flush();
}

/** Errors of the file's rows start with the file's name ("-" is stdin). */
function withFileName<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const name = file === "-" ? "stdin" : file;
    throw new AppError(error.code, `${name}: ${error.message}`, error.details);
  }
}

/** `glasspane anomalies score <csv>`: the anomaly engine on a file, no database or server. */
export function registerAnomalyCommands(program: Command): void {
  const anomalies = program
    .command("anomalies")
    .description("Anomaly detection on time series, offline (no database or server needed)");
  anomalies
    .command("score")
    .description(
      "Score a timestamp,value CSV (header optional; '-' for stdin): writes timestamp,value,anomaly_score (0..1)",
    )
    .argument("<csv>", "CSV file with timestamp,value rows in time order, or - for stdin")
    .option(
      "--explain",
      "also write the expected value, the band (lower, upper) and the cycle used",
    )
    .action(async (file: string, options: { explain?: boolean }) => {
      await scoreCsv(file, options.explain ?? false);
    });
}
