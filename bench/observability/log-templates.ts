// Log template accuracy and speed: grouping accuracy (Zhu et al., ICSE-SEIP 2019) of the
// patterns miner on each Loghub-2k system, original and corrected ground truth, next to Drain's
// published figure, and lines per second on one core. One configuration for every system.
//   npm run bench:logs                 print the table
//   npm run bench:logs -- --append     also append it to bench/RESULTS.md
// LOGHUB_DATA=<dir> points at a folder holding loghub-2k/, loghub-2k-corrected/ and
// logparser-benchmark-tables/ (default: ../shared/data next to the checkout).
import { appendFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Papa from "papaparse";
import { groupingAccuracy } from "../../server/modules/observability/patterns/accuracy.ts";
import { TemplateMiner } from "../../server/modules/observability/patterns/miner.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DATA = process.env.LOGHUB_DATA ?? path.resolve(ROOT, "../shared/data");

interface Labelled {
  contents: string[];
  templates: string[];
}

function readStructured(file: string): Labelled {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(file, "utf8"), {
    header: true,
    skipEmptyLines: true,
  });
  return {
    contents: parsed.data.map((row) => row.Content ?? ""),
    templates: parsed.data.map((row) => row.EventTemplate ?? ""),
  };
}

/**
 * Final grouping, as the published benchmark reads Drain's: one pass learns, then every message
 * gets the template it belongs to after the whole run.
 */
export function mine(contents: string[]): { ids: string[]; templates: number } {
  const miner = new TemplateMiner();
  for (const content of contents) miner.add(content);
  const ids = contents.map((content) => (miner.match(content) ?? miner.add(content)).templateId);
  return { ids, templates: new Set(ids).size };
}

function drainFigures(): Map<string, number> {
  const file = path.join(DATA, "logparser-benchmark-tables/logparser_readme_loghub2k_results.csv");
  const rows = Papa.parse<Record<string, string>>(readFileSync(file, "utf8"), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const out = new Map<string, number>();
  for (const row of rows) {
    if (row.Parser === "Drain" && row.Metric === "GroupingAccuracy") {
      out.set(row.Dataset ?? "", Number(row.Value));
    }
  }
  return out;
}

/**
 * Lines per second of `add` (mask + mine), by wall clock and by this process's CPU time: on a
 * shared machine the CPU figure is the one-core speed, the wall figure what was left to us.
 */
function throughput(all: string[][]): { wall: number; cpu: number; lines: number } {
  // Fresh miner per system and pass, so the exact-match cache never holds a previous pass.
  const lines = all.reduce((n, c) => n + c.length, 0);
  for (const contents of all) mine(contents); // warm-up (JIT)
  const passes = 10;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let p = 0; p < passes; p++) {
    for (const contents of all) {
      const miner = new TemplateMiner();
      for (const line of contents) miner.add(line);
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    wall: (lines * passes) / seconds,
    cpu: (lines * passes) / cpuSeconds,
    lines: lines * passes,
  };
}

function main() {
  const original = path.join(DATA, "loghub-2k");
  const corrected = path.join(DATA, "loghub-2k-corrected");
  const drain = drainFigures();
  const systems = readdirSync(original)
    .filter((name) => existsSync(path.join(original, name, `${name}_2k.log_structured.csv`)))
    .sort();
  const rows: string[] = [];
  const sums = { ga: 0, corrected: 0, drain: 0, n: 0, nCorrected: 0 };
  const allContents: string[][] = [];
  for (const system of systems) {
    const data = readStructured(path.join(original, system, `${system}_2k.log_structured.csv`));
    allContents.push(data.contents);
    const run = mine(data.contents);
    const ga = groupingAccuracy(run.ids, data.templates);
    const correctedFile = path.join(corrected, system, `${system}_2k.log_structured_corrected.csv`);
    let gaCorrected: number | undefined;
    if (existsSync(correctedFile)) {
      const fixed = readStructured(correctedFile);
      gaCorrected = groupingAccuracy(mine(fixed.contents).ids, fixed.templates);
      sums.corrected += gaCorrected;
      sums.nCorrected++;
    }
    const published = drain.get(system);
    sums.ga += ga;
    sums.drain += published ?? 0;
    sums.n++;
    const verdict = published === undefined ? "" : ga >= published ? "≥ Drain" : "< Drain";
    rows.push(
      `| ${system} | ${ga.toFixed(4)} | ${gaCorrected?.toFixed(4) ?? "–"} | ${published?.toFixed(4) ?? "–"} | ${verdict} | ${run.templates} / ${new Set(data.templates).size} |`,
    );
  }
  const speed = throughput(allContents);
  const table = [
    "| System | GA (loghub-2k) | GA (corrected) | Drain (published) | | templates found / true |",
    "|---|---|---|---|---|---|",
    ...rows,
    `| **Average** | **${(sums.ga / sums.n).toFixed(4)}** | **${(sums.corrected / Math.max(1, sums.nCorrected)).toFixed(4)}** | ${(sums.drain / sums.n).toFixed(4)} | | |`,
  ].join("\n");
  const rate = (n: number) => Math.round(n).toLocaleString("en");
  const summary = `Throughput (mask + mine, ${rate(speed.lines)} lines: 10 passes over the ${allContents.length} systems, a fresh miner per system and pass): ${rate(speed.cpu)} lines per CPU-second on one core; ${rate(speed.wall)} lines/s wall clock (load average ${os.loadavg()[0]?.toFixed(1)} during the run).`;
  console.log(table);
  console.log(summary);
  if (process.argv.includes("--append")) {
    const when = new Date().toISOString().slice(0, 16).replace("T", " ");
    const machine = `${os.cpus().length} cores (nproc), ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`;
    appendFileSync(
      path.join(ROOT, "bench/RESULTS.md"),
      `\n## Log templates (patterns miner), ${when} UTC\n\nMachine: ${machine}.\n\n${table}\n\n${summary}\n`,
    );
  }
}

main();
