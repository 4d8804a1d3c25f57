// Summarises a V8 .cpuprofile from `npm run bench -- --profile`: how busy the thread was each
// second, then self time per package/source area and the hottest functions within a window, so
// start-up (module loading, migrations) can be left out.
// Usage: node --import tsx bench/profile.ts <file.cpuprofile> [--from s] [--to s] [--top n]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

function area(url: string): string {
  if (!url) return "(native / V8)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node core";
  const own = /\/(server|bench)\/(.+?)\/[^/]+$/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { from: { type: "string" }, to: { type: "string" }, top: { type: "string" } },
});
const file = positionals[0];
if (!file)
  throw new Error("usage: bench/profile.ts <file.cpuprofile> [--from s] [--to s] [--top n]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const from = Number(values.from ?? 0) * 1e6;
const to = Number(values.to ?? Number.POSITIVE_INFINITY) * 1e6;
const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));

const busyPerSecond: number[] = [];
const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
let busy = 0;
let elapsed = 0;
const add = (map: Map<string, number>, key: string, micros: number) =>
  map.set(key, (map.get(key) ?? 0) + micros);

profile.samples.forEach((id, i) => {
  const micros = profile.timeDeltas[i] ?? 0;
  elapsed += micros;
  const frame = frames.get(id)!;
  if (frame.functionName === "(idle)") return;
  const second = Math.floor(elapsed / 1e6);
  busyPerSecond[second] = (busyPerSecond[second] ?? 0) + micros;
  if (elapsed < from || elapsed > to) return;
  busy += micros;
  const where = area(frame.url);
  add(byArea, where, micros);
  add(
    byFunction,
    `${frame.functionName || "(anonymous)"}  ${where}:${frame.lineNumber + 1}`,
    micros,
  );
});

const timeline = Array.from(busyPerSecond, (m) => Math.round((m ?? 0) / 1e4));
console.log(`${file}: ${(elapsed / 1e6).toFixed(1)} s; busy % per second:\n${timeline.join(" ")}`);
const top = Number(values.top ?? 20);
const print = (title: string, entries: Map<string, number>) => {
  console.log(`\n${title} (% of busy time in the window)`);
  for (const [name, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((micros / busy) * 100).toFixed(1).padStart(5)}%  ${name}`);
  }
};
print("Self time by area", byArea);
print("Hottest functions, self time", byFunction);
