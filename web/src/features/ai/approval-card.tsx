import { ShieldAlert } from "lucide-react";
import { Button } from "../../components/ui/button.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { errorMessage } from "../../lib/api.ts";
import { useOperationMutation } from "../../lib/operations.ts";

type Pending = NonNullable<OperationOutput<"agent.threads.get">["pendingApproval"]>;

/** The change the agent proposes, exactly as it would run, with the person's two answers. */
export function ApprovalCard({ threadId, approval }: { threadId: string; approval: Pending }) {
  const decide = useOperationMutation("agent.threads.decide");
  const answer = (decision: "approve" | "deny") => decide.mutate({ threadId, decision });
  return (
    <section
      aria-label="Approval needed"
      className="rounded-lg border border-warning/50 bg-warning/5 p-4"
      data-testid="approval-card"
    >
      <div className="flex items-start gap-3">
        <ShieldAlert aria-hidden className="mt-0.5 size-5 shrink-0 text-warning" />
        <div className="min-w-0 flex-1">
          <h3 className="font-medium">
            The agent wants to run <code className="font-mono">{approval.operation}</code>
            {approval.destructive && <span className="ml-2 text-destructive">(destructive)</span>}
          </h3>
          <p className="text-sm text-muted-foreground">{approval.summary}</p>
          <pre className="mt-2 max-h-64 overflow-auto rounded-md border bg-background p-2 font-mono text-xs">
            {JSON.stringify(approval.input, null, 2)}
          </pre>
          <p className="mt-2 text-xs text-muted-foreground">
            Nothing changes unless you approve. It runs as you, with your permissions, and both your
            decision and the change are in the audit log.
          </p>
          {decide.error && (
            <p className="mt-2 text-sm text-destructive">{errorMessage(decide.error)}</p>
          )}
          <div className="mt-3 flex gap-2">
            <Button
              onClick={() => answer("approve")}
              disabled={decide.isPending}
              variant={approval.destructive ? "destructive" : "default"}
            >
              Approve
            </Button>
            <Button variant="outline" onClick={() => answer("deny")} disabled={decide.isPending}>
              Deny
            </Button>
          </div>
        </div>
      </div>
    </section>
  );
}
