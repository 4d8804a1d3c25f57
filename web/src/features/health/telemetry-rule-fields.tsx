import { ChoiceField } from "../../components/choice-field.tsx";
import { FormField } from "../../components/form-field.tsx";
import { Input } from "../../components/ui/input.tsx";
import { useOperation } from "../../lib/operations.ts";
import type { ParamFields, RuleKind } from "./telemetry-rule-params.ts";

type Props = { kind: RuleKind; fields: ParamFields; onChange: (fields: ParamFields) => void };

const COMPARATORS = [">", ">=", "<", "<=", "==", "!="].map((c) => [c, c] as const);

/** Metric name (picked from the names received), label matchers and group-by labels. */
function MetricSelection({ fields, onChange }: Omit<Props, "kind">) {
  const names = useOperation("metrics.names", {});
  const labels = useOperation(
    "metrics.labels",
    { metric: fields.metric ?? "" },
    { enabled: Boolean(fields.metric) },
  );
  const set = (key: string) => (e: { target: { value: string } }) =>
    onChange({ ...fields, [key]: e.target.value });
  return (
    <>
      <FormField
        id="rule-metric"
        label="Metric"
        hint={`${names.data?.length ?? 0} metrics received`}
      >
        <Input
          id="rule-metric"
          list="rule-metric-names"
          value={fields.metric}
          onChange={set("metric")}
          required
        />
        <datalist id="rule-metric-names">
          {names.data?.map((n) => (
            <option key={n.name} value={n.name}>{`${n.series} series`}</option>
          ))}
        </datalist>
      </FormField>
      <FormField
        id="rule-matchers"
        label="Label matchers"
        hint={
          labels.data?.length
            ? `Labels: ${labels.data.map((l) => l.name).join(", ")}`
            : "e.g. job=api, env!=dev, host=~web-.*"
        }
      >
        <Input id="rule-matchers" value={fields.matchers} onChange={set("matchers")} />
      </FormField>
      <FormField id="rule-group-by" label="Group by" hint="Labels, comma-separated: one alert each">
        <Input id="rule-group-by" value={fields.groupBy} onChange={set("groupBy")} />
      </FormField>
    </>
  );
}

/** The settings of the metric and log rule kinds. */
export function TelemetryRuleFields({ kind, fields, onChange }: Props) {
  const set = (key: string) => (value: string) => onChange({ ...fields, [key]: value });
  const input = (key: string) => (e: { target: { value: string } }) => set(key)(e.target.value);
  const windowField = (label = "Window (min)", hint?: string) => (
    <FormField id="rule-window" label={label} hint={hint}>
      <Input
        id="rule-window"
        type="number"
        min={1}
        value={fields.windowMinutes}
        onChange={input("windowMinutes")}
      />
    </FormField>
  );
  const serviceField = (
    <FormField id="rule-service" label="Service" hint="Empty: every service">
      <Input id="rule-service" value={fields.service} onChange={input("service")} />
    </FormField>
  );
  const levelChoice = (label: string) => (
    <ChoiceField
      id="rule-level"
      label={label}
      value={fields.level ?? ""}
      options={[
        ["", "Any"],
        ...["trace", "debug", "info", "warn", "error", "fatal"].map((l) => [l, l] as const),
      ]}
      onChange={set("level")}
    />
  );
  const thresholdField = (label: string, hint?: string) => (
    <FormField id="rule-threshold" label={label} hint={hint}>
      <Input
        id="rule-threshold"
        type="number"
        step="any"
        value={fields.threshold}
        onChange={input("threshold")}
        required
      />
    </FormField>
  );
  const comparison = (
    <>
      <ChoiceField
        id="rule-comparator"
        label="Is"
        value={fields.comparator ?? ">"}
        options={COMPARATORS}
        onChange={set("comparator")}
      />
      {thresholdField("Threshold")}
    </>
  );
  if (kind === "new_log_pattern")
    return (
      <>
        {serviceField}
        {levelChoice("Level or worse")}
        {windowField("Alert lasts (min)", "Then it resolves by itself")}
      </>
    );
  if (kind === "log_count")
    return (
      <>
        <FormField id="rule-q" label="Search" hint='As in the log explorer, e.g. timeout -"health"'>
          <Input id="rule-q" value={fields.q} onChange={input("q")} />
        </FormField>
        {serviceField}
        {levelChoice("Level")}
        {windowField()}
        {comparison}
        <ChoiceField
          id="rule-group-service"
          label="One alert per service"
          value={fields.groupByService ?? ""}
          options={[
            ["", "No"],
            ["yes", "Yes"],
          ]}
          onChange={set("groupByService")}
        />
      </>
    );
  const aggregation = (withRate: boolean) => (
    <ChoiceField
      id="rule-aggregation"
      label="Aggregation"
      value={fields.aggregation ?? "avg"}
      options={[
        ...["avg", "min", "max", "sum", "count"].map((a) => [a, a] as const),
        ...(withRate ? [["rate", "rate (counters, per second)"] as const] : []),
      ]}
      onChange={set("aggregation")}
    />
  );
  return (
    <>
      <MetricSelection fields={fields} onChange={onChange} />
      {kind === "metric_threshold" && (
        <>
          {aggregation(true)}
          {windowField()}
          {comparison}
        </>
      )}
      {kind === "metric_absent" && windowField()}
      {kind === "metric_forecast" && (
        <>
          <ChoiceField
            id="rule-limit-direction"
            label="Trend"
            value={fields.limitDirection ?? "below"}
            options={[
              ["below", "Falls to the limit (free space)"],
              ["above", "Rises to the limit (usage, queue)"],
            ]}
            onChange={set("limitDirection")}
          />
          {thresholdField("Limit", "e.g. 0 free bytes")}
          <FormField id="rule-within" label="Within (days)">
            <Input
              id="rule-within"
              type="number"
              min={0.5}
              step="any"
              value={fields.withinDays}
              onChange={input("withinDays")}
            />
          </FormField>
        </>
      )}
      {kind === "metric_anomaly" && (
        <>
          {aggregation(false)}
          <FormField id="rule-step" label="Step (min)">
            <Input
              id="rule-step"
              type="number"
              min={1}
              value={fields.stepMinutes}
              onChange={input("stepMinutes")}
            />
          </FormField>
          <FormField
            id="rule-sensitivity"
            label="Score above"
            hint="0.5 is the edge of the usual band"
          >
            <Input
              id="rule-sensitivity"
              type="number"
              step="0.01"
              min={0.5}
              max={0.999}
              value={fields.sensitivity}
              onChange={input("sensitivity")}
            />
          </FormField>
          <ChoiceField
            id="rule-direction"
            label="Direction"
            value={fields.direction ?? "both"}
            options={[
              ["both", "Above or below"],
              ["above", "Above only"],
              ["below", "Below only"],
            ]}
            onChange={set("direction")}
          />
        </>
      )}
    </>
  );
}
