/**
 * What an import is doing: `reading` the file (each row mapped to FOCUS, checked for
 * conformance and copied into the ledger, chunk by chunk), `replacing` what earlier imports held
 * for the same accounts and periods, building the `rollups`.
 */
export type ImportPhase = "reading" | "replacing" | "rollups";

const AFTER_READING: Record<ImportPhase, string> = {
  reading: "",
  replacing: ", replacing earlier imports of the same periods",
  rollups: ", building roll-ups",
};

/** "12,000 rows, building roll-ups": an import's progress in words (the CLI's progress bar). */
export function describeImportProgress(progress: { phase?: string; rows?: number }): string {
  const rows = `${(progress.rows ?? 0).toLocaleString("en")} rows`;
  return rows + (AFTER_READING[progress.phase as ImportPhase] ?? "");
}
