import { Check, X } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card } from "../../components/ui/card.tsx";
import { Input } from "../../components/ui/input.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import { errorMessage, type OperationOutput } from "../../lib/api.ts";
import { useOperationMutation } from "../../lib/operations.ts";

export type Approval = OperationOutput<"approvals.get">;

const STATUS_VARIANT = {
  pending: "warning",
  approved: "secondary",
  executed: "success",
  denied: "outline",
  failed: "destructive",
  expired: "outline",
} as const;

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

/** One request: exactly what would run (operation and input), who asked, and the decision. */
export function ApprovalCard({ approval, canDecide }: { approval: Approval; canDecide: boolean }) {
  const toast = useToast();
  const [isDenying, setIsDenying] = useState(false);
  const [reason, setReason] = useState("");
  const approve = useOperationMutation("approvals.approve", {
    onSuccess: (result) =>
      toast({
        title: result.status === "executed" ? "Approved and run" : "Approved, but it failed",
        description: result.error?.message,
        variant: result.status === "executed" ? "success" : "error",
      }),
    onError: (error) =>
      toast({ title: "Not approved", description: errorMessage(error), variant: "error" }),
  });
  const deny = useOperationMutation("approvals.deny", {
    onSuccess: () => toast({ title: "Denied: it will not run" }),
    onError: (error) =>
      toast({ title: "Not denied", description: errorMessage(error), variant: "error" }),
  });
  const isPending = approval.status === "pending";
  const isBusy = approve.isPending || deny.isPending;
  return (
    <Card className="gap-3 p-4" aria-labelledby={`approval-${approval.id}`}>
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={`approval-${approval.id}`} className="font-mono text-sm font-semibold">
          {approval.operation}
        </h2>
        <Badge variant={STATUS_VARIANT[approval.status]}>{approval.status}</Badge>
        {approval.autoApproved && <Badge variant="outline">auto-approved</Badge>}
      </div>
      <p className="text-sm text-muted-foreground">
        Asked by {approval.requesterLabel} via {approval.source} on {when(approval.createdAt)}
        {isPending ? ` · expires ${when(approval.expiresAt)}` : ""}
      </p>
      {approval.note && <p className="text-sm">“{approval.note}”</p>}
      {approval.source === "automation" && approval.sourceRef && (
        <Link
          className="text-sm underline"
          to={`/automations/runs/${approval.sourceRef}?approval=${approval.id}`}
        >
          Open the automation run at this step
        </Link>
      )}
      <div>
        <p className="mb-1 text-xs font-medium text-muted-foreground">Input (secrets redacted)</p>
        <pre className="max-h-72 overflow-auto rounded-md bg-muted p-3 text-xs">
          {JSON.stringify(approval.input, null, 2)}
        </pre>
      </div>
      {approval.reason && <p className="text-sm">Reason: {approval.reason}</p>}
      {approval.error && (
        <p className="text-sm text-destructive">
          {approval.error.code}: {approval.error.message}
        </p>
      )}
      {approval.status === "executed" && approval.result !== null && (
        <details className="text-sm">
          <summary className="cursor-pointer">Result</summary>
          <pre className="mt-1 max-h-72 overflow-auto rounded-md bg-muted p-3 text-xs">
            {JSON.stringify(approval.result, null, 2)}
          </pre>
        </details>
      )}
      {isPending && canDecide && (
        <div className="flex flex-wrap items-center gap-2">
          <Button disabled={isBusy} onClick={() => approve.mutate({ id: approval.id })}>
            <Check aria-hidden /> Approve and run
          </Button>
          {isDenying ? (
            <form
              className="flex flex-wrap items-center gap-2"
              onSubmit={(event) => {
                event.preventDefault();
                deny.mutate({ id: approval.id, reason: reason.trim() || undefined });
              }}
            >
              <Input
                aria-label="Reason for denying"
                placeholder="Reason (optional)"
                value={reason}
                onChange={(event) => setReason(event.target.value)}
                className="w-64"
              />
              <Button type="submit" variant="destructive" disabled={isBusy}>
                <X aria-hidden /> Deny
              </Button>
            </form>
          ) : (
            <Button variant="outline" disabled={isBusy} onClick={() => setIsDenying(true)}>
              Deny…
            </Button>
          )}
        </div>
      )}
    </Card>
  );
}
