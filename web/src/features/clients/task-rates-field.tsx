import { Plus, X } from "lucide-react";
import { Button } from "../../components/ui/button.tsx";
import { Input } from "../../components/ui/input.tsx";

export type TaskRate = { label: string; rate: string };

/** The client's rate card by task type: a task label and the hourly rate billed for it. */
export function TaskRatesField(props: {
  rates: TaskRate[];
  onChange: (rates: TaskRate[]) => void;
  isReadOnly: boolean;
  error?: string;
}) {
  const { rates, onChange, isReadOnly } = props;
  const patch = (i: number, change: Partial<TaskRate>) =>
    onChange(rates.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <div className="grid gap-2 sm:col-span-2">
      <span className="text-sm font-medium">Rates by task type</span>
      <p className="text-xs text-muted-foreground">
        Time on a task with this label is billed at this rate, whoever logged it; the first matching
        label wins over personal and project rates.
      </p>
      {rates.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rate rows are ordered and have no ids
        <div key={i} className="flex gap-2">
          <Input
            aria-label={`Task type ${i + 1}: label`}
            placeholder="Task label, e.g. design"
            value={r.label}
            disabled={isReadOnly}
            onChange={(e) => patch(i, { label: e.target.value })}
          />
          <Input
            aria-label={`Task type ${i + 1}: hourly rate`}
            className="w-32"
            inputMode="decimal"
            placeholder="Rate"
            value={r.rate}
            disabled={isReadOnly}
            onChange={(e) => patch(i, { rate: e.target.value })}
          />
          {!isReadOnly && (
            <Button
              variant="ghost"
              size="icon"
              aria-label={`Remove task type ${i + 1}`}
              onClick={() => onChange(rates.filter((_, j) => j !== i))}
            >
              <X aria-hidden />
            </Button>
          )}
        </div>
      ))}
      {props.error && <p className="text-sm text-destructive">{props.error}</p>}
      {!isReadOnly && (
        <Button
          variant="outline"
          size="sm"
          className="w-fit"
          onClick={() => onChange([...rates, { label: "", rate: "" }])}
        >
          <Plus aria-hidden /> Add task type
        </Button>
      )}
    </div>
  );
}
