// Points in the run whose exceedances are counted (two hours of 5-minute points).
const RUN_POINTS = 24;
// Share of ordinary points above the 90th percentile of |z|.
const BODY_SHARE = 0.1;
// Score 0.5 when the count is this rare for independent points (log10 of the binomial tail),
// with the point score's logistic steepness in the ratio of log-rarities.
const BAND_LOG_RARITY = 5;
const STEEPNESS = 4;
// Running 99.7th percentile of the count (stochastic quantile step, as ForecastModel's tails).
const TAIL = 0.003;
const TAIL_RATE = 0.04;

/** ln of the binomial coefficient C(n, k). */
function lnChoose(n: number, k: number): number {
  let sum = 0;
  for (let i = 1; i <= k; i++) sum += Math.log((n - k + i) / i);
  return sum;
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialTail(n: number, k: number, p: number): number {
  let sum = 0;
  for (let j = k; j <= n; j++) {
    sum += Math.exp(lnChoose(n, j) + j * Math.log(p) + (n - j) * Math.log(1 - p));
  }
  return Math.min(1, sum);
}

/**
 * How many of the last 24 points were above the model's 90th percentile of |z|: a shift or a
 * burst of activity that no single point reveals (each stays inside the band, and a heavy-
 * tailed or spiky series' mean of z moves too little) shows as too many ordinary-looking
 * exceedances in a row. The count scores by how rare it would be for independent points
 * (binomial, share 0.1), and only when it is also above the count's own 99.7th percentile so
 * far: a series whose exceedances come in runs anyway (bursty, or a forecast that misfits
 * one part of the day) has already shown such counts.
 */
export class ExceedanceRun {
  private readonly marks: number[] = [];
  count = 0;
  /** About the 99.7th percentile of the count lately. */
  tailCount = 3;
  /** The score when this run first reached the band; the run scores no higher until it ends. */
  private cap: number | undefined;
  /** 0..1 after the latest point: 0.5 when the count is as rare as 1 in 10^5. */
  score = 0;

  push(exceeded: boolean): void {
    const mark = exceeded ? 1 : 0;
    this.marks.push(mark);
    this.count += mark;
    if (this.marks.length > RUN_POINTS) this.count -= this.marks.shift()!;
    if (this.marks.length < RUN_POINTS) return;
    const above = this.count > this.tailCount ? 1 : 0;
    this.tailCount = Math.max(1, this.tailCount * Math.exp(TAIL_RATE * (above - TAIL)));
    if (!above) {
      this.cap = undefined;
      this.score = 0;
      return;
    }
    const ratio = -Math.log10(binomialTail(RUN_POINTS, this.count, BODY_SHARE)) / BAND_LOG_RARITY;
    const score = ratio > 0 ? 1 / (1 + ratio ** -STEEPNESS) : 0;
    // A run's count grows point by point as it goes on: that is the same news, not worse news
    // (the episode would otherwise report it again once it scored 0.3 higher).
    this.score = Math.min(score, this.cap ?? 1);
    if (this.cap === undefined && score >= 0.5) this.cap = score;
  }
}
