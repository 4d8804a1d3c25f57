import { KeyRound } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "../../../components/confirm-dialog.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { Badge } from "../../../components/ui/badge.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Card } from "../../../components/ui/card.tsx";
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
import { ROLE_LABELS } from "../../../lib/roles.ts";
import { useFormat } from "../../../lib/session.tsx";
import { CreateTokenDialog } from "./create-token-dialog.tsx";

export function TokensPage() {
  const format = useFormat();
  const tokens = useOperation("tokens.list");
  const revoke = useOperationMutation("tokens.revoke");
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  return (
    <>
      <PageHeader
        title="API tokens"
        description="For scripts, the CLI and integrations: send as Authorization: Bearer <token>. Scoped to this workspace."
        actions={<CreateTokenDialog />}
      />
      <Card>
        <QueryState
          query={tokens}
          empty={
            <EmptyState
              icon={KeyRound}
              title="No API tokens"
              description="Create one to call the Glass Pane API from scripts or the CLI."
            />
          }
        >
          {(rows) => (
            <Table aria-label="API tokens">
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead>Owner</TableHead>
                  <TableHead>Created</TableHead>
                  <TableHead>Last used</TableHead>
                  <TableHead>Expires</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((t) => (
                  <TableRow key={t.id}>
                    <TableCell>
                      <div className="font-medium">{t.name}</div>
                      <code className="text-xs text-muted-foreground">{t.prefix}…</code>
                    </TableCell>
                    <TableCell>
                      <Badge variant="secondary">{ROLE_LABELS[t.role]}</Badge>
                    </TableCell>
                    <TableCell className="text-muted-foreground">{t.ownerEmail}</TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground">
                      {format.date(t.createdAt)}
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground">
                      {t.lastUsedAt ? (
                        <span title={t.lastUsedIp ? `from ${t.lastUsedIp}` : undefined}>
                          {format.relative(t.lastUsedAt)}
                        </span>
                      ) : (
                        "Never"
                      )}
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground">
                      {t.expiresAt ? format.date(t.expiresAt) : "Never"}
                    </TableCell>
                    <TableCell className="text-right">
                      <Button
                        variant="danger"
                        size="sm"
                        onClick={() => setRevoking({ id: t.id, name: t.name })}
                        aria-label={`Revoke token ${t.name}`}
                      >
                        Revoke
                      </Button>
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
        description="Anything using this token stops working at once. This cannot be undone."
        confirmLabel="Revoke token"
        onConfirm={() => revoke.mutateAsync({ tokenId: revoking?.id ?? "" })}
      />
    </>
  );
}
