import { Input } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../components/ui/select.tsx";
import {
  addDays,
  isDay,
  PERIOD_LABELS,
  PERIOD_PRESETS,
  type PeriodPreset,
  type Range,
  rangeOf,
} from "./period.ts";

interface PeriodPickerProps {
  preset: PeriodPreset;
  range: Range;
  onChange: (preset: PeriodPreset, range: Range) => void;
}

/** A preset, or a custom range picked as first and last day (the last day is included). */
export function PeriodPicker({ preset, range, onChange }: PeriodPickerProps) {
  const lastDay = addDays(range.to, -1);
  const pickPreset = (value: string) => {
    const next = value as PeriodPreset;
    onChange(next, next === "custom" ? range : rangeOf(next));
  };
  const pickDay = (which: "from" | "last", value: string) => {
    if (!isDay(value)) return;
    const from = which === "from" ? value : range.from;
    const last = which === "last" ? value : lastDay;
    if (from > last) return;
    onChange("custom", { from, to: addDays(last, 1) });
  };
  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className="grid gap-1.5">
        <Label htmlFor="costs-period" className="text-xs text-muted-foreground">
          Period
        </Label>
        <Select value={preset} onValueChange={pickPreset}>
          <SelectTrigger id="costs-period" className="w-40" data-testid="costs-period">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {PERIOD_PRESETS.map((p) => (
              <SelectItem key={p} value={p}>
                {PERIOD_LABELS[p]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      {preset === "custom" && (
        <>
          <div className="grid gap-1.5">
            <Label htmlFor="costs-from" className="text-xs text-muted-foreground">
              From
            </Label>
            <Input
              id="costs-from"
              type="date"
              className="w-38 dark:[color-scheme:dark]"
              value={range.from}
              max={lastDay}
              onChange={(e) => pickDay("from", e.target.value)}
            />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="costs-last" className="text-xs text-muted-foreground">
              Through
            </Label>
            <Input
              id="costs-last"
              type="date"
              className="w-38 dark:[color-scheme:dark]"
              value={lastDay}
              min={range.from}
              onChange={(e) => pickDay("last", e.target.value)}
            />
          </div>
        </>
      )}
    </div>
  );
}
