import { CopyField } from "../../../components/copy-field.tsx";
import { Alert } from "../../../components/ui/alert.tsx";

/** The signing secret, shown the one time the server returns it. */
export function WebhookSecret({ secret }: { secret: string }) {
  return (
    <div className="grid gap-3">
      <Alert variant="warning" title="Copy the signing secret now">
        This is the only time it is shown. Glass Pane keeps it encrypted and uses it to sign every
        webhook; to see a new one, rotate it when editing the budget.
      </Alert>
      <CopyField value={secret} label="Webhook signing secret" testId="budget-webhook-secret" />
      <p className="text-xs text-muted-foreground">
        Each POST carries <code>x-glasspane-timestamp</code> and{" "}
        <code>x-glasspane-signature: v1=&lt;hex&gt;</code>, the HMAC-SHA256 of{" "}
        <code>timestamp.body</code> with this secret. Compare in constant time and refuse old
        timestamps.
      </p>
    </div>
  );
}
