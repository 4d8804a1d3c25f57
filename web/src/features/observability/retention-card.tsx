import { type FormEvent, useState } from "react";
import { FormField } from "../../components/form-field.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardContent } from "../../components/ui/card.tsx";
import { Input } from "../../components/ui/input.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";

/**
 * How long this workspace keeps log lines and metric samples (and minute roll-ups); hourly
 * roll-ups outlive them. The hourly retention jobs drop what is older. Admins change
 * the two here.
 */
export function RetentionCard() {
  const { role } = useSession();
  const settings = useOperation("observability.settings.get", {});
  const [editing, setEditing] = useState<{ logs: string; metrics: string } | null>(null);
  const save = useOperationMutation("observability.settings.set", {
    onSuccess: () => setEditing(null),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    save.mutate({
      logRetentionDays: Number(editing.logs),
      metricRetentionDays: Number(editing.metrics),
    });
  };
  const s = settings.data;
  return (
    <Card className="mt-6" aria-labelledby="retention-title">
      <CardContent className="space-y-3 p-5">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h2 id="retention-title" className="font-semibold">
              Retention
            </h2>
            <p className="text-sm text-muted-foreground" data-testid="retention-summary">
              {s
                ? `Log lines are kept ${s.logRetentionDays} days, metric samples and minute roll-ups ${s.metricRetentionDays} days, hourly roll-ups ${s.hourlyRollupDays} days; what is older is dropped every hour.`
                : "…"}
            </p>
          </div>
          {s && !editing && can(role, "observability:manage") && (
            <Button
              size="sm"
              variant="outline"
              onClick={() =>
                setEditing({
                  logs: String(s.logRetentionDays),
                  metrics: String(s.metricRetentionDays),
                })
              }
            >
              Change
            </Button>
          )}
        </div>
        {editing && (
          <form
            onSubmit={submit}
            className="grid gap-3 sm:grid-cols-[10rem_10rem_auto] sm:items-end"
            aria-label="Retention"
          >
            <FormField id="retention-logs" label="Log lines (days)">
              <Input
                id="retention-logs"
                type="number"
                min={1}
                max={3650}
                value={editing.logs}
                onChange={(e) => setEditing({ ...editing, logs: e.target.value })}
                required
              />
            </FormField>
            <FormField id="retention-metrics" label="Metric samples (days)">
              <Input
                id="retention-metrics"
                type="number"
                min={1}
                max={3650}
                value={editing.metrics}
                onChange={(e) => setEditing({ ...editing, metrics: e.target.value })}
                required
              />
            </FormField>
            <div className="flex gap-2">
              <Button type="submit" loading={save.isPending}>
                Save
              </Button>
              <Button type="button" variant="outline" onClick={() => setEditing(null)}>
                Cancel
              </Button>
            </div>
          </form>
        )}
        {save.error && <Alert variant="destructive">{errorMessage(save.error)}</Alert>}
      </CardContent>
    </Card>
  );
}
