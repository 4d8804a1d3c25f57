import { Check, ChevronDown } from "lucide-react";
import { Fragment } from "react";
import { Button } from "../../components/ui/button.tsx";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "../../components/ui/dropdown-menu.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useOperation } from "../../lib/operations.ts";
import { useFormat } from "../../lib/session.tsx";
import { cn } from "../../lib/utils.ts";
import type { AllocationTarget, Metric } from "./explorer-state.ts";
import { createMoneyFormat } from "./money.ts";
import type { Range } from "./period.ts";

type Options = OperationOutput<"costs.allocation.targets">;
type Option = Options["clients"][number];

const KIND_LABEL = { client: "Client", project: "Project" } as const;
const REST_LABEL = { client: "No client", project: "No project" } as const;
const KINDS = ["client", "project"] as const;

/** The period's clients and projects to filter by (shared by the menu and the filter chip). */
export function useAllocationTargets(view: AllocationView) {
  return useOperation("costs.allocation.targets", {
    ...view.range,
    ...(view.metric ? { metric: view.metric } : {}),
    ...(view.currency ? { currency: view.currency } : {}),
  });
}

/** "Client · Acme" (its name when a client has the key), "No client". */
export function allocationLabel(target: AllocationTarget, options?: Options): string {
  if (target.key === null) return REST_LABEL[target.kind];
  const name = optionsOf(options, target.kind).find((o) => o.key === target.key)?.name;
  return `${KIND_LABEL[target.kind]} · ${name ?? target.key}`;
}

const optionsOf = (options: Options | undefined, kind: AllocationTarget["kind"]): Option[] =>
  (kind === "client" ? options?.clients : options?.projects) ?? [];

interface AllocationView {
  range: Range;
  metric?: Metric;
  currency?: string;
}

/**
 * Narrows the view to the share of costs the allocation rules give one client or project, or
 * to the rest ("No client", as grouping by client shows it). Every client and project of the
 * workspace is offered, with what the rules give it in the period (nothing yet, too), and so
 * are the keys rules name that no client has; the chosen one stays listed.
 */
export function AllocationFilterMenu({
  selected,
  onChange,
  ...view
}: AllocationView & {
  selected: AllocationTarget | undefined;
  onChange: (target: AllocationTarget | undefined) => void;
}) {
  const format = useFormat();
  const targets = useAllocationTargets(view);
  const fmt = createMoneyFormat(format.locale, targets.data?.currency ?? format.currency);
  const same = (kind: AllocationTarget["kind"], key: string | null) =>
    kind === selected?.kind && key === selected?.key;
  const choices = (kind: AllocationTarget["kind"]): Option[] => {
    const options = optionsOf(targets.data, kind);
    const listed = options.some((o) => same(kind, o.key));
    return selected?.kind === kind && !listed
      ? [{ key: selected.key, name: null, total: "0" }, ...options]
      : options;
  };
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="outline"
          size="sm"
          className={cn(selected && "border-foreground/30")}
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
      <DropdownMenuContent align="start" className="max-h-96 w-80 max-w-sm">
        {targets.isPending && (
          <DropdownMenuLabel className="font-normal text-muted-foreground">
            Loading clients and projects…
          </DropdownMenuLabel>
        )}
        {targets.isError && (
          <DropdownMenuLabel className="font-normal text-destructive">
            Clients and projects could not be loaded.
          </DropdownMenuLabel>
        )}
        {KINDS.map((kind, i) => (
          <Fragment key={kind}>
            {i > 0 && <DropdownMenuSeparator />}
            <DropdownMenuLabel>
              {kind === "client" ? "Only the share allocated to a client" : "…or to a project"}
            </DropdownMenuLabel>
            {choices(kind).map((option) => (
              <DropdownMenuItem
                key={`${kind}:${option.key ?? "\u0000rest"}`}
                onSelect={() =>
                  onChange(same(kind, option.key) ? undefined : { kind, key: option.key })
                }
                className="pl-8"
                data-testid="costs-filter-allocation-option"
              >
                {same(kind, option.key) && <Check className="absolute left-2 size-4" aria-hidden />}
                <OptionName kind={kind} option={option} />
                <span className="ml-auto pl-3 text-xs text-muted-foreground tabular-nums">
                  {fmt.money(option.total)}
                </span>
              </DropdownMenuItem>
            ))}
          </Fragment>
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

/** A client's name (its key beside it), a bare key no client has, or the rest. */
function OptionName({ kind, option }: { kind: AllocationTarget["kind"]; option: Option }) {
  if (option.key === null)
    return <span className="text-muted-foreground italic">{REST_LABEL[kind]}</span>;
  if (option.name === null)
    return (
      <span
        className="truncate font-mono text-xs"
        title={`No ${kind} has the key "${option.key}": its cost is billed to no one`}
      >
        {option.key}
      </span>
    );
  return (
    <span className="flex min-w-0 items-baseline gap-2" title={`${option.name} (${option.key})`}>
      <span className="truncate">{option.name}</span>
      <span className="truncate font-mono text-[11px] text-muted-foreground">{option.key}</span>
    </span>
  );
}
