import { cn } from "../../lib/utils.ts";

export interface FacetValue {
  value: string | null;
  count: number;
}

interface FacetProps {
  title: string;
  values: FacetValue[];
  selected: string | undefined;
  label?: (value: string) => string;
  onSelect: (value: string | undefined) => void;
}

/** One facet: its values with counts; choosing the selected one again clears it. */
export function Facet({ title, values, selected, label = (v) => v, onSelect }: FacetProps) {
  const shown = values.filter((v): v is { value: string; count: number } => v.value !== null);
  if (shown.length === 0) return null;
  return (
    <fieldset className="grid gap-1">
      <legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted-foreground">
        {title}
      </legend>
      {shown.slice(0, 12).map(({ value, count }) => {
        const isOn = selected === value;
        return (
          <button
            key={value}
            type="button"
            aria-pressed={isOn}
            onClick={() => onSelect(isOn ? undefined : value)}
            className={cn(
              "flex items-center justify-between gap-2 rounded-md px-2 py-1 text-left text-sm hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring",
              isOn && "bg-accent font-medium",
            )}
          >
            <span className="truncate">{label(value)}</span>
            <span className="tabular-nums text-xs text-muted-foreground">{count}</span>
          </button>
        );
      })}
    </fieldset>
  );
}
