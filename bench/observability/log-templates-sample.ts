// Grouping accuracy of the patterns miner on hand-made samples of Loghub systems we do not hold
// (rows transcribed from the public logpai/loghub structured CSVs; they are not in this repo).
// A sample of ~150-370 rows is not the published 2k figure: read it as an estimate.
//   LOGHUB_SAMPLES=/tmp/loghub-extra npm run bench:logs:sample
//   ... -- --dir <folder>          the folder holding <System>.csv (Content, EventId, EventTemplate)
//   ... -- --show <System>         list the mis-grouped lines of one system
//   ... -- --first 150             also run the first 150 lines of each provided loghub-2k system
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Papa from "papaparse";
import { groupingAccuracy } from "../../server/modules/observability/patterns/accuracy.ts";
import { TemplateMiner } from "../../server/modules/observability/patterns/miner.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DATA = process.env.LOGHUB_DATA ?? path.resolve(ROOT, "../shared/data");

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

interface Sample {
  contents: string[];
  truth: string[];
}

function readCsv(file: string, label: "EventId" | "EventTemplate"): Sample {
  const rows = Papa.parse<Record<string, string>>(readFileSync(file, "utf8"), {
    header: true,
    skipEmptyLines: true,
  }).data;
  return { contents: rows.map((r) => r.Content ?? ""), truth: rows.map((r) => r[label] ?? "") };
}

/** As bench/observability/log-templates.ts: one pass learns, then each message is matched. */
function mine(contents: string[]) {
  const miner = new TemplateMiner();
  for (const content of contents) miner.add(content);
  return contents.map((content) => {
    const m = miner.match(content) ?? miner.add(content);
    return { id: m.templateId, template: m.template };
  });
}

/** Lines whose predicted group is not exactly their true group, grouped by true label. */
function show(sample: Sample) {
  const out = mine(sample.contents);
  const byPred = new Map<string, Set<string>>();
  const byTruth = new Map<string, Set<string>>();
  out.forEach((o, i) => {
    const t = sample.truth[i] as string;
    byPred.set(o.id, (byPred.get(o.id) ?? new Set()).add(t));
    byTruth.set(t, (byTruth.get(t) ?? new Set()).add(o.id));
  });
  const seen = new Set<string>();
  out.forEach((o, i) => {
    const t = sample.truth[i] as string;
    const merged = (byPred.get(o.id)?.size ?? 0) > 1;
    const split = (byTruth.get(t)?.size ?? 0) > 1;
    if (!merged && !split) return;
    const key = `${t}\u0000${o.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    const kind = [merged ? "over-merged" : "", split ? "over-split" : ""].filter(Boolean).join("+");
    console.log(`${kind}\t${t}\t${o.id}\t${o.template}\n    e.g. ${sample.contents[i]}`);
  });
}

function main() {
  const dir = flag("dir") ?? process.env.LOGHUB_SAMPLES ?? "/tmp/loghub-extra";
  const showSystem = flag("show");
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /^[A-Za-z]+\.csv$/.test(f))
        .sort()
    : [];
  if (files.length === 0) console.log(`No <System>.csv samples in ${dir}`);
  const rows: string[] = [];
  let sum = 0;
  for (const file of files) {
    const system = file.replace(/\.csv$/, "");
    const sample = readCsv(path.join(dir, file), "EventId");
    if (showSystem === system) show(sample);
    const ids = mine(sample.contents).map((o) => o.id);
    const ga = groupingAccuracy(ids, sample.truth);
    sum += ga;
    rows.push(
      `| ${system} | ${sample.contents.length} | ${new Set(sample.truth).size} | ${new Set(ids).size} | ${ga.toFixed(4)} |`,
    );
  }
  if (rows.length > 0) {
    console.log("| System (sample) | lines | true templates | found | GA (sample) |");
    console.log("|---|---|---|---|---|");
    console.log(rows.join("\n"));
    console.log(`| **Average** | | | | **${(sum / rows.length).toFixed(4)}** |`);
  }
  const first = Number(flag("first") ?? 0);
  if (first > 0) {
    const original = path.join(DATA, "loghub-2k");
    console.log(`\n| System (first ${first} lines) | true templates | GA (first ${first}) |`);
    console.log("|---|---|---|");
    for (const system of readdirSync(original).sort()) {
      const file = path.join(original, system, `${system}_2k.log_structured.csv`);
      if (!existsSync(file)) continue;
      const all = readCsv(file, "EventTemplate");
      const sample = { contents: all.contents.slice(0, first), truth: all.truth.slice(0, first) };
      if (showSystem === system) show(sample);
      const ga = groupingAccuracy(
        mine(sample.contents).map((o) => o.id),
        sample.truth,
      );
      console.log(`| ${system} | ${new Set(sample.truth).size} | ${ga.toFixed(4)} |`);
    }
  }
}

main();
