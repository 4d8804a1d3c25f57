/**
 * Forecast and anomaly backtest on real AWS Cost and Usage Reports: trains on the first days
 * of the month, forecasts the rest, compares with what was billed. Prints Markdown and appends
 * it to bench/RESULTS.md (`--no-write` prints only).
 *
 *   node --import tsx bench/forecast/backtest.ts
 */
import { appendFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  type AnomalyOptions,
  detectAnomalies,
  explainAnomaly,
} from "../../server/modules/costs/analysis/anomaly.ts";
import {
  type DailyPoint,
  dateOfDay,
  dayNumber,
} from "../../server/modules/costs/analysis/daily-series.ts";
import { forecastDaily } from "../../server/modules/costs/analysis/forecast.ts";
import { machine } from "../report.ts";
import { type CurSeries, readCurCsv, readCurParquet } from "./cur-series.ts";

const DATA = process.env.BENCH_DATA_DIR ?? "/work/shared/data";
const RESULTS = fileURLToPath(new URL("../RESULTS.md", import.meta.url));
// A service is forecast on its own when it is at least this share of the account's cost.
const LARGE_SERVICE_SHARE = 0.05;
const LEVEL = 0.8;

interface Dataset {
  series: CurSeries;
  /** Days of the month trained on, one backtest each. */
  cutoffs: number[];
  /** The last whole day in the file, when its last day was cut short by the export. */
  lastDay?: string;
  anomalyRuns: AnomalyOptions[];
}

interface Row {
  data: string;
  series: string;
  train: number;
  horizon: number;
  method: string;
  mape: number;
  naiveMape: number;
  monthError: number;
  naiveMonthError: number;
  covered: number;
  totalCovered: boolean;
}

/** One value a day over [first, last], zero where the series has no line item. */
function densify(points: DailyPoint[], first: number, last: number): DailyPoint[] {
  const byDay = new Map(points.map((p) => [dayNumber(p.date), p.value]));
  return Array.from({ length: last - first + 1 }, (_, i) => ({
    date: dateOfDay(first + i),
    value: byDay.get(first + i) ?? 0,
  }));
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
// Mean absolute percentage error over the days that cost something (it is undefined at 0).
function mape(predicted: number[], actual: number[]): number {
  const errors = actual.flatMap((a, i) =>
    a === 0 ? [] : [Math.abs(predicted[i]! - a) / Math.abs(a)],
  );
  return errors.length === 0 ? Number.NaN : sum(errors) / errors.length;
}

function backtest(data: string, name: string, month: DailyPoint[], train: number): Row {
  const history = month.slice(0, train);
  const actual = month.slice(train).map((p) => p.value);
  const until = dateOfDay(dayNumber(month.at(-1)!.date) + 1);
  const forecast = forecastDaily(history, until, { level: LEVEL });
  const predicted = forecast.points.map((p) => p.value);
  // The naive baseline: the mean of the last seven days, every day.
  const naive = sum(history.slice(-7).map((p) => p.value)) / Math.min(7, history.length);
  const monthActual = sum(month.map((p) => p.value));
  const known = sum(history.map((p) => p.value));
  const restActual = sum(actual);
  return {
    data,
    series: name,
    train,
    horizon: actual.length,
    method: forecast.method,
    mape: mape(predicted, actual),
    naiveMape: mape(
      actual.map(() => naive),
      actual,
    ),
    monthError: (known + forecast.total - monthActual) / monthActual,
    naiveMonthError: (known + naive * actual.length - monthActual) / monthActual,
    covered: forecast.points.filter((p, i) => actual[i]! >= p.lower && actual[i]! <= p.upper)
      .length,
    totalCovered: restActual >= forecast.totalLower && restActual <= forecast.totalUpper,
  };
}

/** The account and its large services, each as one value a day over the whole file. */
function seriesOf({ account, services }: CurSeries, lastDay?: string): [string, DailyPoint[]][] {
  const first = dayNumber(account[0]!.date);
  const last = dayNumber(lastDay ?? account.at(-1)!.date);
  const total = sum(account.map((p) => p.value));
  const large = [...services]
    .map(([code, points]) => [code, sum(points.map((p) => p.value)), points] as const)
    .filter(([, cost]) => cost >= LARGE_SERVICE_SHARE * total)
    .sort((a, b) => b[1] - a[1]);
  return [
    ["account", densify(account, first, last)],
    ...large.map(([code, , points]): [string, DailyPoint[]] => [
      code,
      densify(points, first, last),
    ]),
  ];
}

const pct = (x: number) => (Number.isNaN(x) ? "—" : `${(100 * x).toFixed(1)} %`);
const signedPct = (x: number) => `${x >= 0 ? "+" : "−"}${(100 * Math.abs(x)).toFixed(1)} %`;

function markdownTable(header: string[], lines: string[][]): string {
  const widths = header.map((_, i) =>
    Math.max(3, ...[header, ...lines].map((cells) => cells[i]!.length)),
  );
  return [header, widths.map((w) => "-".repeat(w)), ...lines]
    .map((cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`)
    .join("\n");
}

function forecastTable(rows: Row[]): string {
  return markdownTable(
    [
      "Data",
      "Series",
      "Train",
      "Rest",
      "Method",
      "MAPE",
      "Naive MAPE",
      "Month total",
      "Naive month total",
      "Days in 80 % band",
      "Rest total in band",
    ],
    rows.map((r) => [
      r.data,
      r.series,
      `1–${r.train}`,
      String(r.horizon),
      r.method,
      pct(r.mape),
      pct(r.naiveMape),
      signedPct(r.monthError),
      signedPct(r.naiveMonthError),
      `${r.covered}/${r.horizon}`,
      r.totalCovered ? "yes" : "no",
    ]),
  );
}

/** What the detector flags over each whole series, and for the account which service drove it. */
function anomalyLines(dataset: CurSeries, options: AnomalyOptions, lastDay?: string): string[] {
  const lines: string[] = [];
  const all = seriesOf(dataset, lastDay);
  const children = [...dataset.services].map(([key, series]) => ({ key, series }));
  for (const [name, points] of all) {
    for (const a of detectAnomalies(points, options)) {
      const cause =
        name === "account"
          ? explainAnomaly(children, a.date)
              .slice(0, 2)
              .map(
                (c) =>
                  `${c.key} ${c.deviation >= 0 ? "+" : "−"}${Math.abs(c.deviation).toFixed(2)} (${pct(c.share)})`,
              )
              .join(", ")
          : "";
      lines.push(
        `${name}, ${a.date}: ${a.actual.toFixed(2)} against ${a.expected.toFixed(2)} expected ` +
          `(band ${a.lower.toFixed(2)}–${a.upper.toFixed(2)}, score ${a.score.toFixed(1)}, ${a.severity})` +
          (cause ? `; drivers: ${cause}` : ""),
      );
    }
  }
  return lines;
}

async function main() {
  const datasets: Dataset[] = [
    {
      series: await readCurParquet(
        "CUR workshop Oct 2018",
        path.join(DATA, "aws-cur-workshop-parquet/Oct2018-WorkshopCUR-00001.snappy.parquet"),
      ),
      cutoffs: [14, 21],
      anomalyRuns: [{}, { minHistory: 7 }],
    },
    {
      // The export holds 1–14 Nov 2023, and the 14th only from 3 of its hours (18 line items
      // against 29–226 on the other days): 1–13 is evaluated, training on about half and two
      // thirds of it. The whole account costs cents a day, under the default minImpact of 1.
      series: readCurCsv(
        "CUR sample Nov 2023",
        path.join(
          DATA,
          "focus-converters-native-samples/aws-cur-legacy-csv/sample-anonymous-aws-export-dataset.csv",
        ),
      ),
      cutoffs: [7, 10],
      lastDay: "2023-11-13",
      anomalyRuns: [{ minHistory: 7 }, { minHistory: 7, minImpact: 0 }],
    },
  ];
  const started = performance.now();
  const rows = datasets.flatMap(({ series, cutoffs, lastDay }) =>
    seriesOf(series, lastDay).flatMap(([name, month]) =>
      cutoffs.map((train) => backtest(series.name, name, month, train)),
    ),
  );
  const elapsed = performance.now() - started;
  const mean = (pick: (r: Row) => number) => sum(rows.map(pick)) / rows.length;
  const anomalies = datasets.flatMap(({ series, anomalyRuns, lastDay }) =>
    anomalyRuns.map((options) => ({
      title: `${series.name}, options ${JSON.stringify(options)}`,
      lines: anomalyLines(series, options, lastDay),
    })),
  );
  const section = [
    `## Cost forecast backtest, ${new Date().toISOString().replace("T", " ").slice(0, 16)} UTC`,
    Object.entries(machine())
      .map(([key, value]) => `- ${key}: ${value}`)
      .join("\n"),
    `Written by \`node --import tsx bench/forecast/backtest.ts\` (see [forecast/README.md](forecast/README.md)). ` +
      `Each series is trained on days 1–N of its file and forecast to its end, at a ${LEVEL * 100} % level; ` +
      `the naive baseline repeats the mean of the last 7 training days. "Month total" is the known ` +
      `days plus the forecast, against the billed total of the file. ${rows.length} backtests in ${elapsed.toFixed(0)} ms.`,
    forecastTable(rows),
    `Mean over the rows: MAPE ${pct(mean((r) => r.mape))} (naive ${pct(mean((r) => r.naiveMape))}), ` +
      `|month total error| ${pct(mean((r) => Math.abs(r.monthError)))} (naive ${pct(mean((r) => Math.abs(r.naiveMonthError)))}), ` +
      `days in the 80 % band ${pct(sum(rows.map((r) => r.covered)) / sum(rows.map((r) => r.horizon)))}, ` +
      `rest-of-month totals in their band ${rows.filter((r) => r.totalCovered).length}/${rows.length}.`,
    ...anomalies.map(
      ({ title, lines }) =>
        `Anomalies flagged over the whole file, ${title}:\n\n` +
        (lines.length ? lines.map((line) => `- ${line}`).join("\n") : "- none"),
    ),
  ].join("\n\n");
  console.log(section);
  if (!process.argv.includes("--no-write")) {
    appendFileSync(RESULTS, `\n${section}\n`);
    console.log(`\nAppended to ${RESULTS}`);
  }
}

await main();
