import { useOperation } from "../../../lib/operations.ts";
import { type ExplorerFilters, setFilter } from "../explorer-state.ts";
import { FilterMenu } from "../filter-menu.tsx";
import { FiltersBar } from "../filters-bar.tsx";
import type { Range } from "../period.ts";

interface MatchEditorProps {
  filters: ExplorerFilters;
  onChange: (filters: ExplorerFilters) => void;
  /** The period whose values are offered in the menus. */
  range: Range;
}

/**
 * Which costs a rule takes: the explorer's own filter menus (every value listed must match one
 * of its column's values; columns and tags must all match), plus resources.
 */
export function MatchEditor({ filters, onChange, range }: MatchEditorProps) {
  const dimensions = useOperation("costs.dimensions", range);
  const resources = useOperation("costs.summary", { ...range, groupBy: "ResourceId", limit: 200 });
  // Costs without a resource are the null key: a rule can match them ("(not set)") too.
  const resourceIds = (resources.data?.groups ?? []).map((g) => g.key);
  return (
    <div className="grid gap-2">
      <p className="text-sm font-medium">Costs it matches</p>
      <div className="rounded-lg border bg-muted/30 p-3">
        <FiltersBar
          filters={filters}
          dimensions={dimensions.data}
          range={range}
          onChange={onChange}
        />
        <div className="mt-2 flex items-center gap-2">
          <FilterMenu
            label="ResourceId"
            options={resourceIds}
            selected={filters.columns.ResourceId ?? []}
            onChange={(values) => onChange(setFilter(filters, "ResourceId", values))}
          />
          <span className="text-xs text-muted-foreground">
            The 200 costliest resources of the period
          </span>
        </div>
      </div>
      <p className="text-xs text-muted-foreground">
        A cost matches when it has one of the values picked for every column and tag. Values listed
        are those with cost in the period shown on the page.
      </p>
    </div>
  );
}
