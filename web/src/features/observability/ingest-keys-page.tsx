import { KeyRound } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { CreateIngestKeyDialog } from "./create-ingest-key-dialog.tsx";
import { INGEST_ENDPOINTS } from "./ingest-endpoints.ts";

/** Ingest sources: one key per sender of logs or metrics, with where to point it. */
export function IngestKeysPage() {
  const format = useFormat();
  const { role } = useSession();
  const keys = useOperation("ingest.keys.list");
  const revoke = useOperationMutation("ingest.keys.revoke");
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const mayManage = can(role, "ingest:manage");
  const origin = window.location.origin;
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-start justify-between gap-4 text-sm text-muted-foreground">
        <div className="max-w-3xl space-y-2">
          <p>Logs and metrics are sent with a source's key, over HTTP:</p>
          <table className="text-xs" aria-label="Ingest endpoints" data-testid="ingest-endpoints">
            <tbody>
              {INGEST_ENDPOINTS.map((e) => (
                <tr key={e.path + e.signal} className="align-top">
                  <th scope="row" className="pr-3 text-left font-medium text-foreground">
                    {e.signal}
                  </th>
                  <td className="pr-3">{e.what}</td>
                  <td className="pr-3 [overflow-wrap:anywhere]">
                    <code>POST {origin + e.path}</code>
                  </td>
                  <td>{e.key}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>Syslog (RFC 5424 or 3164, UDP or TCP) goes to the key's own port.</p>
        </div>
        {mayManage && <CreateIngestKeyDialog />}
      </div>
      <Card>
        <QueryState
          query={keys}
          empty={
            <EmptyState
              icon={KeyRound}
              title="No sources yet"
              description="Create a key for each sender: an OpenTelemetry collector, a Loki agent, a syslog daemon."
            />
          }
        >
          {(rows) => (
            <Table aria-label="Ingest keys">
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Default service</TableHead>
                  <TableHead>Syslog port</TableHead>
                  <TableHead>Last used</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((k) => (
                  <TableRow key={k.id}>
                    <TableCell>
                      <div className="font-medium">{k.name}</div>
                      <code className="text-xs text-muted-foreground">{k.prefix}…</code>
                    </TableCell>
                    <TableCell>{k.defaultService}</TableCell>
                    <TableCell>
                      {k.syslogPort ?? "—"}
                      {k.syslogError && (
                        <p
                          role="alert"
                          className="max-w-64 text-xs text-red-600"
                          data-testid="syslog-error"
                        >
                          Not listening: {k.syslogError}
                        </p>
                      )}
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground">
                      {k.lastUsedAt ? format.relative(k.lastUsedAt) : "Never"}
                    </TableCell>
                    <TableCell className="text-right">
                      {mayManage && (
                        <Button
                          variant="danger"
                          size="sm"
                          onClick={() => setRevoking({ id: k.id, name: k.name })}
                          aria-label={`Revoke key ${k.name}`}
                        >
                          Revoke
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </QueryState>
      </Card>
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={`Revoke “${revoking?.name ?? ""}”?`}
        description="Senders using this key are refused within seconds. This cannot be undone."
        confirmLabel="Revoke key"
        onConfirm={() => revoke.mutateAsync({ id: revoking?.id ?? "" })}
      />
    </div>
  );
}
