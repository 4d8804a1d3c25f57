import { X } from "lucide-react";
import { Button } from "../../components/ui/button.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { cn } from "../../lib/utils.ts";
import {
  AllocationFilterMenu,
  allocationLabel,
  useAllocationTargets,
} from "./allocation-filter-menu.tsx";
import {
  countFilters,
  type ExplorerFilters,
  type FilterValue,
  filterValues,
  type Metric,
  setFilter,
} from "./explorer-state.ts";
import { FilterMenu } from "./filter-menu.tsx";
import { NONE_LABEL } from "./labels.ts";
import type { Range } from "./period.ts";
import { TagFilterDialog } from "./tag-filter-dialog.tsx";

type Dimensions = OperationOutput<"costs.dimensions">;

/** The dimensions costs.dimensions lists values for. */
const FILTER_DIMENSIONS = [
  "ProviderName",
  "ServiceName",
  "ServiceCategory",
  "BillingAccountId",
  "SubAccountId",
  "RegionId",
  "ChargeCategory",
] as const;

interface FiltersBarProps {
  filters: ExplorerFilters;
  dimensions: Dimensions | undefined;
  range: Range;
  /** The metric and currency the client / project menu totals its choices in. */
  metric?: Metric;
  currency?: string;
  onChange: (filters: ExplorerFilters) => void;
}

/** One menu per dimension, a tag filter, and the active filters as removable chips. */
export function FiltersBar(props: FiltersBarProps) {
  const { filters, dimensions, range, metric, currency, onChange } = props;
  const targets = useAllocationTargets({ range, metric, currency });
  const allocated = filters.allocation && allocationLabel(filters.allocation, targets.data);
  const active = [
    ...Object.entries(filters.columns).map(([column, values]) => ({ dimension: column, values })),
    ...Object.entries(filters.tags).map(([key, values]) => ({ dimension: `tag:${key}`, values })),
  ];
  const remove = (dimension: string, value: FilterValue) =>
    onChange(
      setFilter(
        filters,
        dimension,
        filterValues(filters, dimension).filter((v) => v !== value),
      ),
    );
  return (
    <div className="grid grid-cols-1 gap-3">
      <fieldset className="flex min-w-0 flex-wrap items-center gap-2">
        <legend className="float-left mr-1 text-xs font-medium text-muted-foreground">
          Filter
        </legend>
        {FILTER_DIMENSIONS.map((d) => (
          <FilterMenu
            key={d}
            label={d}
            options={dimensions?.[d] ?? []}
            selected={filters.columns[d] ?? []}
            onChange={(values) => onChange(setFilter(filters, d, values))}
          />
        ))}
        <TagFilterDialog
          tagKeys={dimensions?.tagKeys ?? []}
          range={range}
          onAdd={(key, value) =>
            onChange(
              setFilter(filters, `tag:${key}`, [
                ...new Set([...filterValues(filters, `tag:${key}`), value]),
              ]),
            )
          }
        />
        <AllocationFilterMenu
          range={range}
          metric={metric}
          currency={currency}
          selected={filters.allocation}
          onChange={(allocation) => onChange({ ...filters, allocation })}
        />
      </fieldset>
      {(active.length > 0 || filters.allocation) && (
        <ul className="flex flex-wrap items-center gap-2" aria-label="Active filters">
          {active.flatMap(({ dimension, values }) =>
            values.map((value) => (
              <li
                key={`${dimension}=${value ?? "\u0000none"}`}
                className="inline-flex max-w-full items-center gap-1 rounded-md border bg-muted/60 py-0.5 pr-0.5 pl-2 text-xs"
              >
                <span className="text-muted-foreground">
                  {dimension.startsWith("tag:") ? `tag ${dimension.slice(4)}` : dimension} =
                </span>
                <span
                  className={cn("truncate font-medium", value === null && "italic")}
                  title={value ?? NONE_LABEL}
                >
                  {value ?? NONE_LABEL}
                </span>
                <button
                  type="button"
                  onClick={() => remove(dimension, value)}
                  className="rounded p-0.5 text-muted-foreground hover:bg-accent hover:text-foreground"
                  aria-label={`Remove filter ${dimension} = ${value ?? NONE_LABEL}`}
                >
                  <X className="size-3" aria-hidden />
                </button>
              </li>
            )),
          )}
          {allocated && (
            <li className="inline-flex max-w-full items-center gap-1 rounded-md border bg-muted/60 py-0.5 pr-0.5 pl-2 text-xs">
              <span className="text-muted-foreground">allocated to</span>
              <span className="truncate font-medium">{allocated}</span>
              <button
                type="button"
                onClick={() => onChange({ ...filters, allocation: undefined })}
                className="rounded p-0.5 text-muted-foreground hover:bg-accent hover:text-foreground"
                aria-label={`Remove filter allocated to ${allocated}`}
              >
                <X className="size-3" aria-hidden />
              </button>
            </li>
          )}
          {countFilters(filters) > 1 && (
            <li>
              <Button
                variant="ghost"
                size="sm"
                className="h-6 px-2"
                onClick={() => onChange({ columns: {}, tags: {} })}
              >
                Clear all
              </Button>
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
