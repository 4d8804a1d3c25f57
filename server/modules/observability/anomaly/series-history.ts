/**
 * The recent past of one series: timestamps (ms) and values in arrival order, capped in
 * length. Trimmed in chunks so appends stay O(1) amortised.
 */
export class SeriesHistory {
  readonly times: number[] = [];
  readonly values: number[] = [];

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.times.length;
  }

  push(time: number, value: number): void {
    this.times.push(time);
    this.values.push(value);
    if (this.times.length > this.capacity * 1.25) {
      const drop = this.times.length - this.capacity;
      this.times.splice(0, drop);
      this.values.splice(0, drop);
    }
  }

  /**
   * Index of the point nearest to `time`, when one lies within `tolerance` ms of it. Series
   * are sampled irregularly (gaps, jitter), so seasonal lags are taken in time, not in rows.
   */
  indexNear(time: number, tolerance: number): number {
    const { times } = this;
    let lo = 0;
    let hi = times.length - 1;
    if (hi < 0 || time < times[0]! - tolerance || time > times[hi]! + tolerance) return -1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! < time) lo = mid + 1;
      else hi = mid;
    }
    let best = lo;
    if (lo > 0 && Math.abs(times[lo - 1]! - time) < Math.abs(times[lo]! - time)) best = lo - 1;
    return Math.abs(times[best]! - time) <= tolerance ? best : -1;
  }
}

/** Median of a small array (sorted in place). */
export function medianOf(values: number[]): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  values.sort((a, b) => a - b);
  const mid = n >> 1;
  return n % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
