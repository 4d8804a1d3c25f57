import { type FormEvent, useState } from "react";
import { ChoiceField } from "../../components/choice-field.tsx";
import { FormField } from "../../components/form-field.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Input } from "../../components/ui/input.tsx";
import type { OperationInput, OperationOutput } from "../../lib/api.ts";
import { useOperation } from "../../lib/operations.ts";

/** "key=value, key2=value2" → labels. */
export function parseLabels(text: string): Record<string, string> | undefined {
  const pairs = text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => [p.slice(0, p.indexOf("=")).trim(), p.slice(p.indexOf("=") + 1).trim()]);
  const labels = Object.fromEntries(pairs.filter(([k]) => k));
  return Object.keys(labels).length ? labels : undefined;
}

type Rule = OperationOutput<"alerts.routing.list">[number];
type Probe = OperationInput<"alerts.routing.test">;

/**
 * A dry run of the routing rules: the labels and severity of an alert that might fire, and
 * which rules it would go by, in order (alerts.routing.test). Nothing is sent.
 */
export function RoutingTest({ rules }: { rules: Rule[] }) {
  const [labels, setLabels] = useState("");
  const [severity, setSeverity] = useState<Probe["severity"]>("critical");
  const [probe, setProbe] = useState<Probe | null>(null);
  const result = useOperation("alerts.routing.test", probe ?? { severity }, {
    enabled: probe !== null,
  });
  const names = new Map(rules.map((r) => [r.id, r.name]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProbe({ labels: parseLabels(labels) ?? {}, severity });
  };
  return (
    <section className="space-y-3 rounded-lg border p-4" aria-labelledby="routing-test-title">
      <h3 id="routing-test-title" className="font-medium">
        Try an alert
      </h3>
      <form
        onSubmit={submit}
        className="grid gap-3 sm:grid-cols-[1fr_9rem_auto] sm:items-end"
        aria-label="Try an alert"
      >
        <FormField id="routing-test-labels" label="Its labels (key=value, …)">
          <Input
            id="routing-test-labels"
            value={labels}
            onChange={(e) => setLabels(e.target.value)}
            placeholder="service=api, env=prod"
          />
        </FormField>
        <ChoiceField
          id="routing-test-severity"
          label="Severity"
          value={severity}
          options={(["info", "warning", "critical"] as const).map((s) => [s, s] as const)}
          onChange={(v) => setSeverity(v as Probe["severity"])}
        />
        <Button type="submit" variant="outline">
          Try
        </Button>
      </form>
      {probe && (
        <QueryState query={result}>
          {({ ruleIds }) =>
            ruleIds.length === 0 ? (
              <p className="text-sm" data-testid="routing-test-result">
                No rule matches: its incident would go to nobody in particular.
              </p>
            ) : (
              <p className="text-sm" data-testid="routing-test-result">
                It would go by {ruleIds.map((id) => names.get(id) ?? "a rule").join(", then ")}.
              </p>
            )
          }
        </QueryState>
      )}
    </section>
  );
}
