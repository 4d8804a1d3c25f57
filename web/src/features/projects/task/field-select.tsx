import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../../components/ui/select.tsx";

/** Radix Select refuses "" as a value: null choices travel as this one. */
export const NONE = "__none__";

export interface Choice {
  value: string | null;
  label: string;
}

/** A labelled select over a few choices, one of which may be "nothing". */
export function FieldSelect({
  id,
  label,
  value,
  choices,
  onChange,
  disabled,
  testId,
  className,
}: {
  id: string;
  label: string;
  value: string | null;
  choices: Choice[];
  onChange: (value: string | null) => void;
  disabled?: boolean;
  testId?: string;
  className?: string;
}) {
  return (
    <Select
      value={value ?? NONE}
      onValueChange={(v) => onChange(v === NONE ? null : v)}
      disabled={disabled}
    >
      <SelectTrigger id={id} aria-label={label} data-testid={testId} className={className}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {choices.map((c) => (
          <SelectItem key={c.value ?? NONE} value={c.value ?? NONE}>
            {c.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
