import { Check, ChevronDown } from "lucide-react";
import { Button } from "../../components/ui/button.tsx";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "../../components/ui/dropdown-menu.tsx";
import { useOperation } from "../../lib/operations.ts";
import { cn } from "../../lib/utils.ts";
import type { AllocationTarget } from "./explorer-state.ts";
import type { Range } from "./period.ts";

const KIND_LABEL = { client: "Client", project: "Project" } as const;

export const allocationLabel = (target: AllocationTarget) =>
  `${KIND_LABEL[target.kind]} · ${target.key}`;

/**
 * Narrows the view to the share of costs the allocation rules give one client or project (the
 * targets with cost in the period are offered; the chosen one stays listed).
 */
export function AllocationFilterMenu({
  range,
  selected,
  onChange,
}: {
  range: Range;
  selected: AllocationTarget | undefined;
  onChange: (target: AllocationTarget | undefined) => void;
}) {
  const allocation = useOperation("costs.allocation", range);
  const targets: AllocationTarget[] = (allocation.data?.targets ?? []).map(({ kind, key }) => ({
    kind,
    key,
  }));
  const same = (t: AllocationTarget) => t.kind === selected?.kind && t.key === selected?.key;
  if (selected && !targets.some(same)) targets.unshift(selected);
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="outline"
          size="sm"
          className={cn(selected && "border-foreground/30")}
          disabled={targets.length === 0}
          title={
            targets.length === 0
              ? "No allocation rule gives costs of this period to anyone"
              : undefined
          }
          data-testid="costs-filter-allocation"
        >
          Client / project
          {selected && (
            <span className="rounded bg-primary px-1.5 text-[11px] leading-4 text-primary-foreground">
              1
            </span>
          )}
          <ChevronDown className="opacity-50" aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="max-h-80 max-w-sm">
        <DropdownMenuLabel>Only the share allocated to</DropdownMenuLabel>
        {targets.map((target) => (
          <DropdownMenuItem
            key={`${target.kind}:${target.key}`}
            onSelect={() => onChange(same(target) ? undefined : target)}
            className="pl-8"
          >
            {same(target) && <Check className="absolute left-2 size-4" aria-hidden />}
            <span className="truncate" title={target.key}>
              {allocationLabel(target)}
            </span>
          </DropdownMenuItem>
        ))}
        {selected && (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem onSelect={() => onChange(undefined)}>
              All costs, allocated or not
            </DropdownMenuItem>
          </>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
