import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Input } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { StatusBadge } from "./status-badge.tsx";

function NewRuleForm() {
  const [name, setName] = useState("");
  const [kind, setKind] = useState<"health_check_failing" | "cost_anomaly">("health_check_failing");
  const [forSeconds, setForSeconds] = useState("0");
  const create = useOperationMutation("alerts.rules.create", { onSuccess: () => setName("") });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, kind, forSeconds: Number(forSeconds) } as never);
  };
  return (
    <form
      onSubmit={submit}
      className="grid gap-3 rounded-lg border p-4 sm:grid-cols-[2fr_2fr_7rem_auto] sm:items-end"
    >
      <div>
        <Label htmlFor="rule-name">Rule name</Label>
        <Input id="rule-name" value={name} onChange={(e) => setName(e.target.value)} required />
      </div>
      <div>
        <Label htmlFor="rule-kind">When</Label>
        <select
          id="rule-kind"
          className="h-9 w-full rounded-md border bg-background px-2 text-sm"
          value={kind}
          onChange={(e) => setKind(e.target.value as typeof kind)}
        >
          <option value="health_check_failing">A health check is failing</option>
          <option value="cost_anomaly">A cost anomaly is detected</option>
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
      <Button type="submit" disabled={create.isPending}>
        Add rule
      </Button>
      {create.error && (
        <p role="alert" className="text-sm text-red-600 sm:col-span-4">
          {errorMessage(create.error)}
        </p>
      )}
    </form>
  );
}

/** Alerts firing and pending now, the rules, the history and the silences. */
export function AlertsPage() {
  const { role } = useSession();
  const open = useOperation("alerts.list", { limit: 200 }, { refetchInterval: 5_000 });
  const rules = useOperation("alerts.rules.list", {});
  const silences = useOperation("alerts.silences.list", {});
  const expire = useOperationMutation("alerts.silences.expire");
  return (
    <div className="space-y-8">
      <section>
        <h2 className="mb-2 text-lg font-medium">Alerts</h2>
        <QueryState
          query={open}
          isEmpty={(rows) => rows.length === 0}
          empty={<p className="text-sm text-muted-foreground">No alerts yet.</p>}
        >
          {(rows) => (
            <ul className="divide-y rounded-lg border">
              {rows.map((a) => (
                <li key={a.id} className="flex flex-wrap items-center gap-3 p-3 text-sm">
                  <StatusBadge status={a.state} />
                  <span className="font-medium">{a.summary}</span>
                  <span className="text-muted-foreground">
                    {a.ruleName} · {a.severity}
                  </span>
                  {a.isSilenced && <span className="text-xs text-muted-foreground">silenced</span>}
                  {a.incidentId && (
                    <Link className="text-xs underline" to={`/health/incidents/${a.incidentId}`}>
                      incident
                    </Link>
                  )}
                  <span className="ml-auto text-xs text-muted-foreground">
                    {new Date(a.activeSince).toLocaleString()}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </QueryState>
      </section>
      <section className="space-y-3">
        <h2 className="text-lg font-medium">Rules</h2>
        {can(role, "alerts:manage") && <NewRuleForm />}
        <QueryState
          query={rules}
          isEmpty={(rows) => rows.length === 0}
          empty={<p className="text-sm text-muted-foreground">No rules yet.</p>}
        >
          {(rows) => (
            <ul className="text-sm">
              {rows.map((r) => (
                <li key={r.id}>
                  {r.name} —{" "}
                  {r.kind === "cost_anomaly" ? "cost anomaly detected" : "health check failing"},
                  for {r.forSeconds} s, {r.severity}
                  {r.isEnabled ? "" : " (off)"}
                </li>
              ))}
            </ul>
          )}
        </QueryState>
      </section>
      <section>
        <h2 className="mb-2 text-lg font-medium">Silences</h2>
        <QueryState
          query={silences}
          isEmpty={(rows) => rows.length === 0}
          empty={<p className="text-sm text-muted-foreground">No silences.</p>}
        >
          {(rows) => (
            <ul className="space-y-1 text-sm">
              {rows.map((s) => (
                <li key={s.id} className="flex items-center gap-3">
                  <span>
                    {s.matchers
                      .map((m) => `${m.label}${m.isEqual ? "=" : "!="}${m.value}`)
                      .join(", ")}
                  </span>
                  <span className="text-muted-foreground">
                    until {new Date(s.endsAt).toLocaleString()} — {s.comment}
                  </span>
                  {new Date(s.endsAt) > new Date() && can(role, "alerts:manage") && (
                    <Button size="sm" variant="outline" onClick={() => expire.mutate({ id: s.id })}>
                      End now
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </QueryState>
      </section>
    </div>
  );
}
