import { useState } from "react";
import { Link } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { AlertHistory } from "./alert-history.tsx";
import { NewRuleForm } from "./rule-form.tsx";
import { StatusBadge } from "./status-badge.tsx";
import { describeRule } from "./telemetry-rule-params.ts";

/** Alerts firing and pending now, the rules, the history and the silences. */
export function AlertsPage() {
  const { role } = useSession();
  const fmt = useFormat();
  const open = useOperation("alerts.list", { limit: 200 }, { refetchInterval: 5_000 });
  const rules = useOperation("alerts.rules.list", {});
  const silences = useOperation("alerts.silences.list", {});
  const expire = useOperationMutation("alerts.silences.expire");
  const [shownHistory, setShownHistory] = useState<string | null>(null);
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
                <li key={a.id} className="flex flex-wrap items-start gap-3 p-3 text-sm">
                  <StatusBadge status={a.state} />
                  {/* The summary on its own line, what it belongs to and when under it: long
                      summaries wrapped the rule, the link and the button onto ragged lines. */}
                  <div className="min-w-0 flex-1 space-y-0.5">
                    <p className="font-medium [overflow-wrap:anywhere]">{a.summary}</p>
                    <p className="flex flex-wrap items-center gap-x-2 text-xs text-muted-foreground">
                      <span>
                        {a.ruleName} · {a.severity}
                      </span>
                      {a.isSilenced && <span>silenced</span>}
                      {a.incidentId && (
                        <Link className="underline" to={`/health/incidents/${a.incidentId}`}>
                          incident
                        </Link>
                      )}
                      <span>since {fmt.dateTime(a.activeSince)}</span>
                    </p>
                  </div>
                  <Button
                    size="sm"
                    variant="outline"
                    aria-expanded={shownHistory === a.id}
                    onClick={() => setShownHistory(shownHistory === a.id ? null : a.id)}
                  >
                    History
                  </Button>
                  {shownHistory === a.id && (
                    <div className="basis-full">
                      <AlertHistory alertId={a.id} />
                    </div>
                  )}
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
                  {r.name} — {describeRule(r.kind, r.params)}, for {r.forSeconds} s, {r.severity}
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
                    until {fmt.dateTime(s.endsAt)} — {s.comment}
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
