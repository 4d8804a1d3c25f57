import { type FormEvent, useState } from "react";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { CopyField } from "../../components/copy-field.tsx";
import { FormField } from "../../components/form-field.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Input } from "../../components/ui/input.tsx";
import { errorMessage, type OperationOutput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";

type Destination = OperationOutput<"alerts.destinations.list">[number];

/**
 * Signed webhook destinations that routing rules send incidents to. An admin adds one (its
 * signing secret is shown that once, to set in the receiver) or deletes it; the URL shows only
 * its origin, as its path often carries a credential.
 */
export function DestinationsCard() {
  const { role } = useSession();
  const fmt = useFormat();
  const canManage = can(role, "alerts:destinations");
  const destinations = useOperation("alerts.destinations.list", {});
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const create = useOperationMutation("alerts.destinations.create", {
    onSuccess: () => {
      setName("");
      setUrl("");
    },
  });
  const remove = useOperationMutation("alerts.destinations.delete");
  const [deleting, setDeleting] = useState<Destination | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, url });
  };
  return (
    <section className="space-y-3" aria-labelledby="destinations-title">
      <div>
        <h2 id="destinations-title" className="text-lg font-medium">
          Webhook destinations
        </h2>
        <p className="text-sm text-muted-foreground">
          Each notification is a JSON POST; <code>x-glasspane-signature</code> is the hex
          HMAC-SHA256 of <code>{"{timestamp}.{body}"}</code> with the destination's secret, the
          timestamp in <code>x-glasspane-timestamp</code>. Routing rules above choose which
          incidents go where.
        </p>
      </div>
      <QueryState
        query={destinations}
        isEmpty={(rows) => rows.length === 0}
        empty={<p className="text-sm text-muted-foreground">No destinations yet.</p>}
      >
        {(rows) => (
          <ul className="divide-y rounded-lg border text-sm" aria-label="Destinations">
            {rows.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center gap-3 p-3">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">{d.name}</p>
                  <p className="text-xs text-muted-foreground [overflow-wrap:anywhere]">
                    {d.url ?? "—"} · added {fmt.date(d.createdAt)}
                    {d.lastDeliveryAt && !d.lastDeliveryError && (
                      <> · last delivered {fmt.dateTime(d.lastDeliveryAt)}</>
                    )}
                  </p>
                  {d.lastDeliveryAt && d.lastDeliveryError && (
                    <p className="text-xs text-destructive [overflow-wrap:anywhere]" role="status">
                      Last delivery failed {fmt.dateTime(d.lastDeliveryAt)}: {d.lastDeliveryError}
                    </p>
                  )}
                </div>
                {canManage && (
                  <Button
                    size="sm"
                    variant="outline"
                    aria-label={`Delete ${d.name}`}
                    onClick={() => setDeleting(d)}
                  >
                    Delete
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
      {canManage && (
        <form
          onSubmit={submit}
          className="grid gap-3 rounded-lg border p-4 sm:grid-cols-[1fr_2fr_auto] sm:items-end"
          aria-label="New destination"
        >
          <FormField id="destination-name" label="Destination name">
            <Input
              id="destination-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="On-call webhook"
              required
            />
          </FormField>
          <FormField id="destination-url" label="URL">
            <Input
              id="destination-url"
              type="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://hooks.example.com/glasspane"
              required
            />
          </FormField>
          <Button type="submit" loading={create.isPending}>
            Add destination
          </Button>
        </form>
      )}
      {create.error && <Alert variant="destructive">{errorMessage(create.error)}</Alert>}
      {create.data && (
        <Alert variant="warning" title={`Signing secret of ${create.data.name}: copy it now`}>
          <p className="mb-2">
            This is the only time it is shown. Verify each request's signature with it.
          </p>
          <CopyField
            value={create.data.signingSecret}
            label="Signing secret"
            testId="new-destination-secret"
          />
        </Alert>
      )}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete the destination “${deleting?.name ?? ""}”?`}
        description="Routing rules and alert rules stop sending to it; its signing secret is erased."
        confirmLabel="Delete destination"
        onConfirm={() => remove.mutateAsync({ id: deleting?.id ?? "" })}
      />
    </section>
  );
}
