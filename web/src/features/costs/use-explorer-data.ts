import { keepPreviousData } from "@tanstack/react-query";
import { useOperation } from "../../lib/operations.ts";
import { type ExplorerState, toApiFilters } from "./explorer-state.ts";
import { granularityOf, previousRange } from "./period.ts";

/** Groups the breakdown lists at most; the rest are left to filters. */
export const BREAKDOWN_LIMIT = 500;
// A new view keeps showing the last one (dimmed) until its numbers arrive.
const keepPrevious = { placeholderData: keepPreviousData };

/** Every query of the explorer view, all keyed by the state in the URL. */
export function useExplorerData(state: ExplorerState) {
  const { range, groupBy, metric } = state;
  const filters = toApiFilters(state.filters);
  const dimensions = useOperation("costs.dimensions", range, keepPrevious);
  const base = { ...range, metric, filters, currency: state.currency };
  const breakdown = useOperation(
    "costs.summary",
    { ...base, groupBy, limit: BREAKDOWN_LIMIT },
    keepPrevious,
  );
  // The previous period is reported in the same currency as this one, never another.
  const currency = state.currency ?? breakdown.data?.currency ?? undefined;
  const previous = useOperation(
    "costs.summary",
    { ...base, ...previousRange(range), currency },
    { enabled: breakdown.isSuccess, ...keepPrevious },
  );
  const series = useOperation(
    "costs.timeseries",
    { ...base, groupBy, granularity: granularityOf(range), top: 8 },
    keepPrevious,
  );
  const resources = useOperation(
    "costs.summary",
    { ...base, groupBy: "ResourceId", limit: 10 },
    keepPrevious,
  );
  return { dimensions, breakdown, previous, series, resources };
}
