import { FormField } from "../../components/form-field.tsx";
import { useOperation } from "../../lib/operations.ts";
import type { Trigger } from "./labels.ts";
import { nativeSelect } from "./trigger-fields.tsx";

type AlertFired = Extract<Trigger, { kind: "alertFired" }>;

/** Which alerts start the automation: one rule or any, and the least severity. */
export function AlertFiredFields({
  trigger,
  onChange,
}: {
  trigger: AlertFired;
  onChange: (trigger: Trigger) => void;
}) {
  const rules = useOperation("alerts.rules.list", {});
  return (
    <>
      <FormField id="trigger-rule" label="Alert rule">
        <select
          id="trigger-rule"
          className={nativeSelect}
          value={trigger.ruleId ?? ""}
          onChange={(event) => onChange({ ...trigger, ruleId: event.target.value || undefined })}
        >
          <option value="">Any rule</option>
          {rules.data?.map((rule) => (
            <option key={rule.id} value={rule.id}>
              {rule.name}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="trigger-alert-severity" label="Minimum severity">
        <select
          id="trigger-alert-severity"
          className={nativeSelect}
          value={trigger.minSeverity}
          onChange={(event) =>
            onChange({ ...trigger, minSeverity: event.target.value as AlertFired["minSeverity"] })
          }
        >
          <option value="info">Info or worse</option>
          <option value="warning">Warning or critical</option>
          <option value="critical">Critical only</option>
        </select>
      </FormField>
    </>
  );
}
