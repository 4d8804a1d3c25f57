import type { ReactNode } from "react";
import { describedBy, FormField } from "../../components/form-field.tsx";
import { Input, Textarea } from "../../components/ui/input.tsx";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../components/ui/select.tsx";

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  placeholder?: string;
  type?: string;
  inputMode?: "decimal" | "numeric" | "email" | "text";
  maxLength?: number;
  isMultiline?: boolean;
  isDisabled?: boolean;
}

/** A labelled text input with the server's message for its field under it. */
export function TextField(props: TextFieldProps) {
  const { id, label, value, onChange, error, hint, placeholder, type, inputMode } = props;
  const shared = {
    id,
    value,
    placeholder,
    disabled: props.isDisabled,
    maxLength: props.maxLength,
    "aria-invalid": !!error,
    "aria-describedby": describedBy(id, error, hint),
    "data-testid": id,
  };
  return (
    <FormField id={id} label={label} error={error} hint={hint}>
      {props.isMultiline ? (
        <Textarea {...shared} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <Input
          {...shared}
          type={type}
          inputMode={inputMode}
          autoComplete="off"
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FormField>
  );
}

interface ChoiceFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** [value, label] pairs. */
  options: readonly (readonly [string, string])[];
  error?: string;
  hint?: ReactNode;
  placeholder?: string;
}

/** A labelled single choice. */
export function ChoiceField({ id, label, value, onChange, options, ...rest }: ChoiceFieldProps) {
  return (
    <FormField id={id} label={label} error={rest.error} hint={rest.hint}>
      <Select value={value} onValueChange={onChange}>
        <SelectTrigger
          id={id}
          data-testid={id}
          aria-invalid={!!rest.error}
          aria-describedby={describedBy(id, rest.error, rest.hint)}
        >
          <SelectValue placeholder={rest.placeholder} />
        </SelectTrigger>
        <SelectContent>
          {options.map(([v, text]) => (
            <SelectItem key={v} value={v}>
              {text}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </FormField>
  );
}

/** "" → null, anything else trimmed: optional decimal fields of the forms. */
export const orNull = (value: string) => (value.trim() === "" ? null : value.trim());
