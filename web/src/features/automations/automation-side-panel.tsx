import { History, Play, RefreshCw, ShieldCheck, Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { CopyField } from "../../components/copy-field.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card } from "../../components/ui/card.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import type { Automation } from "./labels.ts";
import type { OperationInfo } from "./step-fields.tsx";

/** Run now, run history, the webhook URL and secret, and the admins' pre-approvals. */
export function AutomationSidePanel({
  automation,
  operations,
}: {
  automation: Automation;
  operations: OperationInfo[];
}) {
  const { role } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const toast = useToast();
  // A secret made by saving arrives once, in the navigation state of the save.
  const savedSecret = (location.state as { webhookSecret?: string | null } | null)?.webhookSecret;
  const [secret, setSecret] = useState<string | null>(savedSecret ?? null);
  useEffect(() => {
    if (savedSecret) setSecret(savedSecret);
  }, [savedSecret]);
  const canManage = can(role, "automations:manage");
  const canPreapprove = can(role, "automations:preapprove");
  const run = useOperationMutation("automations.run", {
    onSuccess: (result) => navigate(`/automations/${automation.id}/runs/${result.id}`),
    onError: (error) =>
      toast({ title: "Not started", description: errorMessage(error), variant: "error" }),
  });
  const rotate = useOperationMutation("automations.webhook.rotate", {
    onSuccess: (result) => setSecret(result.webhookSecret),
  });
  const remove = useOperationMutation("automations.delete");
  const [deleting, setDeleting] = useState(false);
  const preapprove = useOperationMutation("automations.preapprove", {
    onError: (error) =>
      toast({ title: "Not changed", description: errorMessage(error), variant: "error" }),
  });
  const mutatingSteps = automation.steps.filter(
    (step) =>
      step.kind === "operation" && operations.find((op) => op.name === step.operation)?.mutates,
  );
  const webhookUrl = automation.webhookUrl
    ? `${window.location.origin}${automation.webhookUrl}`
    : null;

  return (
    <aside className="flex flex-col gap-4">
      <Card className="flex flex-col gap-3 p-4">
        <p className="text-sm text-muted-foreground">
          Runs as {automation.runAsLabel ?? "nobody (the person who saved it was removed)"}.
        </p>
        <div className="flex flex-wrap gap-2">
          {canManage && (
            <Button
              onClick={() => run.mutate({ id: automation.id, payload: {} })}
              disabled={run.isPending}
            >
              <Play aria-hidden /> Run now
            </Button>
          )}
          <Button asChild variant="outline">
            <Link to={`/automations/${automation.id}/runs`}>
              <History aria-hidden /> Run history
            </Link>
          </Button>
          {canManage && (
            <Button variant="outline" onClick={() => setDeleting(true)}>
              <Trash2 aria-hidden /> Delete
            </Button>
          )}
        </div>
      </Card>
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete the automation “${automation.name}”?`}
        description="Its runs go with it, its schedule and webhook stop, and requests its runs left waiting for approval are denied."
        confirmLabel="Delete automation"
        onConfirm={async () => {
          await remove.mutateAsync({ id: automation.id });
          navigate("/automations");
        }}
      />
      {webhookUrl && (
        <Card className="flex flex-col gap-3 p-4">
          <h2 className="font-semibold">Webhook</h2>
          <CopyField value={webhookUrl} label="Webhook URL" testId="webhook-url" />
          {secret ? (
            <Alert title="Signing secret (shown once)">
              <CopyField value={secret} label="Signing secret" testId="webhook-secret" />
            </Alert>
          ) : null}
          <p className="text-xs text-muted-foreground">
            POST the body with <code>X-Glasspane-Timestamp</code> (Unix seconds) and{" "}
            <code>X-Glasspane-Signature: v1=</code>hex HMAC-SHA256 of <code>timestamp.body</code>{" "}
            with the secret — the format Glass Pane's own webhooks use.
          </p>
          {canManage && (
            <Button
              variant="outline"
              size="sm"
              className="w-fit"
              onClick={() => rotate.mutate({ id: automation.id })}
            >
              <RefreshCw aria-hidden /> New secret
            </Button>
          )}
        </Card>
      )}
      <Card className="flex flex-col gap-3 p-4">
        <h2 className="flex items-center gap-2 font-semibold">
          <ShieldCheck aria-hidden className="size-4" /> Approvals
        </h2>
        {mutatingSteps.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            No step changes anything: nothing waits for approval.
          </p>
        ) : (
          <ul className="flex flex-col gap-3">
            {mutatingSteps.map((step) => {
              const current = automation.preapprovals.find(
                (p) => p.stepKey === step.key && p.isCurrent,
              );
              const stale = automation.preapprovals.find(
                (p) => p.stepKey === step.key && !p.isCurrent,
              );
              return (
                <li key={step.key} className="flex flex-col gap-1 text-sm">
                  <span className="font-mono">
                    {step.key}: {step.kind === "operation" ? step.operation : ""}
                  </span>
                  {current ? (
                    <Badge variant="success">pre-approved by {current.approvedByLabel}</Badge>
                  ) : (
                    <Badge variant="warning">asks in the approvals inbox each run</Badge>
                  )}
                  {stale && !current && (
                    <span className="text-xs text-muted-foreground">
                      A pre-approval by {stale.approvedByLabel} lapsed when the automation changed.
                    </span>
                  )}
                  {canPreapprove && (
                    <Button
                      variant="outline"
                      size="sm"
                      className="w-fit"
                      disabled={preapprove.isPending}
                      onClick={() =>
                        preapprove.mutate({
                          id: automation.id,
                          stepKey: step.key,
                          preapproved: !current,
                        })
                      }
                    >
                      {current ? "Withdraw pre-approval" : "Pre-approve this step"}
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        <p className="text-xs text-muted-foreground">
          Only admins pre-approve, and only the automation exactly as it is: any edit asks again.
        </p>
      </Card>
    </aside>
  );
}
