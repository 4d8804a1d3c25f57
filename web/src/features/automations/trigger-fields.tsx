import { FormField } from "../../components/form-field.tsx";
import { Input } from "../../components/ui/input.tsx";
import { AlertFiredFields } from "./alert-fired-fields.tsx";
import { TRIGGER_LABELS, type Trigger } from "./labels.ts";

export const nativeSelect =
  "h-9 w-full rounded-md border border-input bg-transparent px-3 text-sm shadow-xs focus-visible:outline-2 focus-visible:outline-ring dark:bg-input/30";

function defaultsOf(kind: Trigger["kind"]): Trigger {
  switch (kind) {
    case "schedule":
      return { kind, cron: "0 8 * * 1", timezone: "UTC" };
    case "costAnomaly":
      return { kind, minSeverity: "medium" };
    case "alertFired":
      return { kind, minSeverity: "warning" };
    default:
      return { kind } as Trigger;
  }
}

/** The trigger's kind and its settings. */
export function TriggerFields({
  trigger,
  onChange,
}: {
  trigger: Trigger;
  onChange: (trigger: Trigger) => void;
}) {
  return (
    <div className="grid gap-4 md:grid-cols-3">
      <FormField id="trigger-kind" label="Trigger">
        <select
          id="trigger-kind"
          className={nativeSelect}
          value={trigger.kind}
          onChange={(event) => onChange(defaultsOf(event.target.value as Trigger["kind"]))}
        >
          {Object.entries(TRIGGER_LABELS).map(([kind, label]) => (
            <option key={kind} value={kind}>
              {label}
            </option>
          ))}
        </select>
      </FormField>
      {trigger.kind === "schedule" && (
        <>
          <FormField
            id="trigger-cron"
            label="Cron"
            hint="Minute hour day month weekday, e.g. 0 8 * * 1"
          >
            <Input
              id="trigger-cron"
              value={trigger.cron}
              onChange={(event) => onChange({ ...trigger, cron: event.target.value })}
            />
          </FormField>
          <FormField id="trigger-timezone" label="Time zone">
            <Input
              id="trigger-timezone"
              value={trigger.timezone}
              onChange={(event) => onChange({ ...trigger, timezone: event.target.value })}
            />
          </FormField>
        </>
      )}
      {trigger.kind === "costAnomaly" && (
        <FormField id="trigger-severity" label="Minimum severity">
          <select
            id="trigger-severity"
            className={nativeSelect}
            value={trigger.minSeverity}
            onChange={(event) =>
              onChange({ ...trigger, minSeverity: event.target.value as "medium" | "high" })
            }
          >
            <option value="medium">Medium or high</option>
            <option value="high">High only</option>
          </select>
        </FormField>
      )}
      {trigger.kind === "alertFired" && <AlertFiredFields trigger={trigger} onChange={onChange} />}
      {trigger.kind === "budgetThreshold" && (
        <FormField id="trigger-percent" label="Minimum threshold (%)" hint="Empty: any threshold">
          <Input
            id="trigger-percent"
            type="number"
            min={1}
            value={trigger.minPercent ?? ""}
            onChange={(event) =>
              onChange({
                ...trigger,
                minPercent: event.target.value ? Number(event.target.value) : undefined,
              })
            }
          />
        </FormField>
      )}
      {trigger.kind === "newLogPattern" && (
        <>
          <FormField id="trigger-service" label="Service" hint="Empty: any service">
            <Input
              id="trigger-service"
              value={trigger.service ?? ""}
              onChange={(event) =>
                onChange({ ...trigger, service: event.target.value || undefined })
              }
            />
          </FormField>
          <FormField id="trigger-level" label="Minimum level">
            <select
              id="trigger-level"
              className={nativeSelect}
              value={trigger.minLevel ?? ""}
              onChange={(event) =>
                onChange({
                  ...trigger,
                  minLevel: (event.target.value || undefined) as typeof trigger.minLevel,
                })
              }
            >
              <option value="">Any level</option>
              <option value="warn">Warn or worse</option>
              <option value="error">Error or worse</option>
            </select>
          </FormField>
        </>
      )}
    </div>
  );
}
