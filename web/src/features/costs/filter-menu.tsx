import * as Menu from "@radix-ui/react-dropdown-menu";
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
import { cn } from "../../lib/utils.ts";
import type { FilterValue } from "./explorer-state.ts";
import { NONE_LABEL } from "./labels.ts";

interface FilterMenuProps {
  label: string;
  /** null: "(not set)", offered where the dimension has costs without a value. */
  options: FilterValue[];
  selected: FilterValue[];
  onChange: (values: FilterValue[]) => void;
}

/** A multi-select of one dimension's values; stays open while you tick several. */
export function FilterMenu({ label, options, selected, onChange }: FilterMenuProps) {
  // Values already filtered on stay listed even when the period has no cost for them.
  const values = [...new Set([...selected, ...options])];
  const toggle = (value: FilterValue, on: boolean) =>
    onChange(on ? [...selected, value] : selected.filter((v) => v !== value));
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="outline"
          size="sm"
          className={cn(selected.length > 0 && "border-foreground/30")}
          disabled={values.length === 0}
          data-testid={`costs-filter-${label}`}
        >
          {label}
          {selected.length > 0 && (
            <span className="rounded bg-primary px-1.5 text-[11px] leading-4 text-primary-foreground">
              {selected.length}
            </span>
          )}
          <ChevronDown className="opacity-50" aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="max-h-80 max-w-sm">
        <DropdownMenuLabel>Only costs with {label}</DropdownMenuLabel>
        {values.map((value) => (
          <Menu.CheckboxItem
            key={value ?? "\u0000none"}
            checked={selected.includes(value)}
            onCheckedChange={(on) => toggle(value, on === true)}
            onSelect={(event) => event.preventDefault()}
            className="relative flex cursor-default items-center gap-2 rounded-md py-1.5 pr-2 pl-8 text-sm outline-none select-none data-[highlighted]:bg-accent data-[highlighted]:text-accent-foreground"
          >
            <Menu.ItemIndicator className="absolute left-2 flex items-center">
              <Check className="size-4" aria-hidden />
            </Menu.ItemIndicator>
            {value === null ? (
              <span className="text-muted-foreground italic">{NONE_LABEL}</span>
            ) : (
              <span className="truncate" title={value}>
                {value}
              </span>
            )}
          </Menu.CheckboxItem>
        ))}
        {selected.length > 0 && (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem onSelect={() => onChange([])}>Clear {label}</DropdownMenuItem>
          </>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
