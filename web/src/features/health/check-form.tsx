import { type ChangeEvent, type FormEvent, type ReactNode, useState } from "react";
import { ChoiceField } from "../../components/choice-field.tsx";
import { FormField } from "../../components/form-field.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Input } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import { errorMessage, type OperationOutput } from "../../lib/api.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import {
  CHECK_DEFAULTS,
  CHECK_KIND_LABELS,
  type CheckFields,
  type CheckKind,
  checkInput,
  DNS_RECORD_TYPES,
  fieldsOfCheck,
} from "./check-settings.ts";

type Check = OperationOutput<"health.checks.get">["check"];

const PLACEHOLDER: Record<CheckKind, string> = {
  http: "https://example.com/health",
  tcp: "db.internal:5432",
  dns: "example.com",
  ping: "192.0.2.10 or gateway.internal",
};

/**
 * A health check: kind, name, target and interval in one row; the service it belongs to,
 * timeout, retries and the kind's own settings (expected statuses, keyword, certificate days,
 * DNS answer, ping loss, latency limit) under "More settings". Given `check`, edits that check
 * (its kind stays; saving calls `onDone`).
 */
export function CheckForm({ check, onDone }: { check?: Check; onDone?: () => void }) {
  const [kind, setKind] = useState<CheckKind>(check?.kind ?? "http");
  const [f, setFields] = useState<CheckFields>(check ? fieldsOfCheck(check) : CHECK_DEFAULTS);
  const create = useOperationMutation("health.checks.create", {
    onSuccess: () => setFields(CHECK_DEFAULTS),
  });
  const update = useOperationMutation("health.checks.update", { onSuccess: onDone });
  const saving = check ? update : create;
  const field = (key: string) => (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setFields({ ...f, [key]: e.target.value });
  const choose = (key: string) => (value: string) => setFields({ ...f, [key]: value });
  const flag = (key: string) => (e: ChangeEvent<HTMLInputElement>) =>
    setFields({ ...f, [key]: String(e.target.checked) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (check) update.mutate({ id: check.id, ...checkInput(kind, f) });
    else create.mutate({ kind, ...checkInput(kind, f), isEnabled: true });
  };
  const input = (
    key: string,
    label: string,
    props: Record<string, unknown> = {},
    hint?: string,
  ) => (
    <FormField id={`check-${key}`} label={label} hint={hint}>
      <Input id={`check-${key}`} value={f[key] ?? ""} onChange={field(key)} {...props} />
    </FormField>
  );
  const latency = input(
    "maxLatencyMs",
    "Slower than (ms) is down",
    { type: "number", min: 1 },
    "Empty: only the timeout",
  );
  const KIND_SETTINGS: Record<CheckKind, ReactNode> = {
    http: (
      <>
        <ChoiceField
          id="check-method"
          label="Method"
          value={f.method ?? "GET"}
          options={[
            ["GET", "GET"],
            ["HEAD", "HEAD"],
          ]}
          onChange={choose("method")}
        />
        {input(
          "expectedStatus",
          "Expected status",
          { placeholder: "200, 204" },
          "Empty: any 2xx or 3xx",
        )}
        {input("keyword", "Keyword", {}, "Text looked for in the body")}
        <ChoiceField
          id="check-keywordMode"
          label="The keyword must be"
          value={f.keywordMode ?? "present"}
          options={[
            ["present", "present"],
            ["absent", "absent"],
          ]}
          onChange={choose("keywordMode")}
        />
        {latency}
        {input(
          "minCertificateDays",
          "Certificate valid for (days)",
          { type: "number", min: 0 },
          "Down when it expires sooner",
        )}
        <div className="flex flex-col justify-center gap-2 text-sm">
          <Label className="flex items-center gap-2 font-normal">
            <input type="checkbox" checked={f.verifyTls === "true"} onChange={flag("verifyTls")} />
            Verify the TLS certificate
          </Label>
          <Label className="flex items-center gap-2 font-normal">
            <input
              type="checkbox"
              checked={f.followRedirects === "true"}
              onChange={flag("followRedirects")}
            />
            Follow redirects
          </Label>
        </div>
      </>
    ),
    tcp: latency,
    dns: (
      <>
        <ChoiceField
          id="check-recordType"
          label="Record type"
          value={f.recordType ?? "A"}
          options={DNS_RECORD_TYPES.map((t) => [t, t] as const)}
          onChange={choose("recordType")}
        />
        {input("expected", "Expected answer", {}, "Must be among the records (MX: the host)")}
        {input("resolver", "Name server", { placeholder: "1.1.1.1:53" }, "Empty: the system's")}
        {latency}
      </>
    ),
    ping: (
      <>
        {input("count", "Echo requests a run", { type: "number", min: 1, max: 10 })}
        {input(
          "maxLossPercent",
          "Lost (%) is down",
          { type: "number", min: 0, max: 99 },
          "Empty: one reply is enough",
        )}
        {latency}
      </>
    ),
  };
  return (
    <form
      onSubmit={submit}
      className="space-y-3 rounded-lg border p-4"
      aria-label={check ? `Edit ${check.name}` : "New health check"}
    >
      <div className="grid gap-3 sm:grid-cols-[8rem_1fr_2fr_7rem_auto] sm:items-end">
        <ChoiceField
          id="check-kind"
          label="Kind"
          value={kind}
          disabled={check !== undefined}
          options={Object.entries(CHECK_KIND_LABELS)}
          onChange={(value) => setKind(value as CheckKind)}
        />
        <div>
          <Label htmlFor="check-name">Name</Label>
          <Input id="check-name" value={f.name} onChange={field("name")} required />
        </div>
        <div>
          <Label htmlFor="check-target">Target</Label>
          <Input
            id="check-target"
            value={f.target}
            placeholder={PLACEHOLDER[kind]}
            onChange={field("target")}
            required
          />
        </div>
        <div>
          <Label htmlFor="check-interval">Every (s)</Label>
          <Input
            id="check-interval"
            type="number"
            min={10}
            value={f.intervalSeconds}
            onChange={field("intervalSeconds")}
          />
        </div>
        <div className="flex gap-2">
          <Button type="submit" disabled={saving.isPending}>
            {check ? "Save" : "Add check"}
          </Button>
          {check && (
            <Button type="button" variant="outline" onClick={onDone}>
              Cancel
            </Button>
          )}
        </div>
      </div>
      <details open={check !== undefined} className="text-sm">
        <summary className="cursor-pointer text-muted-foreground select-none">
          More settings
        </summary>
        <div className="mt-3 grid items-start gap-3 sm:grid-cols-3 lg:grid-cols-4">
          {input("service", "Service", {}, "Alerts and incidents group by it")}
          {input("timeoutSeconds", "Timeout (s)", {
            type: "number",
            min: 0.1,
            max: 60,
            step: "any",
          })}
          {input("retries", "Retries before down", { type: "number", min: 0, max: 5 })}
          {KIND_SETTINGS[kind]}
        </div>
      </details>
      {saving.error && (
        <p role="alert" className="text-sm text-red-600">
          {errorMessage(saving.error)}
        </p>
      )}
    </form>
  );
}
