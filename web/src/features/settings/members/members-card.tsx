import { Users } from "lucide-react";
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
import { useToast } from "../../../components/ui/toast.tsx";
import { errorMessage } from "../../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import { ROLE_LABELS } from "../../../lib/roles.ts";
import { useSession } from "../../../lib/session.tsx";
import { RoleSelect } from "./role-select.tsx";

export function MembersCard({ canManage }: { canManage: boolean }) {
  const { user, format } = useSession();
  const toast = useToast();
  const members = useOperation("members.list");
  const onError = (error: unknown) =>
    toast({ title: "Not changed", description: errorMessage(error), variant: "error" });
  const updateRole = useOperationMutation("members.updateRole", {
    onSuccess: () => toast({ title: "Role changed" }),
    onError,
  });
  const remove = useOperationMutation("members.remove");
  const [removing, setRemoving] = useState<{ userId: string; name: string } | null>(null);

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>People</CardTitle>
          <CardDescription>
            {members.data ? `${members.data.length} in this workspace` : "Loading…"}
          </CardDescription>
        </div>
      </CardHeader>
      <QueryState query={members} empty={<EmptyState icon={Users} title="No members" />}>
        {(rows) => (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Joined</TableHead>
                {canManage && (
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                )}
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((m) => {
                const isSelf = m.userId === user.id;
                return (
                  <TableRow key={m.userId}>
                    <TableCell>
                      <div className="font-medium">
                        {m.name}{" "}
                        {isSelf && (
                          <Badge variant="outline" className="ml-1">
                            You
                          </Badge>
                        )}
                      </div>
                      <div className="text-xs text-muted-foreground">{m.email}</div>
                    </TableCell>
                    <TableCell>
                      {canManage && !isSelf ? (
                        <RoleSelect
                          value={m.role}
                          label={`Role of ${m.name}`}
                          disabled={updateRole.isPending}
                          onChange={(role) => updateRole.mutate({ userId: m.userId, role })}
                        />
                      ) : (
                        <Badge variant="secondary">{ROLE_LABELS[m.role]}</Badge>
                      )}
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground">
                      {format.date(m.joinedAt)}
                    </TableCell>
                    {canManage && (
                      <TableCell className="text-right">
                        {!isSelf && (
                          <Button
                            variant="danger"
                            size="sm"
                            onClick={() => setRemoving({ userId: m.userId, name: m.name })}
                            aria-label={`Remove ${m.name}`}
                          >
                            Remove
                          </Button>
                        )}
                      </TableCell>
                    )}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </QueryState>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title={`Remove ${removing?.name ?? "member"}?`}
        description="They lose access to this workspace at once."
        confirmLabel="Remove member"
        onConfirm={() => remove.mutateAsync({ userId: removing?.userId ?? "" })}
      />
    </Card>
  );
}
