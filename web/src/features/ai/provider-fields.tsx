import type { ReactNode } from "react";
import { FormField } from "../../components/form-field.tsx";
import { Input } from "../../components/ui/input.tsx";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../components/ui/select.tsx";

// The fields that name a model provider and how to reach it, shared by the chat model's and
// the embedding model's settings: same names (model, baseUrl, apiKey) as both operations take.

export interface ProviderOption<P extends string> {
  value: P;
  label: string;
}

/** Which provider: a select, since each provider changes the hints of the fields below. */
export function ProviderSelect<P extends string>(props: {
  id: string;
  label: string;
  hint?: string;
  providers: ProviderOption<P>[];
  value: P;
  onChange: (provider: P) => void;
  disabled: boolean;
}) {
  return (
    <FormField id={props.id} label={props.label} hint={props.hint}>
      <Select
        value={props.value}
        onValueChange={(v) => props.onChange(v as P)}
        disabled={props.disabled}
      >
        <SelectTrigger id={props.id}>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {props.providers.map((p) => (
            <SelectItem key={p.value} value={p.value}>
              {p.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </FormField>
  );
}

/**
 * Model, base URL and API key. The key is write-only: the field starts empty and an empty
 * field keeps the stored key (the hint says whether one is stored).
 */
export function ConnectionFields(props: {
  /** Prefix of the inputs' ids, unique on the page. */
  idPrefix: string;
  model: { defaultValue: string; hint?: string };
  /** Shown beside the model, e.g. its price. */
  besideModel?: ReactNode;
  baseUrl: { defaultValue: string; hint?: string };
  apiKeyHint: string;
  disabled: boolean;
  errorOf: (field: string) => string | undefined;
}) {
  const { idPrefix, errorOf, disabled } = props;
  const model = (
    <FormField
      id={`${idPrefix}-model`}
      label="Model"
      error={errorOf("model")}
      hint={props.model.hint}
    >
      <Input
        id={`${idPrefix}-model`}
        name="model"
        defaultValue={props.model.defaultValue}
        disabled={disabled}
        aria-invalid={!!errorOf("model")}
      />
    </FormField>
  );
  return (
    <>
      {props.besideModel ? (
        <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
          {model}
          {props.besideModel}
        </div>
      ) : (
        model
      )}
      <FormField
        id={`${idPrefix}-base-url`}
        label="Base URL"
        error={errorOf("baseUrl")}
        hint={props.baseUrl.hint}
      >
        <Input
          id={`${idPrefix}-base-url`}
          name="baseUrl"
          type="url"
          defaultValue={props.baseUrl.defaultValue}
          disabled={disabled}
          aria-invalid={!!errorOf("baseUrl")}
        />
      </FormField>
      <FormField
        id={`${idPrefix}-key`}
        label="API key"
        error={errorOf("apiKey")}
        hint={props.apiKeyHint}
      >
        <Input
          id={`${idPrefix}-key`}
          name="apiKey"
          type="password"
          autoComplete="off"
          disabled={disabled}
          aria-invalid={!!errorOf("apiKey")}
        />
      </FormField>
    </>
  );
}
