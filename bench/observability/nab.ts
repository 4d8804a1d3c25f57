// NAB benchmark: runs the observability anomaly engine over every NAB series with labels,
// scores it with our NAB scorer (nab-scorer.ts) on the three profiles, and reports the
// points/s the engine scored.
//   node --import tsx bench/observability/nab.ts [--data <NAB dir>] [--half A|B]
//     [--unseen <NAB dir>] [--detector engine|random] [--write]
// --half scores only one half of the files (stratified: within each NAB group, files alternate
// between the halves in the order of a hash of their name, not by content): decide on A,
// check on B. --unseen (or NAB_UNSEEN) scores a second NAB directory of the same layout as a
// group "C (unseen)", reported apart and never part of the headline or its thresholds: series
// no decision was made on, read at their own threshold and at the provided data's. --write
// appends the run to bench/RESULTS.md.
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
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
import {
  NAB_PROFILES,
  prepareCorpus,
  type ScoredFile,
  scoreAtThreshold,
  scoreCorpus,
  type ThresholdResult,
} from "./nab-scorer.ts";
import { partRow, type ScoredDirectory, unseenLines } from "./nab-unseen.ts";

const { values: args } = parseArgs({
  options: {
    data: { type: "string", default: process.env.NAB_DATA ?? "/work/shared/data/nab" },
    unseen: { type: "string", default: process.env.NAB_UNSEEN },
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

const groupOf = (name: string) => name.split("/")[0]!;
const hashOf = (name: string) => createHash("sha1").update(`nab-split:${name}`).digest("hex");

/**
 * Stratified halves: within each NAB group the files, ordered by a hash of their name,
 * alternate between A (where changes are decided) and B (held out, only checked), so each
 * half holds about half of every kind of series.
 */
function halfOf(names: string[]): Map<string, "A" | "B"> {
  const halves = new Map<string, "A" | "B">();
  for (const group of new Set(names.map(groupOf))) {
    const members = names.filter((n) => groupOf(n) === group);
    members.sort((a, b) => hashOf(a).localeCompare(hashOf(b)));
    for (const [i, name] of members.entries()) halves.set(name, i % 2 === 0 ? "A" : "B");
  }
  return halves;
}

// NAB's "random" baseline (uniform scores), seeded so runs repeat: where chance lands on this
// subset of the corpus, to read our score against.
const random = seededRandom(42);

/** Runs the detector over every labelled series of a NAB directory that `keep` accepts. */
function scoreDirectory(dir: string, keep: (name: string) => boolean): ScoredDirectory {
  const windowsByFile = JSON.parse(
    readFileSync(path.join(dir, "labels/combined_windows.json"), "utf8"),
  ) as Record<string, [string, string][]>;
  const scored: ScoredDirectory = {
    files: [],
    points: 0,
    engineMs: 0,
    engineCpuMs: 0,
    missing: [],
  };
  for (const [name, windows] of Object.entries(windowsByFile).sort()) {
    if (!keep(name)) continue;
    const file = path.join(dir, "data", name);
    if (!existsSync(file)) {
      scored.missing.push(name);
      continue;
    }
    const series = parseSeriesCsv(readFileSync(file, "utf8"));
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const scores =
      args.detector === "random"
        ? series.map(random)
        : scoreSeries(series).map((verdict) => verdict.score);
    const cpu = process.cpuUsage(cpuBefore);
    scored.engineMs += performance.now() - started;
    scored.engineCpuMs += (cpu.user + cpu.system) / 1000;
    scored.points += series.length;
    scored.files.push({
      name,
      times: series.map((p) => p.timestamp),
      scores,
      windows: windows.map(([from, to]): [number, number] => [
        parseTimestamp(from),
        parseTimestamp(to),
      ]),
    });
  }
  return scored;
}

const providedLabels = JSON.parse(
  readFileSync(path.join(args.data, "labels/combined_windows.json"), "utf8"),
) as Record<string, unknown>;
const halves = halfOf(Object.keys(providedLabels));
const provided = scoreDirectory(
  args.data,
  (name) => !args.half || halves.get(name) === args.half.toUpperCase(),
);
const { files, points, engineMs, engineCpuMs } = provided;
// Unseen files are scored after the provided ones and kept apart: nothing below that picks a
// threshold or a headline number sees them.
const unseen = args.unseen ? scoreDirectory(args.unseen, () => true) : undefined;

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

// Scores of parts of the corpus on every profile: each part with its own best threshold (as
// NAB would choose it for that part), and half B also at half A's threshold — the honest test
// of whether one threshold carries over to series it was not chosen on.
const parts: [string, ScoredFile[]][] = [];
if (!args.half) {
  parts.push(["half A (decide)", files.filter((f) => halves.get(f.name) === "A")]);
  parts.push(["half B (held out)", files.filter((f) => halves.get(f.name) === "B")]);
}
for (const group of new Set(files.map((f) => groupOf(f.name)))) {
  parts.push([group, files.filter((f) => groupOf(f.name) === group)]);
}
const profileNames = Object.keys(NAB_PROFILES);
lines.push(
  `  ${"part".padEnd(24)} ${profileNames.map((p) => p.padStart(20)).join("")}   (own threshold per profile)`,
);
const halfAResults: Record<string, ThresholdResult> = {};
for (const [label, subset] of parts) {
  if (subset.every((f) => f.windows.length === 0)) continue; // nothing to normalise by
  const part = scoreCorpus(subset);
  if (label.startsWith("half A")) Object.assign(halfAResults, part);
  lines.push(
    partRow(
      `${label} (${subset.length})`,
      profileNames.map((p) => part[p]!),
    ),
  );
}
if (!args.half) {
  const b = prepareCorpus(files.filter((f) => halves.get(f.name) === "B"));
  const carried = profileNames.map((p) =>
    scoreAtThreshold(b, NAB_PROFILES[p]!, halfAResults[p]!.threshold),
  );
  lines.push(partRow("B at A's threshold", carried));
}
if (unseen) lines.push(...unseenLines(unseen, results, halfAResults));
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
