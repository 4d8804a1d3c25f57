import { RANGES, type RangeValue } from "../log-range.ts";

/**
 * The period a viewer sees: the URL's `range` when it names one (a link keeps the period it
 * was shared with), else the dashboard's saved default.
 */
export function viewedRange(params: URLSearchParams, saved: RangeValue): RangeValue {
  return RANGES.find((r) => r.value === params.get("range"))?.value ?? saved;
}

/** The URL's parameters with this viewer's period; the saved default is left out. */
export function withViewedRange(
  params: URLSearchParams,
  range: RangeValue,
  saved: RangeValue,
): URLSearchParams {
  const next = new URLSearchParams(params);
  if (range === saved) next.delete("range");
  else next.set("range", range);
  return next;
}
