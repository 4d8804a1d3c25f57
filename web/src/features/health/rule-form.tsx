import { type FormEvent, useState } from "react";
import { Button } from "../../components/ui/button.tsx";
import { Input } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { TelemetryRuleFields } from "./telemetry-rule-fields.tsx";
import {
  FIELD_DEFAULTS,
  type ParamFields,
  paramsOf,
  RULE_KIND_LABELS,
  type RuleKind,
} from "./telemetry-rule-params.ts";

const select = "h-9 w-full rounded-md border bg-background px-2 text-sm";

/** A new alert rule: its name, kind, the kind's settings, `for` and severity. */
export function NewRuleForm() {
  const [name, setName] = useState("");
  const [kind, setKind] = useState<RuleKind>("health_check_failing");
  const [forSeconds, setForSeconds] = useState("0");
  const [severity, setSeverity] = useState("warning");
  const [fields, setFields] = useState<ParamFields>(FIELD_DEFAULTS);
  const create = useOperationMutation("alerts.rules.create", {
    onSuccess: () => {
      setName("");
      setFields(FIELD_DEFAULTS);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      name,
      kind,
      params: paramsOf(kind, fields),
      forSeconds: Number(forSeconds),
      severity,
    } as never);
  };
  return (
    <form onSubmit={submit} className="space-y-3 rounded-lg border p-4" aria-label="New alert rule">
      <div className="grid gap-3 sm:grid-cols-[2fr_2fr_7rem_8rem] sm:items-end">
        <div>
          <Label htmlFor="rule-name">Rule name</Label>
          <Input id="rule-name" value={name} onChange={(e) => setName(e.target.value)} required />
        </div>
        <div>
          <Label htmlFor="rule-kind">When</Label>
          <select
            id="rule-kind"
            className={select}
            value={kind}
            onChange={(e) => setKind(e.target.value as RuleKind)}
          >
            {Object.entries(RULE_KIND_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <Label htmlFor="rule-for">For (s)</Label>
          <Input
            id="rule-for"
            type="number"
            min={0}
            value={forSeconds}
            onChange={(e) => setForSeconds(e.target.value)}
          />
        </div>
        <div>
          <Label htmlFor="rule-severity">Severity</Label>
          <select
            id="rule-severity"
            className={select}
            value={severity}
            onChange={(e) => setSeverity(e.target.value)}
          >
            <option value="info">info</option>
            <option value="warning">warning</option>
            <option value="critical">critical</option>
          </select>
        </div>
      </div>
      {kind !== "health_check_failing" && kind !== "cost_anomaly" && (
        <div className="grid items-start gap-3 sm:grid-cols-3 lg:grid-cols-4">
          <TelemetryRuleFields kind={kind} fields={fields} onChange={setFields} />
        </div>
      )}
      <Button type="submit" disabled={create.isPending}>
        Add rule
      </Button>
      {create.error && (
        <p role="alert" className="text-sm text-red-600">
          {errorMessage(create.error)}
        </p>
      )}
    </form>
  );
}
