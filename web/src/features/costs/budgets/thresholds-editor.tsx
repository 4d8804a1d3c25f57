import { Plus, X } from "lucide-react";
import { Button } from "../../../components/ui/button.tsx";
import { Input } from "../../../components/ui/input.tsx";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../../components/ui/select.tsx";
import type { Threshold } from "./budget-format.ts";

/** A threshold being edited: the percent as typed, so a half-typed number is not lost. */
export interface ThresholdDraft {
  percent: string;
  basis: Threshold["basis"];
}

interface ThresholdsEditorProps {
  value: ThresholdDraft[];
  onChange: (value: ThresholdDraft[]) => void;
  /** The server's message for thresholds.<i>.…, with its index. */
  error?: { index: number; message: string };
}

/** Rows of "notify at N% of actual | forecast spend". */
export function ThresholdsEditor({ value, onChange, error }: ThresholdsEditorProps) {
  const set = (index: number, patch: Partial<ThresholdDraft>) =>
    onChange(value.map((t, i) => (i === index ? { ...t, ...patch } : t)));
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-2 text-sm font-medium">Alert thresholds</legend>
      {value.length === 0 && (
        <p className="text-xs text-muted-foreground">No alerts: the budget is only tracked.</p>
      )}
      {value.map((t, i) => (
        // Rows have no identity beyond their place; editing keeps the order.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <div key={i} className="flex items-center gap-2">
          <span className="text-sm text-muted-foreground">At</span>
          <Input
            aria-label={`Threshold ${i + 1} percent`}
            inputMode="decimal"
            className="w-20"
            value={t.percent}
            onChange={(e) => set(i, { percent: e.target.value })}
            aria-invalid={error?.index === i}
            data-testid={`budget-threshold-percent-${i}`}
          />
          <span className="text-sm text-muted-foreground">% of</span>
          <Select
            value={t.basis}
            onValueChange={(basis) => set(i, { basis: basis as Threshold["basis"] })}
          >
            <SelectTrigger aria-label={`Threshold ${i + 1} basis`} className="w-44">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="actual">spend so far</SelectItem>
              <SelectItem value="forecast">forecast spend</SelectItem>
            </SelectContent>
          </Select>
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label={`Remove threshold ${i + 1}`}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          >
            <X aria-hidden />
          </Button>
        </div>
      ))}
      {error && (
        <p className="text-sm text-destructive">
          Threshold {error.index + 1}: {error.message}
        </p>
      )}
      <div>
        <Button
          variant="outline"
          size="sm"
          disabled={value.length >= 10}
          onClick={() => onChange([...value, { percent: "90", basis: "actual" }])}
        >
          <Plus aria-hidden /> Add threshold
        </Button>
      </div>
    </fieldset>
  );
}
