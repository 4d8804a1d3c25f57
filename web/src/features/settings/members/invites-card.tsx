import { Link2 } from "lucide-react";
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
import { ROLE_LABELS } from "../../../lib/roles.ts";
import { useFormat } from "../../../lib/session.tsx";
import { CreateInviteDialog } from "./create-invite-dialog.tsx";

export function InvitesCard() {
  const format = useFormat();
  const invites = useOperation("invites.list");
  const revoke = useOperationMutation("invites.revoke");
  const [revoking, setRevoking] = useState<string | null>(null);
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Invitations</CardTitle>
          <CardDescription>Links valid for 7 days, each usable once.</CardDescription>
        </div>
        <CreateInviteDialog />
      </CardHeader>
      <QueryState
        query={invites}
        empty={
          <EmptyState
            icon={Link2}
            title="No open invitations"
            description="Create a link and send it to the person you want to add."
          />
        }
      >
        {(rows) => (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>For</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((invite) => (
                <TableRow key={invite.id}>
                  <TableCell>
                    {invite.email ?? (
                      <span className="text-muted-foreground">Anyone with the link</span>
                    )}
                  </TableCell>
                  <TableCell>
                    <Badge variant="secondary">{ROLE_LABELS[invite.role]}</Badge>
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    {format.dateTime(invite.createdAt)}
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    {format.relative(invite.expiresAt)}
                  </TableCell>
                  <TableCell className="text-right">
                    <Button variant="danger" size="sm" onClick={() => setRevoking(invite.id)}>
                      Revoke
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </QueryState>
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title="Revoke this invitation?"
        description="The link stops working. You can create a new one later."
        confirmLabel="Revoke invitation"
        onConfirm={() => revoke.mutateAsync({ inviteId: revoking ?? "" })}
      />
    </Card>
  );
}
