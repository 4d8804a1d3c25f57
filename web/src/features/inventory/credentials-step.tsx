import { type FormEvent, useState } from "react";
import { CopyField } from "../../components/copy-field.tsx";
import { describedBy, FormField } from "../../components/form-field.tsx";
import { PasswordInput } from "../../components/password-input.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Input } from "../../components/ui/input.tsx";
import { ApiError } from "../../lib/api.ts";
import { fieldError, formError } from "../../lib/form-errors.ts";
import { type CredentialMethod, credentialsOf } from "./credential-forms.ts";

export interface ConnectorDraft {
  name: string;
  credentials: Record<string, string>;
  regions?: string[];
  endpoint?: string | null;
}

interface CredentialsStepProps {
  providerLabel: string;
  /** False for providers reached at their own address (hosts): no endpoint or regions. */
  hasEndpoint?: boolean;
  methods: CredentialMethod[];
  policy: { format: "json" | "text"; text: string };
  error: unknown;
  isSaving: boolean;
  onBack: () => void;
  onSubmit: (draft: ConnectorDraft) => void;
}

/**
 * An error on a field inside a pasted file (credentials.serviceAccountKey.client_email), shown
 * under the file's box as "client_email: …"; undefined for any other error.
 */
function innerFieldError(error: unknown, id: string): string | undefined {
  if (!(error instanceof ApiError) || !error.field?.startsWith(`${id}.`)) return undefined;
  return `${error.field.slice(id.length + 1)}: ${fieldError(error, error.field) ?? ""}`;
}

/** Name, auth method and credentials, optional endpoint and regions, and the policy to grant. */
export function CredentialsStep(props: CredentialsStepProps) {
  const { methods, error } = props;
  const [methodName, setMethodName] = useState(methods[0]?.method ?? "");
  const method = methods.find((m) => m.method === methodName) ?? methods[0];
  const [values, setValues] = useState<Record<string, string>>({});
  const [name, setName] = useState(`${props.providerLabel} account`);
  const [endpoint, setEndpoint] = useState("");
  const [regions, setRegions] = useState("");
  if (!method) return null;
  const fieldIds = [
    "name",
    "endpoint",
    "regions",
    ...method.fields.map((f) => `credentials.${f.name}`),
    // A field inside a pasted file shows under that file's box, not above the form.
    ...(error instanceof ApiError &&
    error.field &&
    method.fields.some((f) => error.field?.startsWith(`credentials.${f.name}.`))
      ? [error.field]
      : []),
  ];
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const regionList = regions
      .split(/[\s,]+/)
      .map((r) => r.trim())
      .filter(Boolean);
    props.onSubmit({
      name: name.trim(),
      credentials: credentialsOf(method, values),
      ...(regionList.length ? { regions: regionList } : {}),
      endpoint: endpoint.trim() || null,
    });
  };
  const generalError = formError(error, fieldIds);
  return (
    <form className="grid gap-5" onSubmit={onSubmit} noValidate aria-label="Credentials">
      <div className="grid gap-2">
        <h3 className="text-sm font-medium">Grant read-only access first</h3>
        <p className="text-sm text-muted-foreground">
          Create credentials with only these permissions: discovery lists resources and never
          changes them.
        </p>
        <pre
          className="max-h-64 overflow-auto whitespace-pre-wrap rounded-md border bg-muted p-3 text-xs"
          data-testid="least-privilege-policy"
        >
          {props.policy.text}
        </pre>
        <CopyField value={props.policy.text} label="Policy" />
      </div>
      {generalError && <Alert variant="destructive">{generalError}</Alert>}
      <FormField id="name" label="Name" error={fieldError(error, "name")}>
        <Input
          id="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={!!fieldError(error, "name")}
          aria-describedby={describedBy("name", fieldError(error, "name"))}
        />
      </FormField>
      {methods.length > 1 && (
        <fieldset className="grid gap-2">
          <legend className="mb-1 text-sm font-medium">Sign in with</legend>
          <div className="flex flex-wrap gap-4">
            {methods.map((m) => (
              <label key={m.method} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="method"
                  value={m.method}
                  checked={m.method === method.method}
                  onChange={() => setMethodName(m.method)}
                />
                {m.label}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {method.fields.map((field) => {
        const id = `credentials.${field.name}`;
        const message = fieldError(error, id) ?? innerFieldError(error, id);
        const control = {
          id,
          name: field.name,
          autoComplete: "off",
          value: values[field.name] ?? "",
          onChange: (e: { target: { value: string } }) =>
            setValues((v) => ({ ...v, [field.name]: e.target.value })),
          "aria-invalid": !!message,
          "aria-describedby": describedBy(id, message, field.hint),
        };
        return (
          <FormField
            key={`${method.method}-${field.name}`}
            id={id}
            label={field.isOptional ? `${field.label} (optional)` : field.label}
            error={message}
            hint={field.hint}
          >
            {field.isMultiline ? (
              <textarea
                {...control}
                rows={6}
                spellCheck={false}
                className="w-full rounded-md border border-input bg-background px-3 py-2 font-mono text-xs shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-ring aria-invalid:border-destructive"
              />
            ) : field.isSecret ? (
              <PasswordInput {...control} />
            ) : (
              <Input {...control} />
            )}
          </FormField>
        );
      })}
      {props.hasEndpoint !== false && (
        <details className="grid gap-4 text-sm">
          <summary className="cursor-pointer font-medium">Endpoint and regions</summary>
          <div className="mt-3 grid gap-4">
            <FormField
              id="endpoint"
              label="Custom API endpoint (optional)"
              error={fieldError(error, "endpoint")}
              hint="For LocalStack, MinIO, a sovereign cloud or a proxy; empty for the provider's own"
            >
              <Input
                id="endpoint"
                value={endpoint}
                placeholder="https://…"
                onChange={(e) => setEndpoint(e.target.value)}
                aria-invalid={!!fieldError(error, "endpoint")}
                aria-describedby={describedBy("endpoint", fieldError(error, "endpoint"), true)}
              />
            </FormField>
            <FormField
              id="regions"
              label="Regions (optional)"
              error={fieldError(error, "regions")}
              hint="Comma-separated, e.g. nyc3, fra1; empty for every region"
            >
              <Input id="regions" value={regions} onChange={(e) => setRegions(e.target.value)} />
            </FormField>
          </div>
        </details>
      )}
      <div className="flex justify-between gap-2">
        <Button variant="ghost" onClick={props.onBack}>
          Back
        </Button>
        <Button type="submit" loading={props.isSaving}>
          Connect and test
        </Button>
      </div>
    </form>
  );
}
