import { KeyRound } from "lucide-react";
import { Button } from "../../components/ui/button.tsx";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { useFormat } from "../../lib/session.tsx";

/**
 * The SSH host key recorded on the first connection (trust on first use), for the person to
 * compare with the host's own `ssh-keygen -l`. After a reinstall the key changes and connecting
 * is refused; `canReset` offers to forget the recorded key so the next test records the new one.
 */
export function HostKeyFingerprint({
  connectorId,
  canReset = false,
}: {
  connectorId: string;
  canReset?: boolean;
}) {
  const format = useFormat();
  const key = useOperation("hosts.hostKey", { connectorId });
  const reset = useOperationMutation("hosts.resetHostKey");
  if (!key.data) return null;
  return (
    <div className="grid gap-2 rounded-md border p-3 text-sm" data-testid="host-key">
      <div className="flex items-center gap-2 font-medium">
        <KeyRound className="size-4" aria-hidden /> SSH host key
      </div>
      <code className="break-all text-xs" data-testid="host-key-fingerprint">
        {key.data.keyType} {key.data.fingerprint}
      </code>
      <p className="text-xs text-muted-foreground">
        Recorded {format.relative(key.data.firstSeenAt)} for {key.data.host}:{key.data.port}.
        Compare it with <code>ssh-keygen -l -f /etc/ssh/ssh_host_ed25519_key.pub</code> on the host;
        a different key is refused from now on.
      </p>
      {canReset && (
        <Button
          variant="outline"
          size="sm"
          className="w-fit"
          loading={reset.isPending}
          onClick={() => reset.mutate({ connectorId })}
        >
          Forget this key (the host was reinstalled)
        </Button>
      )}
    </div>
  );
}
