// NAB benchmark: runs the observability anomaly engine over every NAB series with labels,
// scores it with our NAB scorer (nab-scorer.ts) on the three profiles, and reports the
// points/s the engine scored.
//   node --import tsx bench/observability/nab.ts [--data <NAB dir>] [--half dev|holdout]
//     [--detector engine|random] [--write]
// --half scores only one half of the files (split by a hash of the file name, not by content):
// tune on dev, check on holdout. --write appends the run to bench/RESULTS.md.
import { createHash } from "node:crypto";
import { appendFileSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { seededRandom } from "../../server/modules/costs/analysis/seeded-random.ts";
import { scoreSeries } from "../../server/modules/observability/anomaly/anomaly-engine.ts";
import {
  parseSeriesCsv,
  parseTimestamp,
} from "../../server/modules/observability/anomaly/series-csv.ts";
import { NAB_PROFILES, type ScoredFile, scoreCorpus } from "./nab-scorer.ts";

const { values: args } = parseArgs({
  options: {
    data: { type: "string", default: process.env.NAB_DATA ?? "/work/shared/data/nab" },
    half: { type: "string" },
    write: { type: "boolean", default: false },
    detector: { type: "string", default: "engine" },
  },
});

// Published standard-profile scores on the full 58-file corpus (NAB scoreboard).
const PUBLISHED: [string, number][] = [
  ["ARTime", 74.9],
  ["Numenta HTM", 70.5],
  ["CAD OSE", 69.9],
  ["earthgecko Skyline", 58.2],
  ["Random Cut Forest", 51.7],
  ["windowed Gaussian", 39.6],
  ["random", 11.0],
  ["null", 0],
];

const isHoldout = (name: string) => createHash("sha1").update(name).digest()[0]! % 2 === 1;

// NAB's "random" baseline (uniform scores), seeded so runs repeat: where chance lands on this
// subset of the corpus, to read our score against.
const random = seededRandom(42);

const windowsByFile = JSON.parse(
  readFileSync(path.join(args.data, "labels/combined_windows.json"), "utf8"),
) as Record<string, [string, string][]>;

const files: ScoredFile[] = [];
let points = 0;
let engineMs = 0;
let engineCpuMs = 0;
for (const [name, windows] of Object.entries(windowsByFile).sort()) {
  if (args.half && isHoldout(name) !== (args.half === "holdout")) continue;
  const series = parseSeriesCsv(readFileSync(path.join(args.data, "data", name), "utf8"));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const scores =
    args.detector === "random"
      ? series.map(random)
      : scoreSeries(series).map((verdict) => verdict.score);
  const cpu = process.cpuUsage(cpuBefore);
  engineMs += performance.now() - started;
  engineCpuMs += (cpu.user + cpu.system) / 1000;
  points += series.length;
  files.push({
    name,
    times: series.map((p) => p.timestamp),
    scores,
    windows: windows.map(([from, to]): [number, number] => [
      parseTimestamp(from),
      parseTimestamp(to),
    ]),
  });
}

const results = scoreCorpus(files, NAB_PROFILES);
const windowCount = files.reduce((n, f) => n + f.windows.length, 0);
const perSecond = (ms: number) => Math.round(points / (ms / 1000)).toLocaleString("en");
const lines = [
  `files ${files.length}, windows ${windowCount}, points ${points}${args.half ? ` (half: ${args.half})` : ""}`,
  ...Object.entries(results).map(
    ([profile, r]) =>
      `${profile.padEnd(20)} score ${r.score.toFixed(1).padStart(6)}  threshold ${r.threshold.toFixed(4)}  windows detected ${windowCount - r.fn}/${windowCount}  false-positive rows ${r.fp}`,
  ),
  // CPU time is the steadier number on a shared machine; wall time is what a caller waits.
  `engine: ${perSecond(engineCpuMs)} points/s of CPU time (${(engineCpuMs / 1000).toFixed(2)} s), ${perSecond(engineMs)} points/s wall (${(engineMs / 1000).toFixed(2)} s), one thread, load average ${os.loadavg()[0]!.toFixed(1)}`,
];
console.log(lines.join("\n"));

// Standard-profile scores of parts of the corpus, each with its own best threshold: the halves
// used while developing (dev tuned on, holdout only checked) and the NAB groups.
const standardOf = (subset: ScoredFile[]) =>
  scoreCorpus(subset, { standard: NAB_PROFILES.standard! }).standard!;
const parts: [string, ScoredFile[]][] = [];
if (!args.half) {
  parts.push(["dev half", files.filter((f) => !isHoldout(f.name))]);
  parts.push(["holdout half", files.filter((f) => isHoldout(f.name))]);
}
for (const group of new Set(files.map((f) => f.name.split("/")[0]!))) {
  parts.push([group, files.filter((f) => f.name.startsWith(`${group}/`))]);
}
for (const [label, subset] of parts) {
  if (subset.every((f) => f.windows.length === 0)) continue; // nothing to normalise by
  const part = standardOf(subset);
  lines.push(
    `  standard on ${label.padEnd(22)} ${part.score.toFixed(1).padStart(5)} (${subset.length} files, own threshold ${part.threshold.toFixed(3)})`,
  );
}
console.log(lines.slice(5).join("\n"));

if (args.write) {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const section = [
    "",
    `## NAB anomaly detection (${args.detector === "random" ? "random baseline" : "observability anomaly engine"}) — ${new Date().toISOString().slice(0, 10)}`,
    "",
    `Machine: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}.`,
    `Data: ${args.data}: ${files.length} of NAB's 58 labelled files (artificial*, realAdExchange, realTraffic, realTweets); realAWSCloudwatch and realKnownCause are not in the provided copy, so these scores are not on the published scoreboard's corpus.`,
    "",
    "```",
    ...lines,
    "```",
    "",
    "Published standard-profile scores (full 58-file corpus): " +
      PUBLISHED.map(([n, s]) => `${n} ${s}`).join(", "),
    "",
  ];
  appendFileSync(path.join(root, "bench/RESULTS.md"), section.join("\n"));
}
