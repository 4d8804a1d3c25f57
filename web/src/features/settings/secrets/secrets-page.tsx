import { Lock } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "../../../components/confirm-dialog.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { QueryState } from "../../../components/query-state.tsx";
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
import { can } from "../../../lib/roles.ts";
import { useSession } from "../../../lib/session.tsx";
import { SecretDialog } from "./secret-dialog.tsx";

export function SecretsPage() {
  const { role, format } = useSession();
  const canManage = can(role, "secrets:manage");
  const secrets = useOperation("secrets.list");
  const remove = useOperationMutation("secrets.delete");
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  return (
    <>
      <PageHeader
        title="Secrets"
        description="Credentials and keys, encrypted at rest. Values are never shown again after you save them."
        actions={canManage && <SecretDialog />}
      />
      <Card>
        <QueryState
          query={secrets}
          empty={
            <EmptyState
              icon={Lock}
              title="No secrets yet"
              description={
                canManage
                  ? "Store cloud credentials, webhook secrets or SMTP passwords here."
                  : "Owners and admins store secrets here."
              }
            />
          }
        >
          {(rows) => (
            <Table aria-label="Secrets">
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Value</TableHead>
                  <TableHead>Updated</TableHead>
                  {canManage && (
                    <TableHead>
                      <span className="sr-only">Actions</span>
                    </TableHead>
                  )}
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((s) => (
                  <TableRow key={s.id}>
                    <TableCell>
                      <div className="font-mono text-sm font-medium">{s.name}</div>
                      {s.description && (
                        <div className="text-xs text-muted-foreground">{s.description}</div>
                      )}
                    </TableCell>
                    <TableCell className="font-mono text-muted-foreground">{s.masked}</TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground">
                      {format.relative(s.updatedAt)}
                    </TableCell>
                    {canManage && (
                      <TableCell className="text-right whitespace-nowrap">
                        <SecretDialog existing={{ name: s.name, description: s.description }} />
                        <Button
                          variant="danger"
                          size="sm"
                          onClick={() => setDeleting({ id: s.id, name: s.name })}
                          aria-label={`Delete secret ${s.name}`}
                        >
                          Delete
                        </Button>
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </QueryState>
      </Card>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete “${deleting?.name ?? ""}”?`}
        description="Anything that uses this secret will fail until you store it again."
        confirmLabel="Delete secret"
        onConfirm={() => remove.mutateAsync({ secretId: deleting?.id ?? "" })}
      />
    </>
  );
}
