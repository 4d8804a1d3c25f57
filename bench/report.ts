import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import type { Measurement } from "./load.ts";

/** The issue's goal for Glass Pane targets, relative to the bare route measured in the same run. */
export const GOAL = { minRatio: 0.5, maxP99Ms: 20 };

/** Starts each run's section in RESULTS.md, so the preamble and older runs can be told apart. */
export const MARKER = "<!-- bench:run -->";

export interface Row {
  target: string;
  operation: string;
  measurement: Measurement;
  /** Throughput relative to the bare route for the same operation; absent for the bare route. */
  ratio?: number;
}

export function goalMet(row: Row): boolean | undefined {
  if (row.ratio === undefined) return undefined;
  const m = row.measurement;
  // Errors would make the latency look better than it is: autocannon only times 2xx responses.
  return row.ratio >= GOAL.minRatio && m.p99 <= GOAL.maxP99Ms && m.errors === 0 && m.non2xx === 0;
}

function readOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}

function gitRevision(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "server"], {
      encoding: "utf8",
    }).trim();
    return dirty ? `${head} (server/ has uncommitted changes)` : head;
  } catch {
    return "unknown";
  }
}

export function machine(): Record<string, string> {
  const cpuinfo = readOr("/proc/cpuinfo", "");
  const field = (name: string) =>
    new RegExp(`^${name}\\s*:\\s*(.+)$`, "m").exec(cpuinfo)?.[1]?.trim();
  // Virtual CPUs often report only a brand ("AMD EPYC"): family/model and clock tell them apart.
  const detail = [
    field("cpu family") && `family ${field("cpu family")} model ${field("model")}`,
    field("cpu MHz") && `${Math.round(Number(field("cpu MHz")))} MHz`,
    / hypervisor( |$)/m.test(field("flags") ?? "") && "virtual machine",
  ].filter(Boolean);
  const model = field("model name") ?? os.cpus()[0]?.model ?? "unknown";
  const distro =
    /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readOr("/etc/os-release", ""))?.[1] ?? os.type();
  return {
    CPU: detail.length ? `${model} (${detail.join(", ")})` : model,
    Cores: String(os.availableParallelism()),
    Memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    Node: process.version,
    OS: `${distro} (${os.platform()} ${os.release()} ${os.arch()})`,
    Revision: gitRevision(),
  };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function table(rows: Row[]): string {
  const header = [
    "Target",
    "Operation",
    "req/s (mean)",
    "× bare",
    "p50 ms",
    "p97.5 ms",
    "p99 ms",
    "server CPU µs/req",
    "requests",
    "errors",
    "non-2xx",
    "Goal",
  ];
  const lines = rows.map((row) => {
    const m = row.measurement;
    const met = goalMet(row);
    return [
      row.target,
      row.operation,
      fmt(m.requestsPerSecond),
      row.ratio === undefined ? "1.00" : fmt(row.ratio, 2),
      String(m.p50),
      String(m.p97_5),
      String(m.p99),
      m.serverCpuMicros === undefined ? "—" : fmt(m.serverCpuMicros, 1),
      fmt(m.total),
      String(m.errors),
      String(m.non2xx),
      met === undefined ? "—" : met ? "PASS" : "FAIL",
    ];
  });
  // Padded the way Biome formats Markdown tables, so RESULTS.md stays Biome-clean as written.
  const widths = header.map((_, i) =>
    Math.max(3, ...[header, ...lines].map((cells) => cells[i]!.length)),
  );
  const separator = widths.map((width) => "-".repeat(width));
  return [header, separator, ...lines]
    .map((cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`)
    .join("\n");
}

export interface Section {
  date: Date;
  settings: string;
  rows: Row[];
  notes: string[];
}

export function renderSection(section: Section): string {
  const when = section.date.toISOString().replace("T", " ").slice(0, 16);
  const info = Object.entries(machine())
    .map(([key, value]) => `- ${key}: ${value}`)
    .join("\n");
  const notes = section.notes.map((note) => `- ${note}`).join("\n");
  return [
    `${MARKER}\n## ${when} UTC`,
    info,
    `Settings: ${section.settings}`,
    table(section.rows),
    `Goal: ≥ ${GOAL.minRatio} × the bare route's throughput, p99 ≤ ${GOAL.maxP99Ms} ms, no errors.`,
    notes,
  ]
    .filter(Boolean)
    .join("\n\n");
}

const PREAMBLE = `# Benchmark results

Written by \`npm run bench\` (see [README.md](README.md)); newest run first. Absolute numbers
depend on the machine and its load at the time: compare the ratio to the bare route, which is
measured in the same run.
`;

/** Puts the new section first and keeps every earlier run below it. */
export function prependSection(file: string, section: string): void {
  const current = existsSync(file) ? readFileSync(file, "utf8") : PREAMBLE;
  const at = current.indexOf(MARKER);
  const head = (at === -1 ? current : current.slice(0, at)).trimEnd();
  const history = at === -1 ? "" : `\n\n${current.slice(at).trim()}`;
  writeFileSync(file, `${head}\n\n${section}${history}\n`);
}
