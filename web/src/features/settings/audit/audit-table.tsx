import { useState } from "react";
import { Badge } from "../../../components/ui/badge.tsx";
import { Button } from "../../../components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "../../../components/ui/dialog.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../../components/ui/table.tsx";
import type { OperationOutput } from "../../../lib/api.ts";
import { useFormat } from "../../../lib/session.tsx";

type AuditEntry = OperationOutput<"audit.list">[number];

function Details({ entry, onClose }: { entry: AuditEntry | null; onClose: () => void }) {
  const format = useFormat();
  return (
    <Dialog open={entry !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle className="font-mono">{entry?.action}</DialogTitle>
          <DialogDescription>
            {entry && `${format.dateTime(entry.createdAt)} by ${entry.actorLabel}`}
          </DialogDescription>
        </DialogHeader>
        {entry && (
          <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-muted-foreground">Outcome</dt>
            <dd>{entry.outcome}</dd>
            <dt className="text-muted-foreground">Actor type</dt>
            <dd>{entry.actorType}</dd>
            <dt className="text-muted-foreground">Target</dt>
            <dd className="font-mono text-xs break-all">{entry.targetId ?? "—"}</dd>
            <dt className="text-muted-foreground">IP address</dt>
            <dd className="font-mono text-xs">{entry.ip ?? "—"}</dd>
            <dt className="text-muted-foreground">User agent</dt>
            <dd className="text-xs break-all">{entry.userAgent ?? "—"}</dd>
            <dt className="text-muted-foreground">Input</dt>
            <dd>
              <pre className="max-h-64 overflow-auto rounded-md bg-muted p-3 font-mono text-xs">
                {JSON.stringify(entry.inputSummary ?? null, null, 2)}
              </pre>
            </dd>
          </dl>
        )}
      </DialogContent>
    </Dialog>
  );
}

export function AuditTable({ rows }: { rows: AuditEntry[] }) {
  const format = useFormat();
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  return (
    <>
      <Table aria-label="Audit log entries">
        <TableHeader>
          <TableRow>
            <TableHead>Time</TableHead>
            <TableHead>Actor</TableHead>
            <TableHead>Action</TableHead>
            <TableHead>Outcome</TableHead>
            <TableHead>IP address</TableHead>
            <TableHead>
              <span className="sr-only">Details</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((e) => (
            <TableRow key={e.id}>
              <TableCell className="whitespace-nowrap text-muted-foreground">
                {format.dateTime(e.createdAt)}
              </TableCell>
              <TableCell>
                <div className="max-w-56 truncate">{e.actorLabel}</div>
                <div className="text-xs text-muted-foreground">{e.actorType}</div>
              </TableCell>
              <TableCell className="font-mono text-xs">{e.action}</TableCell>
              <TableCell>
                <Badge variant={e.outcome === "ok" ? "success" : "destructive"}>
                  {e.outcome === "ok" ? "OK" : "Error"}
                </Badge>
              </TableCell>
              <TableCell className="font-mono text-xs text-muted-foreground">
                {e.ip ?? "—"}
              </TableCell>
              <TableCell className="text-right">
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => setSelected(e)}
                  aria-label={`Details of ${e.action} at ${format.dateTime(e.createdAt)}`}
                >
                  Details
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Details entry={selected} onClose={() => setSelected(null)} />
    </>
  );
}
