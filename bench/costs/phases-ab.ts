// The importer's JavaScript stages before/after, without a database: each run is a child
// process of its own, the two checkouts alternating run by run so machine load hits both
// alike; then both checkouts' COPY text for the file, compared by md5 (it must not change).
//   node --import tsx bench/costs/phases-ab.ts --before /path/to/old/checkout [--file cur.csv] [--runs 3]
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { defaultCurPath } from "./generate-cur.ts";
import type { PhaseSplit } from "./phases.ts";

const { values: args } = parseArgs({
  options: {
    before: { type: "string" },
    file: { type: "string" },
    runs: { type: "string" },
    child: { type: "string" },
    job: { type: "string" },
  },
});
const here = path.resolve(fileURLToPath(import.meta.url), "../../..");

if (args.child) {
  const file = args.file as string;
  if (args.job === "md5") {
    type Lines = typeof import("../../server/modules/costs/import/ledger-lines.ts");
    const lines: Lines = await import(
      path.resolve(args.child, "server/modules/costs/import/ledger-lines.ts")
    );
    const opened = await lines.openLedgerFile({
      filePath: file,
      fileName: path.basename(file),
      workspaceId: "00000000-0000-0000-0000-000000000001",
      importId: "00000000-0000-0000-0000-000000000002",
    });
    const hash = createHash("md5");
    const chunks = opened.chunks();
    let next = await chunks.next();
    for (; !next.done; next = await chunks.next()) hash.update(next.value.data);
    hash.update(JSON.stringify(next.value));
    console.log(JSON.stringify({ md5: hash.digest("hex"), rows: next.value.rows }));
  } else {
    type Phases = typeof import("./phases.ts");
    const phases: Phases = await import(path.resolve(args.child, "bench/costs/phases.ts"));
    console.log(JSON.stringify(await phases.splitPhases(file)));
  }
  process.exit(0);
}

if (!args.before) throw new Error("--before <checkout> is required");
const file = args.file ?? defaultCurPath(200_000);
const runs = Number(args.runs ?? 3);
const inChild = (checkout: string, job: string) =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        fileURLToPath(import.meta.url),
        "--child",
        checkout,
        "--job",
        job,
        "--file",
        file,
      ],
      { encoding: "utf8", cwd: here, maxBuffer: 1 << 20 },
    ).trim(),
  );

const sides = { before: path.resolve(args.before), after: here };
const results: Record<string, PhaseSplit[]> = { before: [], after: [] };
const loads: number[] = [];
for (let run = 0; run < runs; run++)
  for (const side of run % 2 === 0 ? ["before", "after"] : ["after", "before"]) {
    loads.push(os.loadavg()[0] as number);
    const split: PhaseSplit = inChild(sides[side as "before"], "phases");
    results[side]?.push(split);
    const us = (ms: number) => ((ms * 1000) / split.rows).toFixed(1);
    console.log(
      `${side.padEnd(6)} read ${us(split.readMs)}  map ${us(split.mapMs)}  conformance ${us(split.conformanceMs)}  serialise ${us(split.serialiseMs)}  total ${us(split.totalMs)}  cpu ${us(split.cpuMs)} µs/row  (load ${loads.at(-1)?.toFixed(2)})`,
    );
  }

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
console.log(`\nmedian of ${runs} runs, µs/row (load average ${median(loads).toFixed(2)}):`);
console.log("| stage | before | after |");
console.log("| --- | ---: | ---: |");
for (const stage of [
  "readMs",
  "mapMs",
  "conformanceMs",
  "serialiseMs",
  "totalMs",
  "cpuMs",
] as const) {
  const cell = (side: string) =>
    median((results[side] ?? []).map((s) => (s[stage] * 1000) / s.rows)).toFixed(1);
  console.log(`| ${stage.replace(/Ms$/, "")} | ${cell("before")} | ${cell("after")} |`);
}

const md5 = {
  before: inChild(sides.before, "md5"),
  after: inChild(sides.after, "md5"),
};
const same = md5.before.md5 === md5.after.md5;
console.log(
  `\nledger COPY text: before ${md5.before.md5}, after ${md5.after.md5} (${md5.after.rows} rows) — ${same ? "identical" : "DIFFERENT"}`,
);
if (!same) process.exitCode = 1;
