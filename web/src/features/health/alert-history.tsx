import { QueryState } from "../../components/query-state.tsx";
import { useOperation } from "../../lib/operations.ts";
import { useFormat } from "../../lib/session.tsx";
import { StatusBadge } from "./status-badge.tsx";

/** An alert's state changes, oldest first, with the note each one carries. */
export function AlertHistory({ alertId }: { alertId: string }) {
  const fmt = useFormat();
  const history = useOperation("alerts.history", { id: alertId });
  return (
    <QueryState
      query={history}
      isEmpty={(rows) => rows.length === 0}
      empty={<p className="text-xs text-muted-foreground">No changes recorded.</p>}
    >
      {(rows) => (
        <ol className="space-y-1 border-l pl-3 text-xs" aria-label="Alert history">
          {rows.map((h) => (
            <li key={`${h.at}-${h.state}`} className="flex flex-wrap items-center gap-2">
              <span className="tabular-nums text-muted-foreground">{fmt.dateTime(h.at)}</span>
              <StatusBadge status={h.state} />
              {h.note && <span>{h.note}</span>}
            </li>
          ))}
        </ol>
      )}
    </QueryState>
  );
}
