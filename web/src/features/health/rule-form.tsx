import { type FormEvent, useState } from "react";
import { ChoiceField } from "../../components/choice-field.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Input } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import { errorMessage, type OperationOutput } from "../../lib/api.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { TelemetryRuleFields } from "./telemetry-rule-fields.tsx";
import {
  FIELD_DEFAULTS,
  fieldsOf,
  type ParamFields,
  paramsOf,
  RULE_KIND_LABELS,
  type RuleKind,
} from "./telemetry-rule-params.ts";

type Rule = OperationOutput<"alerts.rules.list">[number];

/** Kinds whose settings the form does not show (their params are kept as they are). */
const NO_FIELDS = new Set<RuleKind>(["health_check_failing", "cost_anomaly"]);

/**
 * An alert rule's name, kind, the kind's settings, `for` and severity: a new rule, or, given
 * `rule`, that rule's (its kind stays; saving calls `onDone`).
 */
export function RuleForm({ rule, onDone }: { rule?: Rule; onDone?: () => void }) {
  const [name, setName] = useState(rule?.name ?? "");
  const [kind, setKind] = useState<RuleKind>(rule?.kind ?? "health_check_failing");
  const [forSeconds, setForSeconds] = useState(String(rule?.forSeconds ?? 0));
  const [severity, setSeverity] = useState<string>(rule?.severity ?? "warning");
  const [fields, setFields] = useState<ParamFields>(
    rule ? fieldsOf(rule.kind, rule.params) : FIELD_DEFAULTS,
  );
  const create = useOperationMutation("alerts.rules.create", {
    onSuccess: () => {
      setName("");
      setFields(FIELD_DEFAULTS);
    },
  });
  const update = useOperationMutation("alerts.rules.update", { onSuccess: onDone });
  const saving = rule ? update : create;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const common = { name, forSeconds: Number(forSeconds), severity };
    if (rule) {
      update.mutate({
        id: rule.id,
        ...common,
        ...(NO_FIELDS.has(kind) ? {} : { params: paramsOf(kind, fields) }),
      } as never);
    } else {
      create.mutate({ ...common, kind, params: paramsOf(kind, fields) } as never);
    }
  };
  return (
    <form
      onSubmit={submit}
      className="space-y-3 rounded-lg border p-4"
      aria-label={rule ? `Edit ${rule.name}` : "New alert rule"}
    >
      <div className="grid gap-3 sm:grid-cols-[2fr_2fr_7rem_8rem] sm:items-end">
        <div>
          <Label htmlFor="rule-name">Rule name</Label>
          <Input id="rule-name" value={name} onChange={(e) => setName(e.target.value)} required />
        </div>
        <ChoiceField
          id="rule-kind"
          label="When"
          value={kind}
          disabled={rule !== undefined}
          options={Object.entries(RULE_KIND_LABELS)}
          onChange={(value) => setKind(value as RuleKind)}
        />
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
        <ChoiceField
          id="rule-severity"
          label="Severity"
          value={severity}
          options={["info", "warning", "critical"].map((v) => [v, v] as const)}
          onChange={setSeverity}
        />
      </div>
      {!NO_FIELDS.has(kind) && (
        <div className="grid items-start gap-3 sm:grid-cols-3 lg:grid-cols-4">
          <TelemetryRuleFields kind={kind} fields={fields} onChange={setFields} />
        </div>
      )}
      <div className="flex gap-2">
        <Button type="submit" disabled={saving.isPending}>
          {rule ? "Save rule" : "Add rule"}
        </Button>
        {rule && (
          <Button type="button" variant="outline" onClick={onDone}>
            Cancel
          </Button>
        )}
      </div>
      {saving.error && (
        <p role="alert" className="text-sm text-red-600">
          {errorMessage(saving.error)}
        </p>
      )}
    </form>
  );
}
