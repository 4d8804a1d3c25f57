import { useState } from "react";
import { Link } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { LinkedPages } from "../docs/linked-pages.tsx";
import { AlertHistory } from "./alert-history.tsx";
import { openFirst } from "./listed-rows.ts";
import { RuleForm } from "./rule-form.tsx";
import { RulesTable } from "./rules-table.tsx";
import { type Matcher, matchersOf, SilenceDialog } from "./silence-dialog.tsx";
import { StatusBadge } from "./status-badge.tsx";

type Rule = OperationOutput<"alerts.rules.list">[number];

/** Resolved alerts the page lists besides every pending and firing one. */
const HISTORY = 100;

/** Alerts firing and pending now, the rules, the history and the silences. */
export function AlertsPage() {
  const { role } = useSession();
  const fmt = useFormat();
  // Open alerts apart from the history: a burst of resolved ones never hides one still firing,
  // and the silence dialog counts against all of them.
  const open = useOperation(
    "alerts.list",
    { state: "open", limit: 5000 },
    { refetchInterval: 5_000 },
  );
  const resolved = useOperation(
    "alerts.list",
    { state: "resolved", limit: HISTORY },
    { refetchInterval: 5_000 },
  );
  const rules = useOperation("alerts.rules.list", {});
  const silences = useOperation("alerts.silences.list", {});
  const expire = useOperationMutation("alerts.silences.expire");
  const [shownDetails, setShownDetails] = useState<string | null>(null);
  const [silencing, setSilencing] = useState<Matcher[] | null>(null);
  const [replacing, setReplacing] = useState<{ id: string; comment: string } | null>(null);
  const [editing, setEditing] = useState<Rule | null>(null);
  const canManage = can(role, "alerts:manage");
  const openAlerts = open.data ?? [];
  return (
    <div className="space-y-8">
      <section>
        <h2 className="mb-2 text-lg font-medium">Alerts</h2>
        <QueryState
          query={open}
          isEmpty={(rows) => rows.length === 0 && resolved.data?.length === 0}
          empty={<p className="text-sm text-muted-foreground">No alerts yet.</p>}
        >
          {(firing) => {
            const rows = openFirst(
              firing,
              resolved.data ?? [],
              (a) => a.state !== "resolved",
              (a) => a.activeSince,
            );
            return (
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
                        {a.isSilenced && (
                          <span className="rounded bg-muted px-1.5 text-foreground">silenced</span>
                        )}
                        {a.incidentId && (
                          <Link className="underline" to={`/health/incidents/${a.incidentId}`}>
                            incident
                          </Link>
                        )}
                        <span>since {fmt.dateTime(a.activeSince)}</span>
                      </p>
                    </div>
                    {canManage && a.state !== "resolved" && !a.isSilenced && (
                      <Button
                        size="sm"
                        variant="outline"
                        aria-label={`Silence ${a.summary}`}
                        onClick={() => setSilencing(matchersOf(a.labels))}
                      >
                        Silence
                      </Button>
                    )}
                    <Button
                      size="sm"
                      variant="outline"
                      aria-expanded={shownDetails === a.id}
                      onClick={() => setShownDetails(shownDetails === a.id ? null : a.id)}
                    >
                      Details
                    </Button>
                    {shownDetails === a.id && (
                      <div className="grid basis-full gap-3 sm:grid-cols-2">
                        <AlertFacts labels={a.labels} annotations={a.annotations} />
                        <AlertHistory alertId={a.id} />
                        {can(role, "docs:read") && (
                          <LinkedPages
                            kind="alert"
                            target={a.ruleName}
                            aliases={[a.ruleId]}
                            noun="this alert's rule"
                          />
                        )}
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            );
          }}
        </QueryState>
      </section>
      <section className="space-y-3">
        <h2 className="text-lg font-medium">Rules</h2>
        {/* One form: a rule being edited takes the new rule's place until saved or cancelled. */}
        {canManage && (
          <RuleForm
            key={editing?.id ?? "new"}
            rule={editing ?? undefined}
            onDone={() => setEditing(null)}
          />
        )}
        <QueryState
          query={rules}
          isEmpty={(rows) => rows.length === 0}
          empty={<p className="text-sm text-muted-foreground">No rules yet.</p>}
        >
          {(rows) => (
            <RulesTable
              rules={rows}
              canManage={canManage}
              onEdit={(rule) => {
                setEditing(rule);
                window.scrollTo({ top: 0, behavior: "smooth" });
              }}
            />
          )}
        </QueryState>
      </section>
      <section>
        <div className="mb-2 flex items-center justify-between gap-3">
          <h2 className="text-lg font-medium">Silences</h2>
          {canManage && (
            <Button size="sm" variant="outline" onClick={() => setSilencing([])}>
              New silence
            </Button>
          )}
        </div>
        <QueryState
          query={silences}
          isEmpty={(rows) => rows.length === 0}
          empty={<p className="text-sm text-muted-foreground">No silences.</p>}
        >
          {(rows) => (
            <ul className="divide-y rounded-lg border text-sm" aria-label="Silences">
              {rows.map((s) => {
                const active = new Date(s.endsAt) > new Date();
                return (
                  <li key={s.id} className="flex flex-wrap items-center gap-3 p-3">
                    <div className="min-w-0 flex-1 space-y-1">
                      <p className="flex flex-wrap gap-1">
                        {s.matchers.map((m) => (
                          <code
                            key={`${m.label}${m.isEqual}${m.value}`}
                            className="rounded bg-muted px-1.5 py-0.5 text-xs [overflow-wrap:anywhere]"
                          >
                            {m.label}
                            {m.isEqual ? "=" : "!="}
                            {m.value}
                          </code>
                        ))}
                      </p>
                      <p className="text-xs text-muted-foreground">
                        {active ? "until" : "ended"} {fmt.dateTime(s.endsAt)} — {s.comment}
                      </p>
                    </div>
                    {active && canManage && (
                      <>
                        <Button
                          size="sm"
                          variant="outline"
                          aria-label={`Edit the silence: ${s.comment}`}
                          onClick={() => {
                            setReplacing({ id: s.id, comment: s.comment });
                            setSilencing(s.matchers);
                          }}
                        >
                          Edit
                        </Button>
                        <Button
                          size="sm"
                          variant="outline"
                          onClick={() => expire.mutate({ id: s.id })}
                        >
                          End now
                        </Button>
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </QueryState>
      </section>
      <SilenceDialog
        initial={silencing}
        replacing={replacing}
        openAlerts={openAlerts}
        onClose={() => {
          setSilencing(null);
          setReplacing(null);
        }}
      />
    </div>
  );
}

/**
 * What the alert is about (its labels: what silences and routes match) and what was measured
 * the last time it was evaluated (its annotations: never matched).
 */
function AlertFacts(props: {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}) {
  const groups = [
    { title: "Labels", entries: Object.entries(props.labels) },
    { title: "Last measured", entries: Object.entries(props.annotations) },
  ].filter((g) => g.entries.length > 0);
  return (
    <div className="space-y-2 text-xs sm:col-span-2">
      {groups.map((g) => (
        <div key={g.title}>
          <p className="mb-1 font-medium text-muted-foreground">{g.title}</p>
          <ul className="flex flex-wrap gap-1">
            {g.entries.map(([k, v]) => (
              <li
                key={k}
                className="rounded bg-muted px-1.5 py-0.5 font-mono [overflow-wrap:anywhere]"
              >
                {k}={v}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
