// The Numenta Anomaly Benchmark scoring rules, written from Lavin & Ahmad, "Evaluating
// Real-time Anomaly Detection Algorithms – the Numenta Anomaly Benchmark" (ICMLA 2015) and the
// NAB whitepaper, with the corner cases (window edges, probation length, tie handling) matched
// to how the published scoreboard was computed:
// - each labelled window is a span of rows; a detection (score ≥ threshold) inside it earns
//   A_TP · σ(y)/σ(−1), where y ∈ [−1, 0) is its position relative to the window's right edge
//   and σ(y) = 2/(1+e^{5y}) − 1, so the earliest detection earns exactly A_TP; only the best
//   (earliest) detection of a window counts;
// - a detection outside every window costs A_FP · σ(y), y being its distance past the previous
//   window's right edge in window widths (−A_FP when there is no previous window), so
//   detections just after a window cost almost nothing;
// - each window without a detection costs A_FN; true negatives cost and earn nothing (A_TN is
//   part of the profiles but the NAB score gives it no weight);
// - the first 15 % of each file (at most 750 rows) is probation: never scored;
// - one threshold per detector and profile, chosen to maximise the score over the whole
//   corpus; the raw score is normalised so that the null detector scores 0 and a perfect one
//   (a detection at the first row of every window, nothing else) 100.

export interface CostProfile {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** The three NAB application profiles (A_TP, A_FP, A_FN, A_TN). */
export const NAB_PROFILES: Record<string, CostProfile> = {
  standard: { tp: 1, fp: 0.11, fn: 1, tn: 1 },
  reward_low_FP_rate: { tp: 1, fp: 0.22, fn: 1, tn: 1 },
  reward_low_FN_rate: { tp: 1, fp: 0.11, fn: 2, tn: 1 },
};

export const PROBATION_SHARE = 0.15;

/** One file of the corpus: its timestamps (ms), the detector's scores, its labelled windows. */
export interface ScoredFile {
  name: string;
  times: number[];
  scores: number[];
  /** [start, end] in ms, inclusive, in time order. */
  windows: [number, number][];
}

/** The scaled sigmoid of the NAB paper: +0.987 at a window's left edge, 0 at its right edge. */
export function scaledSigmoid(position: number): number {
  if (position >= 3) return -1;
  return 2 / (1 + Math.exp(5 * position)) - 1;
}

export function probationLength(rows: number): number {
  return Math.min(Math.floor(PROBATION_SHARE * rows), PROBATION_SHARE * 5000);
}

/** A scorable row: its detector score, its window (index in the corpus, or −1) and its weight. */
interface Row {
  score: number;
  window: number;
  /** For a row in a window: its TP reward before A_TP; outside: its FP cost before A_FP. */
  unweighted: number;
}

interface PreparedCorpus {
  rows: Row[];
  windowCount: number;
}

const MAX_TP = scaledSigmoid(-1);

function rowRange(times: number[], [start, end]: [number, number]): [number, number] {
  let left = times.findIndex((t) => t >= start);
  if (left < 0) left = times.length;
  let right = left - 1;
  while (right + 1 < times.length && times[right + 1]! <= end) right++;
  return [left, right];
}

/** Every scorable row of the corpus with its window and sigmoid weight (profile-independent). */
export function prepareCorpus(files: ScoredFile[]): PreparedCorpus {
  const rows: Row[] = [];
  let windowCount = 0;
  for (const file of files) {
    if (file.times.length !== file.scores.length) {
      throw new Error(
        `${file.name}: ${file.times.length} timestamps, ${file.scores.length} scores`,
      );
    }
    const probation = probationLength(file.times.length);
    const ranges = file.windows.map((w) => rowRange(file.times, w)).filter(([l, r]) => r >= l);
    const windowIds = ranges.map(() => -1);
    let next = 0;
    let previous: { right: number; width: number } | undefined;
    for (let i = 0; i < file.times.length; i++) {
      const range = ranges[next];
      let window = -1;
      let unweighted: number;
      if (range && i >= range[0] && i <= range[1]) {
        const width = range[1] - range[0] + 1;
        unweighted = scaledSigmoid(-(range[1] - i + 1) / width) / MAX_TP;
        if (i >= probation) {
          if (windowIds[next] === -1) windowIds[next] = windowCount++;
          window = windowIds[next]!;
        }
        if (i === range[1]) {
          previous = { right: i, width };
          next++;
        }
      } else {
        // A one-row window has no width to measure distance in: every later row is "far".
        const position =
          previous && previous.width > 1 ? (i - previous.right) / (previous.width - 1) : 3;
        unweighted = scaledSigmoid(position);
      }
      if (i < probation) continue;
      rows.push({ score: file.scores[i]!, window, unweighted });
    }
  }
  return { rows, windowCount };
}

export interface ThresholdResult {
  threshold: number;
  raw: number;
  tp: number;
  fp: number;
  fn: number;
  /** Normalised: null detector 0, perfect detector 100. */
  score: number;
}

interface Cut {
  threshold: number;
  raw: number;
  tp: number;
  fp: number;
  detected: number;
}

/**
 * Walks the rows from the highest score down and reports the running tally at every threshold
 * that separates rows (between distinct scores): rows with score ≥ threshold are detections.
 * The first cut is the null detector's (a threshold above every score).
 */
function* cuts(corpus: PreparedCorpus, profile: CostProfile): Generator<Cut> {
  const order = [...corpus.rows].sort((a, b) => b.score - a.score);
  const best = new Float64Array(corpus.windowCount).fill(Number.NaN);
  let windowPart = -profile.fn * corpus.windowCount;
  let fpPart = 0;
  let tp = 0;
  let fp = 0;
  let detected = 0;
  yield { threshold: Number.POSITIVE_INFINITY, raw: windowPart, tp: 0, fp: 0, detected: 0 };
  for (let i = 0; i < order.length; i++) {
    const row = order[i]!;
    if (row.window < 0) {
      fpPart += profile.fp * row.unweighted;
      fp++;
    } else {
      const reward = profile.tp * row.unweighted;
      const before = best[row.window]!;
      if (Number.isNaN(before)) {
        windowPart += profile.fn + reward;
        detected++;
        best[row.window] = reward;
      } else if (reward > before) {
        windowPart += reward - before;
        best[row.window] = reward;
      }
      tp++;
    }
    // A threshold separates rows only between distinct scores.
    if (i + 1 < order.length && order[i + 1]!.score === row.score) continue;
    yield { threshold: row.score, raw: windowPart + fpPart, tp, fp, detected };
  }
}

function resultOf(corpus: PreparedCorpus, profile: CostProfile, cut: Cut): ThresholdResult {
  const nullRaw = -profile.fn * corpus.windowCount;
  const span = profile.tp * corpus.windowCount - nullRaw;
  return {
    threshold: cut.threshold,
    raw: cut.raw,
    tp: cut.tp,
    fp: cut.fp,
    fn: corpus.windowCount - cut.detected,
    score: span === 0 ? 0 : (100 * (cut.raw - nullRaw)) / span,
  };
}

/**
 * Sweeps every distinct score as a threshold (rows with score ≥ threshold are detections) and
 * returns the best raw score over the corpus, normalised. A threshold above every score (no
 * detections at all, the null detector) is one of the candidates.
 */
export function bestThreshold(corpus: PreparedCorpus, profile: CostProfile): ThresholdResult {
  let best: Cut | undefined;
  for (const cut of cuts(corpus, profile)) if (!best || cut.raw > best.raw) best = cut;
  return resultOf(corpus, profile, best!);
}

/**
 * The score at a threshold chosen elsewhere (rows with score ≥ `threshold` are detections):
 * how a threshold picked on one part of a corpus does on another.
 */
export function scoreAtThreshold(
  corpus: PreparedCorpus,
  profile: CostProfile,
  threshold: number,
): ThresholdResult {
  let last: Cut | undefined;
  for (const cut of cuts(corpus, profile)) {
    if (cut.threshold < threshold) break;
    last = cut;
  }
  return { ...resultOf(corpus, profile, last!), threshold };
}

/** NAB scores of one detector's output over a corpus, for each profile. */
export function scoreCorpus(
  files: ScoredFile[],
  profiles: Record<string, CostProfile> = NAB_PROFILES,
): Record<string, ThresholdResult> {
  const corpus = prepareCorpus(files);
  return Object.fromEntries(
    Object.entries(profiles).map(([name, profile]) => [name, bestThreshold(corpus, profile)]),
  );
}
