import { type FormEvent, useState } from "react";
import { Link, useParams } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Textarea } from "../../components/ui/input.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { StatusBadge } from "./status-badge.tsx";
import { TriageNote } from "./triage-note.tsx";

/** Incidents, newest first. */
export function IncidentsPage() {
  const fmt = useFormat();
  const incidents = useOperation("incidents.list", { limit: 200 }, { refetchInterval: 5_000 });
  return (
    <QueryState
      query={incidents}
      isEmpty={(rows) => rows.length === 0}
      empty={<p className="text-sm text-muted-foreground">No incidents.</p>}
    >
      {(rows) => (
        <ul className="divide-y rounded-lg border">
          {rows.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center gap-3 p-3 text-sm">
              <StatusBadge status={i.status} />
              <Link
                to={`/health/incidents/${i.id}`}
                className="min-w-0 font-medium [overflow-wrap:anywhere] hover:underline"
              >
                {i.title}
              </Link>
              <span className="text-muted-foreground">{i.severity}</span>
              <span className="ml-auto text-xs text-muted-foreground">
                opened {fmt.dateTime(i.openedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </QueryState>
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
          {i.assigneeUserId && (
            <p className="text-sm" data-testid="incident-assignee">
              Assigned to{" "}
              {members.data?.find((m) => m.userId === i.assigneeUserId)?.name ?? "a former member"}
            </p>
          )}
          {error && (
            <p role="alert" className="text-sm text-red-600">
              {errorMessage(error)}
            </p>
          )}
          <TriageNote incidentId={id} />
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
