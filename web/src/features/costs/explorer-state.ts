import { useCallback, useEffect, useMemo } from "react";
import { useToast } from "../../components/ui/toast.tsx";
import type { OperationInput } from "../../lib/api.ts";
import { useLatestSearchParams } from "../../lib/use-latest-search-params.ts";
import { NONE_LABEL } from "./labels.ts";
import { isDay, PERIOD_PRESETS, type PeriodPreset, type Range, rangeOf } from "./period.ts";

/** FOCUS dimensions the explorer groups by; tag keys join them as "tag:<key>". */
export const GROUP_DIMENSIONS = [
  "ProviderName",
  "ServiceName",
  "ServiceCategory",
  "BillingAccountId",
  "SubAccountId",
  "RegionId",
  "ChargeCategory",
  "PricingCategory",
  "ResourceId",
] as const;

export const METRICS = ["BilledCost", "EffectiveCost"] as const;
export type Metric = (typeof METRICS)[number];

export type ApiFilters = NonNullable<OperationInput<"costs.summary">["filters"]>;

/** A filter's value; null is "(not set)": the column empty, the tag key absent. */
export type FilterValue = string | null;

export interface ExplorerFilters {
  /** FOCUS column → the values it must have (any of them). */
  columns: Record<string, FilterValue[]>;
  /** Tag key → the values it must have. */
  tags: Record<string, FilterValue[]>;
  /** Only the share the allocation rules give this client or project. */
  allocation?: AllocationTarget;
}

/** A client or project by its allocation key; null: the rest ("No client", "No project"). */
export interface AllocationTarget {
  kind: "client" | "project";
  key: string | null;
}
/**
 * URL parameters of the allocation filter: `client=acme` or `project=platform`; the rest is
 * `notset=client` (or `notset=project`), as "(not set)" of a dimension is.
 */
const ALLOCATION_PARAMS = ["client", "project"] as const;
const isAllocationParam = (name: string): name is AllocationTarget["kind"] =>
  (ALLOCATION_PARAMS as readonly string[]).includes(name);

export interface ExplorerState {
  preset: PeriodPreset;
  range: Range;
  groupBy: string;
  metric: Metric;
  /** Report in this billing currency; by default the one with most cost. */
  currency: string | undefined;
  filters: ExplorerFilters;
}

const TAG_PREFIX = "tag.";
/**
 * The dimensions whose "(not set)" is among the values: `notset=RegionId&notset=tag:client`. A
 * parameter of its own, as no value (an empty one included) can stand for "none".
 */
const NOT_SET_PARAM = "notset";
/** A FOCUS column name is PascalCase; other parameters (period, group, …) are not. */
const COLUMN_PARAM = /^[A-Z][A-Za-z]+$/;

/**
 * The view lives in the URL so it can be bookmarked and shared:
 * `?period=custom&from=2024-09-01&to=2024-10-01&group=ServiceName&ServiceName=AWS%20Lambda&tag.env=prod`.
 */
export function parseExplorerState(params: URLSearchParams, today = new Date()): ExplorerState {
  const presetParam = params.get("period");
  let preset: PeriodPreset = (PERIOD_PRESETS as readonly string[]).includes(presetParam ?? "")
    ? (presetParam as PeriodPreset)
    : "this-month";
  const from = params.get("from");
  const to = params.get("to");
  let range: Range;
  if (preset === "custom" && isDay(from) && isDay(to) && from < to) range = { from, to };
  else {
    if (preset === "custom") preset = "this-month";
    range = rangeOf(preset as Exclude<PeriodPreset, "custom">, today);
  }
  const metricParam = params.get("metric");
  const filters: ExplorerFilters = { columns: {}, tags: {} };
  for (const [key, value] of params) {
    if (!value) continue;
    const record = key.startsWith(TAG_PREFIX)
      ? filters.tags
      : COLUMN_PARAM.test(key)
        ? filters.columns
        : undefined;
    const name = key.startsWith(TAG_PREFIX) ? key.slice(TAG_PREFIX.length) : key;
    if (!record) continue;
    const values = record[name] ?? [];
    if (!values.includes(value)) record[name] = [...values, value];
  }
  for (const dimension of params.getAll(NOT_SET_PARAM)) {
    if (isAllocationParam(dimension)) {
      filters.allocation = { kind: dimension, key: null };
      continue;
    }
    const [record, name] = dimension.startsWith("tag:")
      ? [filters.tags, dimension.slice(4)]
      : [filters.columns, dimension];
    if (!name || (record === filters.columns && !COLUMN_PARAM.test(name))) continue;
    const values = record[name] ?? [];
    if (!values.includes(null)) record[name] = [...values, null];
  }
  for (const kind of ALLOCATION_PARAMS) {
    const key = params.get(kind);
    if (key) filters.allocation = { kind, key };
  }
  return {
    preset,
    range,
    groupBy: params.get("group") || "ServiceName",
    metric: metricParam === "EffectiveCost" ? "EffectiveCost" : "BilledCost",
    currency: params.get("currency") || undefined,
    filters,
  };
}

/**
 * Why the URL's custom range cannot be shown (it ends before it starts, or a day is not a
 * date), or null when it can or none was asked for. The explorer then shows month to date.
 */
export function invalidCustomRange(params: URLSearchParams): string | null {
  if (params.get("period") !== "custom") return null;
  const from = params.get("from");
  const to = params.get("to");
  if (!isDay(from) || !isDay(to)) return "The link's custom range is not a pair of dates";
  if (from >= to) return `The link's custom range ends (${to}) before it starts (${from})`;
  return null;
}

export function serializeExplorerState(state: ExplorerState): URLSearchParams {
  const params = new URLSearchParams();
  params.set("period", state.preset);
  if (state.preset === "custom") {
    params.set("from", state.range.from);
    params.set("to", state.range.to);
  }
  if (state.groupBy !== "ServiceName") params.set("group", state.groupBy);
  if (state.metric !== "BilledCost") params.set("metric", state.metric);
  if (state.currency) params.set("currency", state.currency);
  for (const [column, values] of Object.entries(state.filters.columns))
    for (const value of values)
      if (value === null) params.append(NOT_SET_PARAM, column);
      else params.append(column, value);
  for (const [key, values] of Object.entries(state.filters.tags))
    for (const value of values)
      if (value === null) params.append(NOT_SET_PARAM, `tag:${key}`);
      else params.append(`${TAG_PREFIX}${key}`, value);
  const { allocation } = state.filters;
  if (allocation?.key === null) params.append(NOT_SET_PARAM, allocation.kind);
  else if (allocation) params.set(allocation.kind, allocation.key);
  return params;
}

/** The filters as the API takes them; undefined when there are none. */
export function toApiFilters(filters: ExplorerFilters): ApiFilters | undefined {
  const columns = Object.entries(filters.columns).filter(([, v]) => v.length > 0);
  const tags = Object.entries(filters.tags).filter(([, v]) => v.length > 0);
  const { allocation } = filters;
  if (columns.length === 0 && tags.length === 0 && !allocation) return undefined;
  return {
    ...Object.fromEntries(columns),
    ...(tags.length > 0 ? { tags: Object.fromEntries(tags) } : {}),
    ...(allocation ? { allocation } : {}),
  } as ApiFilters;
}

/** A value of filters the API gave: null stays "(not set)". */
export const filterValueOf = (value: unknown): FilterValue =>
  value === null ? null : String(value);

/** "acme, (not set)": a filter's values as text. */
export const valuesText = (values: FilterValue[], separator: string) =>
  values.map((v) => v ?? NONE_LABEL).join(separator);

/** The explorer view of a translated question (costs.summary input); unknown parts are ignored. */
export function questionToState(
  query: Record<string, unknown>,
  current: ExplorerState,
): Partial<ExplorerState> {
  const from = typeof query.from === "string" && isDay(query.from) ? query.from : undefined;
  const to = typeof query.to === "string" && isDay(query.to) ? query.to : undefined;
  const filters: ExplorerFilters = { columns: {}, tags: {} };
  const given = (query.filters ?? {}) as Record<string, unknown>;
  for (const [key, values] of Object.entries(given)) {
    if (!Array.isArray(values)) {
      if (key === "tags" && values && typeof values === "object")
        for (const [tag, tagValues] of Object.entries(values))
          if (Array.isArray(tagValues)) filters.tags[tag] = tagValues.map(filterValueOf);
      continue;
    }
    filters.columns[key] = values.map(filterValueOf);
  }
  return {
    ...(from && to && from < to ? { preset: "custom" as const, range: { from, to } } : {}),
    groupBy: typeof query.groupBy === "string" ? query.groupBy : current.groupBy,
    metric: query.metric === "EffectiveCost" ? "EffectiveCost" : "BilledCost",
    filters,
  };
}

export function countFilters(filters: ExplorerFilters): number {
  return [...Object.values(filters.columns), ...Object.values(filters.tags)].reduce(
    (n, values) => n + values.length,
    filters.allocation ? 1 : 0,
  );
}

/** The allocation filter a grouping by client or project narrows to. */
const ALLOCATION_KIND: Record<string, AllocationTarget["kind"]> = {
  "allocation:client": "client",
  "allocation:project": "project",
};

/**
 * The filters of one group of a grouping: its value of the dimension (or tag), or under a
 * grouping by client or project, its allocation ("No client" included).
 */
export function filtersOfGroup(
  filters: ExplorerFilters,
  groupBy: string,
  key: FilterValue,
): ExplorerFilters {
  const kind = ALLOCATION_KIND[groupBy];
  return kind ? { ...filters, allocation: { kind, key } } : setFilter(filters, groupBy, [key]);
}

/** What to group by after drilling into a value of `groupBy`: one level finer. */
const DRILL_NEXT: Record<string, string> = {
  ProviderName: "ServiceName",
  ServiceCategory: "ServiceName",
  ServiceName: "ResourceId",
  BillingAccountId: "SubAccountId",
  SubAccountId: "ServiceName",
  RegionId: "ServiceName",
  ChargeCategory: "ServiceName",
  PricingCategory: "ServiceName",
};

function withValues(
  record: Record<string, FilterValue[]>,
  key: string,
  values: FilterValue[],
): Record<string, FilterValue[]> {
  const next = { ...record };
  if (values.length > 0) next[key] = values;
  else delete next[key];
  return next;
}

/** Sets the values of one filter (a FOCUS column, or "tag:<key>"); none removes it. */
export function setFilter(
  filters: ExplorerFilters,
  dimension: string,
  values: FilterValue[],
): ExplorerFilters {
  return dimension.startsWith("tag:")
    ? { ...filters, tags: withValues(filters.tags, dimension.slice(4), values) }
    : { ...filters, columns: withValues(filters.columns, dimension, values) };
}

export function filterValues(filters: ExplorerFilters, dimension: string): FilterValue[] {
  return dimension.startsWith("tag:")
    ? (filters.tags[dimension.slice(4)] ?? [])
    : (filters.columns[dimension] ?? []);
}

export function useExplorerState() {
  const [params, setParams] = useLatestSearchParams();
  const state = useMemo(() => parseExplorerState(params), [params]);
  const toast = useToast();
  // A bad custom range in a link: the URL is rewritten to what is shown, and says why.
  const invalid = invalidCustomRange(params);
  useEffect(() => {
    if (!invalid) return;
    toast({ title: "Date range not shown", description: `${invalid}: showing month to date.` });
    setParams((latest) => serializeExplorerState(parseExplorerState(latest)), {
      replace: true,
      preventScrollReset: true,
    });
  }, [invalid, toast, setParams]);
  // Applied to the URL's state as it is now, which a change still being rendered is part of.
  const update = useCallback(
    (patch: Partial<ExplorerState> | ((latest: ExplorerState) => Partial<ExplorerState>)) =>
      setParams(
        (latest) => {
          const current = parseExplorerState(latest);
          return serializeExplorerState({
            ...current,
            ...(typeof patch === "function" ? patch(current) : patch),
          });
        },
        { preventScrollReset: true },
      ),
    [setParams],
  );
  /**
   * Narrows the view to one value of a dimension (by default the current grouping), "(not
   * set)" (null) as any other; drilling into the grouping itself also groups one level finer,
   * so the chart keeps telling something. A client or project (or "No client") of a grouping
   * by allocation narrows to its share, by service.
   */
  const drillDown = useCallback(
    (value: FilterValue, dimension = state.groupBy) =>
      update((latest) => {
        const kind = ALLOCATION_KIND[dimension];
        // A client's (project's) share, or the rest, by service: what it is made of.
        if (kind)
          return {
            filters: { ...latest.filters, allocation: { kind, key: value } },
            groupBy: "ServiceName",
          };
        const finer =
          DRILL_NEXT[dimension] ?? (dimension.startsWith("tag:") ? "ServiceName" : dimension);
        return {
          filters: setFilter(latest.filters, dimension, [value]),
          groupBy: dimension === latest.groupBy ? finer : latest.groupBy,
        };
      }),
    [update, state.groupBy],
  );
  return { state, update, drillDown };
}
