import { MonitorSmartphone } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "../../../components/confirm-dialog.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { Badge } from "../../../components/ui/badge.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../../components/ui/card.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../../components/ui/table.tsx";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import { useFormat } from "../../../lib/session.tsx";
import { describeUserAgent } from "./user-agent.ts";

export function SessionsCard() {
  const format = useFormat();
  const sessions = useOperation("auth.listSessions");
  const revoke = useOperationMutation("auth.revokeSession");
  const [target, setTarget] = useState<string | null>(null);
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Sessions</CardTitle>
          <CardDescription>Browsers and devices signed in to your account.</CardDescription>
        </div>
      </CardHeader>
      <QueryState
        query={sessions}
        empty={<EmptyState icon={MonitorSmartphone} title="No other sessions" />}
      >
        {(rows) => (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Device</TableHead>
                <TableHead>IP address</TableHead>
                <TableHead>Signed in</TableHead>
                <TableHead>Last active</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((s) => (
                <TableRow key={s.id}>
                  <TableCell>
                    <span className="font-medium">{describeUserAgent(s.userAgent)}</span>
                    {s.isCurrent && (
                      <Badge variant="success" className="ml-2">
                        This browser
                      </Badge>
                    )}
                  </TableCell>
                  <TableCell className="font-mono text-xs">{s.ip ?? "—"}</TableCell>
                  <TableCell className="whitespace-nowrap">
                    {format.dateTime(s.createdAt)}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {format.relative(s.lastSeenAt)}
                  </TableCell>
                  <TableCell className="text-right">
                    {!s.isCurrent && (
                      <Button variant="outline" size="sm" onClick={() => setTarget(s.id)}>
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
      <ConfirmDialog
        open={target !== null}
        onOpenChange={(open) => !open && setTarget(null)}
        title="Sign out this session?"
        description="That browser or device will have to sign in again."
        confirmLabel="Sign out session"
        onConfirm={() => revoke.mutateAsync({ sessionId: target ?? "" })}
      />
    </Card>
  );
}
