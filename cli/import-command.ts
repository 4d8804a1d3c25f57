import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import Decimal from "decimal.js";
import { describeImportProgress } from "../server/modules/costs/import/import-phases.ts";
import { AppError } from "../server/platform/errors.ts";
import type { Connection } from "./connect.ts";
import { describeError } from "./connect.ts";

const BILLING_FILE = /\.(csv|csv\.gz|gz|parquet|json|jsonl|ndjson)$/i;

interface ImportOutput {
  id: string;
  rows: number;
  replacedRows: number;
  format: string;
  periods: {
    billingAccountId: string | null;
    billingPeriodStart: string | null;
    currency: string | null;
    billedCost: string;
  }[];
  conformance: { passed: number; failed: number } | null;
}

/** Files named on the command line; directories contribute their billing files, recursively. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const info = await stat(given).catch(() => {
      throw new AppError("invalid_input", `${given}: no such file or directory`);
    });
    if (!info.isDirectory()) {
      files.push(given);
      continue;
    }
    const entries = await readdir(given, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (entry.isFile() && BILLING_FILE.test(entry.name))
        files.push(path.join(entry.parentPath, entry.name));
    }
  }
  return files.sort();
}

/**
 * `glasspane import costs <file|dir>...`: one import per file, each all or nothing. A file
 * replaces earlier imports of its accounts' months; with --parts the files are one export's
 * parts and add up.
 */
export function registerImportCommands(program: Command, open: () => Promise<Connection>): void {
  const importCommand = program.command("import").description("Import data from files");
  importCommand
    .command("costs")
    .description(
      "Import billing files into the cost ledger: FOCUS, AWS CUR (CSV/Parquet), Azure cost details, GCP billing export, OCI, DigitalOcean",
    )
    .argument("<paths...>", "files or directories (searched for .csv, .csv.gz, .parquet, .jsonl)")
    .option(
      "--parts",
      "the files are parts of one export (a month delivered as several files): they add up instead of replacing one another",
    )
    .action(async (paths: string[], options: { parts?: boolean }) => {
      const files = await expandPaths(paths);
      if (files.length === 0) throw new AppError("invalid_input", "No billing files found there");
      const connection = await open();
      let failed = 0;
      /** This run's imports: parts named alongside, or periods to warn about. */
      const done: { id: string; pairs: Set<string> }[] = [];
      try {
        for (const file of files) {
          const bar = new SingleBar({
            format: `${path.basename(file)} [{bar}] {percentage}% {detail}`,
            hideCursor: true,
            clearOnComplete: true,
            stream: process.stderr,
            noTTYOutput: false,
          });
          bar.start(1, 0, { detail: "" });
          try {
            const input = options.parts ? { alongside: done.map((d) => d.id) } : {};
            const output = (await connection.upload("costs.import", input, file, (p) => {
              bar.setTotal(Math.max(p.total, 1));
              // Rows and phase come from the import, run here or reported over /api/events.
              const detail = p.rows === undefined ? (p.detail ?? "") : describeImportProgress(p);
              bar.update(p.done, { detail });
            })) as ImportOutput;
            bar.stop();
            console.log(describeImport(file, output));
            const pairs = new Set(output.periods.map(pairOf));
            if (
              !options.parts &&
              output.replacedRows > 0 &&
              done.some((d) => overlaps(d.pairs, pairs))
            )
              console.log(
                "  it replaced a file imported just before for the same account and month; if the files are parts of one export, run again with --parts",
              );
            done.push({ id: output.id, pairs });
          } catch (error) {
            bar.stop();
            failed++;
            console.error(`✗ ${describeError(error)}`);
          }
        }
      } finally {
        await connection.close();
      }
      if (failed > 0) {
        console.error(
          failed === 1
            ? `1 of ${files.length} files was not imported; nothing of it was kept.`
            : `${failed} of ${files.length} files were not imported; nothing of them was kept.`,
        );
        process.exitCode = 1;
      }
    });
}

const pairOf = (p: ImportOutput["periods"][number]) =>
  `${p.billingAccountId ?? ""} ${(p.billingPeriodStart ?? "").slice(0, 7)}`;
const overlaps = (a: Set<string>, b: Set<string>) => [...a].some((pair) => b.has(pair));

function describeImport(file: string, output: ImportOutput): string {
  const accounts = new Set(output.periods.map((p) => p.billingAccountId ?? "(none)"));
  const periods = [...new Set(output.periods.map((p) => (p.billingPeriodStart ?? "").slice(0, 7)))];
  const totals = new Map<string, string[]>();
  for (const p of output.periods) {
    const list = totals.get(p.currency ?? "") ?? [];
    list.push(p.billedCost);
    totals.set(p.currency ?? "", list);
  }
  const billed = [...totals].map(([currency, amounts]) =>
    `${sumDecimals(amounts)} ${currency}`.trim(),
  );
  const lines = [
    `✓ ${file} (${output.format})`,
    `  rows ${output.rows.toLocaleString("en")}, periods ${periods.join(", ")}, accounts ${[...accounts].join(", ")}`,
    `  BilledCost ${billed.join(" + ")}`,
    output.conformance
      ? `  FOCUS 1.2 conformance: ${output.conformance.passed} rules pass, ${output.conformance.failed} fail`
      : "  FOCUS 1.2 conformance: not checked",
  ];
  if (output.replacedRows > 0)
    lines.push(
      `  replaced ${output.replacedRows.toLocaleString("en")} rows of earlier imports for the same periods`,
    );
  return lines.join("\n");
}

/** Exact sum of decimal strings, shown to the cent. */
function sumDecimals(values: string[]): string {
  return values
    .reduce((sum, value) => sum.plus(value), new Decimal(0))
    .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
    .toFixed(2);
}
