import { Link } from "react-router";
import { uptimePercent } from "../../../../server/modules/observability/uptime/uptime-tone.ts";
import { QueryState } from "../../components/query-state.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { CheckForm } from "./check-form.tsx";
import { CheckStatus, Sparkline } from "./status-badge.tsx";
import { UptimeBars } from "./uptime-bars.tsx";

/** Every check with its status now and the latency of its last runs. */
export function ChecksPage() {
  const { role } = useSession();
  const fmt = useFormat();
  const checks = useOperation("health.checks.list", {}, { refetchInterval: 5_000 });
  return (
    <>
      {can(role, "health:manage") && (
        <div className="mb-6">
          <CheckForm />
        </div>
      )}
      <QueryState
        query={checks}
        isEmpty={(rows) => rows.length === 0}
        empty={
          <EmptyState
            title="No health checks yet"
            description="Add an HTTP(S), TCP, DNS or ping check above."
          />
        }
      >
        {(rows) => (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Check</TableHead>
                <TableHead>Status</TableHead>
                {/* On a phone the check and its status fill the width; the run detail waits. */}
                <TableHead className="hidden md:table-cell">Uptime (30 days)</TableHead>
                <TableHead className="hidden sm:table-cell">Latency</TableHead>
                <TableHead className="hidden sm:table-cell">Last run</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>
                    <Link to={`/health/checks/${c.id}`} className="font-medium hover:underline">
                      {c.name}
                    </Link>
                    <div className="text-xs text-muted-foreground [overflow-wrap:anywhere]">
                      {c.kind.toUpperCase()} · {c.target}
                    </div>
                  </TableCell>
                  <TableCell>
                    <CheckStatus check={c} />
                  </TableCell>
                  <TableCell className="hidden w-56 md:table-cell">
                    <div className="text-sm tabular-nums">{uptimePercent(c.uptimeMonth)}</div>
                    <UptimeBars days={c.days} count={30} height={14} />
                  </TableCell>
                  <TableCell className="hidden sm:table-cell">
                    <Sparkline points={c.recent} />
                  </TableCell>
                  <TableCell className="hidden text-sm sm:table-cell">
                    {c.lastCheckedAt ? fmt.dateTime(c.lastCheckedAt) : "–"}
                    {c.lastLatencyMs !== null && (
                      <span className="text-muted-foreground"> · {c.lastLatencyMs} ms</span>
                    )}
                    {c.status === "down" && c.lastError && (
                      <div className="text-xs text-red-600">{c.lastError}</div>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </QueryState>
    </>
  );
}
