/**
 * What an OTLP metrics export could not be stored as, for its answer's `partialSuccess`: points
 * dropped whole (`rejectedDataPoints`) and parts of points not kept (exponential-histogram buckets,
 * summary quantiles), named so a sender's operator sees them instead of a plain success.
 */
export interface OtlpMetricsOutcome {
  rejectedDataPoints: number;
  /** Metric names whose points were stored as `_count` and `_sum` only, by what was left out. */
  partial: Map<string, Set<string>>;
}

export const newOutcome = (): OtlpMetricsOutcome => ({ rejectedDataPoints: 0, partial: new Map() });

/** Records that the metric's points were stored without `what` (e.g. "summary quantiles"). */
export function keptPartly(outcome: OtlpMetricsOutcome, what: string, metric: string) {
  let names = outcome.partial.get(what);
  if (!names) {
    names = new Set();
    outcome.partial.set(what, names);
  }
  names.add(metric);
}

const NAMES_SHOWN = 5;

/** The OTLP/JSON `partialSuccess` of the outcome, or undefined when everything was kept. */
export function partialSuccessOf(outcome: OtlpMetricsOutcome) {
  const messages: string[] = [];
  const rejected = outcome.rejectedDataPoints;
  if (rejected > 0)
    messages.push(
      `${rejected} data ${rejected === 1 ? "point" : "points"} of metrics without a name ${rejected === 1 ? "was" : "were"} dropped`,
    );
  for (const [what, names] of outcome.partial) {
    const listed = [...names].slice(0, NAMES_SHOWN).join(", ");
    const more = names.size > NAMES_SHOWN ? ` and ${names.size - NAMES_SHOWN} more` : "";
    messages.push(`${what} are not stored, only _count and _sum (${listed}${more})`);
  }
  if (messages.length === 0) return undefined;
  return {
    rejectedDataPoints: String(outcome.rejectedDataPoints),
    errorMessage: `${messages.join("; ")}.`,
  };
}

/** Prometheus' `le` of a bucket bound: "+Inf" for the last, else the number as written. */
export function leOf(bound: number): string {
  if (bound === Number.POSITIVE_INFINITY) return "+Inf";
  if (bound === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(bound);
}

/**
 * The cumulative `_bucket` series of an explicit-bounds histogram point, as Prometheus keeps
 * them: [le, how many values were at most le], ending with "+Inf" (the point's count). Nothing
 * when the counts do not fit the bounds (OTLP: one more count than bounds, or none).
 */
export function cumulativeBuckets(counts: number[], bounds: number[]): Array<[string, number]> {
  if (counts.length === 0 || counts.length !== bounds.length + 1) return [];
  let total = 0;
  return counts.map((n, i) => {
    total += n;
    return [i < bounds.length ? leOf(bounds[i]!) : "+Inf", total];
  });
}
