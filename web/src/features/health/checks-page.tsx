import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { Input } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { CheckStatus, percent, Sparkline } from "./status-badge.tsx";
import { UptimeBars } from "./uptime-bars.tsx";

const PLACEHOLDER = {
  http: "https://example.com/health",
  tcp: "db.internal:5432",
  dns: "example.com",
  ping: "192.0.2.10 or gateway.internal",
};

function NewCheckForm() {
  const [kind, setKind] = useState<keyof typeof PLACEHOLDER>("http");
  const [name, setName] = useState("");
  const [target, setTarget] = useState("");
  const [interval, setInterval] = useState("60");
  const create = useOperationMutation("health.checks.create", {
    onSuccess: () => {
      setName("");
      setTarget("");
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ kind, name, target, intervalSeconds: Number(interval) } as never);
  };
  return (
    <form
      onSubmit={submit}
      className="mb-6 grid gap-3 rounded-lg border p-4 sm:grid-cols-[8rem_1fr_2fr_7rem_auto] sm:items-end"
    >
      <div>
        <Label htmlFor="check-kind">Kind</Label>
        <select
          id="check-kind"
          className="h-9 w-full rounded-md border bg-background px-2 text-sm"
          value={kind}
          onChange={(e) => setKind(e.target.value as typeof kind)}
        >
          <option value="http">HTTP(S)</option>
          <option value="tcp">TCP</option>
          <option value="dns">DNS</option>
          <option value="ping">Ping (ICMP)</option>
        </select>
      </div>
      <div>
        <Label htmlFor="check-name">Name</Label>
        <Input id="check-name" value={name} onChange={(e) => setName(e.target.value)} required />
      </div>
      <div>
        <Label htmlFor="check-target">Target</Label>
        <Input
          id="check-target"
          value={target}
          placeholder={PLACEHOLDER[kind]}
          onChange={(e) => setTarget(e.target.value)}
          required
        />
      </div>
      <div>
        <Label htmlFor="check-interval">Every (s)</Label>
        <Input
          id="check-interval"
          type="number"
          min={10}
          value={interval}
          onChange={(e) => setInterval(e.target.value)}
        />
      </div>
      <Button type="submit" disabled={create.isPending}>
        Add check
      </Button>
      {create.error && (
        <p role="alert" className="text-sm text-red-600 sm:col-span-5">
          {errorMessage(create.error)}
        </p>
      )}
    </form>
  );
}

/** Every check with its status now and the latency of its last runs. */
export function ChecksPage() {
  const { role } = useSession();
  const fmt = useFormat();
  const checks = useOperation("health.checks.list", {}, { refetchInterval: 5_000 });
  return (
    <>
      {can(role, "health:manage") && <NewCheckForm />}
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
                    <div className="text-sm tabular-nums">{percent(c.uptimeMonth)}</div>
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
