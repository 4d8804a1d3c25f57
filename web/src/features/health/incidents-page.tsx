import { type FormEvent, useState } from "react";
import { Link, useParams } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card } from "../../components/ui/card.tsx";
import { Textarea } from "../../components/ui/input.tsx";
import { errorMessage, type OperationOutput } from "../../lib/api.ts";
import { elapsed } from "../../lib/format.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { LinkedPages } from "../docs/linked-pages.tsx";
import { openFirst } from "./listed-rows.ts";
import { StatusBadge } from "./status-badge.tsx";
import { TriageNote } from "./triage-note.tsx";

type Incident = OperationOutput<"incidents.list">[number];

const FILTERS = {
  all: { label: "All", keep: () => true },
  unresolved: { label: "Unresolved", keep: (i: Incident) => i.status !== "resolved" },
  resolved: { label: "Resolved", keep: (i: Incident) => i.status === "resolved" },
} as const;
type Filter = keyof typeof FILTERS;

const secondsBetween = (from: string, to: string | number) =>
  ((typeof to === "number" ? to : new Date(to).getTime()) - new Date(from).getTime()) / 1000;

/** Resolved incidents the page lists besides every unresolved one. */
const HISTORY = 200;

/**
 * How the last 30 days went: incidents opened, mean time to acknowledge (of those acknowledged)
 * and mean time to resolve (of those resolved). Counted by the server over all of them: the
 * list below holds only the latest.
 */
function IncidentStats() {
  const figures = useOperation("incidents.figures", { days: 30 }, { refetchInterval: 5_000 });
  const f = figures.data;
  const seconds = (s: number | null | undefined) => (s == null ? "–" : elapsed(s));
  const stats = [
    ["Incidents (30 days)", f ? String(f.opened) : "…"],
    ["Unresolved now", f ? String(f.unresolved) : "…"],
    ["Mean time to acknowledge", f ? seconds(f.mttaSeconds) : "…"],
    ["Mean time to resolve", f ? seconds(f.mttrSeconds) : "…"],
  ] as const;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="Incident figures">
      {stats.map(([label, value]) => (
        <div key={label} className="rounded-lg border p-3">
          <dt className="text-xs text-muted-foreground">{label}</dt>
          <dd className="text-lg font-semibold">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** How long an incident has been open, or lasted; and how soon someone was on it. */
function timing(i: Incident): string {
  const parts = [
    i.resolvedAt
      ? `lasted ${elapsed(secondsBetween(i.openedAt, i.resolvedAt))}`
      : `open for ${elapsed(secondsBetween(i.openedAt, Date.now()))}`,
  ];
  if (i.acknowledgedAt)
    parts.push(`acknowledged after ${elapsed(secondsBetween(i.openedAt, i.acknowledgedAt))}`);
  return parts.join(" · ");
}

/**
 * Every unresolved incident, then the latest resolved ones, newest first; with the month's
 * figures and a filter by status.
 */
export function IncidentsPage() {
  const [filter, setFilter] = useState<Filter>("all");
  const unresolved = useOperation(
    "incidents.list",
    { status: "unresolved", limit: 5000 },
    { refetchInterval: 5_000 },
  );
  const recent = useOperation("incidents.list", { limit: HISTORY }, { refetchInterval: 5_000 });
  return (
    <QueryState query={unresolved}>
      {(open) => (
        <QueryState
          query={recent}
          isEmpty={(latest) => open.length === 0 && latest.length === 0}
          empty={<p className="text-sm text-muted-foreground">No incidents.</p>}
        >
          {(latest) => {
            const rows = openFirst(
              open,
              latest,
              (i) => i.status !== "resolved",
              (i) => i.openedAt,
            );
            return (
              <IncidentList
                rows={rows}
                capped={latest.length >= HISTORY}
                filter={filter}
                setFilter={setFilter}
              />
            );
          }}
        </QueryState>
      )}
    </QueryState>
  );
}

/** The incidents the filter keeps; says when older resolved ones are not listed. */
function IncidentList({
  rows,
  capped,
  filter,
  setFilter,
}: {
  rows: Incident[];
  capped: boolean;
  filter: Filter;
  setFilter: (filter: Filter) => void;
}) {
  const fmt = useFormat();
  const shown = rows.filter(FILTERS[filter].keep);
  return (
    <div className="space-y-4">
      <IncidentStats />
      <fieldset className="flex gap-1" aria-label="Show incidents">
        {(Object.keys(FILTERS) as Filter[]).map((key) => (
          <Button
            key={key}
            size="sm"
            variant={filter === key ? "default" : "outline"}
            aria-pressed={filter === key}
            onClick={() => setFilter(key)}
          >
            {FILTERS[key].label}
          </Button>
        ))}
      </fieldset>
      {shown.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          No {FILTERS[filter].label.toLowerCase()} incidents.
        </p>
      ) : (
        <ul className="divide-y rounded-lg border">
          {shown.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center gap-3 p-3 text-sm">
              <StatusBadge status={i.status} />
              <div className="min-w-0 flex-1">
                <Link
                  to={`/health/incidents/${i.id}`}
                  className="font-medium [overflow-wrap:anywhere] hover:underline"
                >
                  {i.title}
                </Link>
                <p className="text-xs text-muted-foreground">
                  {i.severity} · {timing(i)}
                </p>
              </div>
              <span className="text-xs text-muted-foreground">
                opened {fmt.dateTime(i.openedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {capped && filter !== "unresolved" && (
        <p className="text-xs text-muted-foreground" data-testid="incidents-capped">
          Every unresolved incident is listed; of the resolved, the latest {HISTORY}.
        </p>
      )}
    </div>
  );
}

const KIND_TEXT: Record<string, string> = {
  opened: "Opened",
  alert_joined: "Alert joined",
  alert_resolved: "Alert resolved",
  acknowledged: "Acknowledged",
  comment: "Comment",
  resolved: "Resolved",
  assigned: "Assigned",
};

/** One incident's timeline, with acknowledge, comment and resolve. */
export function IncidentDetailPage() {
  const { id = "" } = useParams();
  const { role } = useSession();
  const fmt = useFormat();
  const incident = useOperation("incidents.get", { id }, { refetchInterval: 5_000 });
  const members = useOperation("members.list");
  const acknowledge = useOperationMutation("incidents.acknowledge");
  const resolve = useOperationMutation("incidents.resolve");
  const comment = useOperationMutation("incidents.comment", { onSuccess: () => setText("") });
  const [text, setText] = useState("");
  const canManage = can(role, "alerts:manage");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    comment.mutate({ id, body: text });
  };
  const error = acknowledge.error ?? resolve.error ?? comment.error;
  return (
    <QueryState query={incident}>
      {(i) => (
        <div className="space-y-4">
          <div className="flex flex-wrap items-center gap-3">
            <h2 className="min-w-0 text-xl font-semibold [overflow-wrap:anywhere]">{i.title}</h2>
            <StatusBadge status={i.status} />
            {canManage && i.status === "open" && (
              <Button size="sm" onClick={() => acknowledge.mutate({ id })}>
                Acknowledge
              </Button>
            )}
            {canManage && i.status !== "resolved" && (
              <Button size="sm" variant="outline" onClick={() => resolve.mutate({ id })}>
                Resolve
              </Button>
            )}
          </div>
          <p className="text-sm text-muted-foreground" data-testid="incident-timing">
            {i.severity} · opened {fmt.dateTime(i.openedAt)} · {timing(i)}
          </p>
          {i.assigneeUserId && (
            <p className="text-sm" data-testid="incident-assignee">
              Assigned to{" "}
              {members.data?.find((m) => m.userId === i.assigneeUserId)?.name ?? "a former member"}
            </p>
          )}
          {(resolve.data?.stillFiring ?? 0) > 0 && (
            <p role="status" className="text-sm" data-testid="incident-still-firing">
              Resolved, but{" "}
              {resolve.data!.stillFiring === 1 ? "1 alert" : `${resolve.data!.stillFiring} alerts`}{" "}
              still firing: {resolve.data!.stillFiring === 1 ? "it opens" : "they open"} a new
              incident at the next evaluation if the problem goes on.
            </p>
          )}
          {error && (
            <p role="alert" className="text-sm text-red-600">
              {errorMessage(error)}
            </p>
          )}
          <TriageNote incidentId={id} />
          {can(role, "docs:read") && <IncidentRunbooks incidentId={id} />}
          <ol className="space-y-2 border-l pl-4" aria-label="Timeline">
            {i.timeline.map((e, n) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: events are listed once, in order
              <li key={n} className="text-sm [overflow-wrap:anywhere]">
                <span className="text-xs text-muted-foreground">{fmt.dateTime(e.at)}</span>{" "}
                <strong>{KIND_TEXT[e.kind] ?? e.kind}</strong>
                {e.actor && <span className="text-muted-foreground"> by {e.actor}</span>}: {e.body}
              </li>
            ))}
          </ol>
          {canManage && (
            <form onSubmit={submit} className="space-y-2">
              <Textarea
                aria-label="Comment"
                value={text}
                onChange={(e) => setText(e.target.value)}
                required
              />
              <Button type="submit" size="sm" disabled={comment.isPending}>
                Comment
              </Button>
            </form>
          )}
        </div>
      )}
    </QueryState>
  );
}

/** The runbooks of the rules whose alerts this incident groups, one section per rule. */
function IncidentRunbooks({ incidentId }: { incidentId: string }) {
  const alerts = useOperation("alerts.list", { incidentId, limit: 500 });
  const rules = [...new Map((alerts.data ?? []).map((a) => [a.ruleId, a.ruleName])).entries()];
  if (rules.length === 0) return null;
  return (
    <Card className="space-y-4 p-4" data-testid="incident-runbooks">
      {rules.map(([ruleId, ruleName]) => (
        <div key={ruleId} className="space-y-2">
          <h3 className="text-sm font-medium">Runbooks for “{ruleName}”</h3>
          <LinkedPages kind="alert" target={ruleName} aliases={[ruleId]} noun="this rule" />
        </div>
      ))}
    </Card>
  );
}
