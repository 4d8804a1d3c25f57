// The unseen group of the NAB bench ("C"): series from a second NAB directory (groups the
// provided copy lacks) that no engine decision was made on, reported at their own best
// threshold and at the thresholds chosen on the provided data.
import {
  NAB_PROFILES,
  prepareCorpus,
  type ScoredFile,
  scoreAtThreshold,
  scoreCorpus,
  type ThresholdResult,
} from "./nab-scorer.ts";

export interface ScoredDirectory {
  files: ScoredFile[];
  points: number;
  engineMs: number;
  engineCpuMs: number;
  /** Labelled files whose CSV is not in the directory (a partial copy), skipped. */
  missing: string[];
}

const groupOf = (name: string) => name.split("/")[0]!;

/** One table row: the score and threshold of every profile. */
export function partRow(label: string, results: ThresholdResult[]): string {
  return `  ${label.padEnd(24)} ${results.map((r) => `${r.score.toFixed(1)} @${r.threshold.toFixed(3)}`.padStart(20)).join("")}`;
}

/**
 * Rows for the unseen directory: all of it and each group at their own best threshold (what
 * NAB would report had it been tuned there), then at the threshold chosen on the provided
 * data and on half A — the honest numbers, since a deployment cannot pick its threshold on
 * labels it does not have.
 */
export function unseenLines(
  scored: ScoredDirectory,
  providedResults: Record<string, ThresholdResult>,
  halfAResults: Record<string, ThresholdResult>,
): string[] {
  const names = Object.keys(NAB_PROFILES);
  const { files: cFiles, missing } = scored;
  const windows = cFiles.reduce((n, f) => n + f.windows.length, 0);
  const out = [
    `  C (unseen): ${cFiles.length} files, ${windows} windows, ${scored.points} points${missing.length > 0 ? `; ${missing.length} labelled files not in the directory, skipped` : ""}`,
  ];
  if (windows === 0) return out;
  const own = scoreCorpus(cFiles);
  out.push(
    partRow(
      `C (unseen) (${cFiles.length})`,
      names.map((p) => own[p]!),
    ),
  );
  for (const group of new Set(cFiles.map((f) => groupOf(f.name)))) {
    const members = cFiles.filter((f) => groupOf(f.name) === group);
    if (members.every((f) => f.windows.length === 0)) continue;
    const part = scoreCorpus(members);
    out.push(
      partRow(
        `C ${group} (${members.length})`,
        names.map((p) => part[p]!),
      ),
    );
  }
  const corpus = prepareCorpus(cFiles);
  const carried = (from: Record<string, ThresholdResult>) =>
    names.map((p) => scoreAtThreshold(corpus, NAB_PROFILES[p]!, from[p]!.threshold));
  out.push(partRow("C at provided threshold", carried(providedResults)));
  if (Object.keys(halfAResults).length > 0)
    out.push(partRow("C at A's threshold", carried(halfAResults)));
  return out;
}
