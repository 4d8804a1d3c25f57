import { useState } from "react";
import { QueryState } from "../../components/query-state.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { Checkbox } from "../../components/ui/checkbox.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog.tsx";
import { Input, Textarea } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import { errorMessage, type OperationOutput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";

type Action = OperationOutput<"resources.actions">["available"][number]["action"];
type Results = OperationOutput<"resources.stop">;

const LABELS: Record<Action, { button: string; title: string; warning: string }> = {
  stop: {
    button: "Stop",
    title: "Stop this instance?",
    warning:
      "It stops at its provider; its disks are kept. Anything it serves goes offline. On Azure a powered-off VM keeps its compute charges until it is deallocated.",
  },
  start: { button: "Start", title: "Start this instance?", warning: "It is billed while it runs." },
  restart: {
    button: "Restart",
    title: "Restart this instance?",
    warning:
      "It reboots at its provider (on Google Cloud a hard reset, without shutting the OS down). Anything it serves drops meanwhile.",
  },
  deallocate: {
    button: "Deallocate",
    title: "Deallocate this VM?",
    warning:
      "Azure stops it and releases its hardware: its compute is no longer billed, its disks are kept, and a dynamic public IP is given up.",
  },
  snapshot: {
    button: "Snapshot",
    title: "Snapshot this volume?",
    warning: "The snapshot is billed as storage until you delete it.",
  },
  delete: {
    button: "Delete",
    title: "Delete this volume for good?",
    warning: "The volume and its data are deleted at the provider. This cannot be undone.",
  },
  pause: {
    button: "Pause",
    title: "Pause this zone?",
    warning:
      "Cloudflare then answers its DNS only: visitors reach the origin directly, without Cloudflare's proxy, cache, firewall or TLS in front of it.",
  },
  unpause: {
    button: "Unpause",
    title: "Unpause this zone?",
    warning: "Its proxied records go through Cloudflare's proxy, cache and firewall again.",
  },
  purge: {
    button: "Purge cache",
    title: "Purge this zone's cache?",
    warning:
      "Cloudflare forgets the cached copies: the next requests go to the origin, which may be slower and busier until the cache fills again.",
  },
};

/** URLs typed one a line (commas too), blank lines dropped. */
const linesOf = (text: string) =>
  text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);

/** What can be done to the resource at its provider, and what was done to it. */
export function ResourceActions({ resourceId, type }: { resourceId: string; type: string }) {
  const { role } = useSession();
  const actions = useOperation("resources.actions", { id: resourceId });
  const [asking, setAsking] = useState<Action | null>(null);
  const allowedByRole = (action: Action) =>
    can(role, action === "delete" ? "resources:delete" : "resources:operate");
  return (
    <Card>
      <CardHeader>
        <CardTitle>Actions</CardTitle>
      </CardHeader>
      <CardContent>
        <QueryState query={actions}>
          {({ available, history }) => {
            // A volume's delete is offered while it still needs a snapshot: the dialog explains.
            const offered = (a: (typeof available)[number]) =>
              a.allowed || (a.action === "delete" && type === "storage.volume");
            const shown = available.filter(offered);
            return (
              <div className="grid gap-4">
                {shown.length === 0 ? (
                  <p className="text-sm text-muted-foreground">
                    {available[0]?.reason ?? "Nothing can be done to this resource here."}
                  </p>
                ) : (
                  <div className="flex flex-wrap gap-2">
                    {shown.map((a) => (
                      <Button
                        key={a.action}
                        size="sm"
                        variant={a.action === "delete" ? "destructive" : "outline"}
                        disabled={!allowedByRole(a.action)}
                        title={a.reason ?? undefined}
                        onClick={() => setAsking(a.action)}
                        data-testid={`resource-action-${a.action}`}
                      >
                        {LABELS[a.action].button}
                      </Button>
                    ))}
                  </div>
                )}
                <History history={history} />
                {asking && (
                  <ConfirmAction
                    action={asking}
                    resourceId={resourceId}
                    refusal={available.find((a) => a.action === asking)?.reason ?? null}
                    onClose={() => setAsking(null)}
                  />
                )}
              </div>
            );
          }}
        </QueryState>
      </CardContent>
    </Card>
  );
}

function History({ history }: { history: OperationOutput<"resources.actions">["history"] }) {
  const format = useFormat();
  if (history.length === 0)
    return <p className="text-sm text-muted-foreground">Glass Pane has not acted on it yet.</p>;
  return (
    <ul className="grid gap-2 text-sm" aria-label="Action history">
      {history.map((h) => (
        <li key={h.id} className="flex flex-wrap items-baseline gap-2">
          <span className="text-muted-foreground tabular-nums">{format.dateTime(h.createdAt)}</span>
          <Badge variant={h.status === "succeeded" ? "secondary" : "destructive"}>
            {h.action} {h.status}
          </Badge>
          <span className="min-w-0 break-words">{h.detail}</span>
        </li>
      ))}
    </ul>
  );
}

function ConfirmAction(props: {
  action: Action;
  resourceId: string;
  refusal: string | null;
  onClose: () => void;
}) {
  const { action, resourceId } = props;
  const [name, setName] = useState("");
  const [withoutSnapshot, setWithoutSnapshot] = useState(false);
  const [urls, setUrls] = useState("");
  const [results, setResults] = useState<Results | null>(null);
  const stop = useOperationMutation("resources.stop");
  const start = useOperationMutation("resources.start");
  const restart = useOperationMutation("resources.restart");
  const deallocate = useOperationMutation("resources.deallocate");
  const snapshot = useOperationMutation("resources.snapshot");
  const remove = useOperationMutation("resources.deleteVolume");
  const pause = useOperationMutation("resources.pause");
  const unpause = useOperationMutation("resources.unpause");
  const purge = useOperationMutation("resources.purgeCache");
  const mutations = [stop, start, restart, deallocate, snapshot, remove, pause, unpause, purge];
  const pending = mutations.find((m) => m.isPending) !== undefined;
  const error = mutations.find((m) => m.error)?.error;
  const ids = [resourceId];
  const run = () => {
    const done = { onSuccess: setResults };
    if (action === "stop") stop.mutate({ ids }, done);
    else if (action === "start") start.mutate({ ids }, done);
    else if (action === "restart") restart.mutate({ ids }, done);
    else if (action === "deallocate") deallocate.mutate({ ids }, done);
    else if (action === "snapshot")
      snapshot.mutate({ ids, ...(name.trim() ? { name: name.trim() } : {}) }, done);
    else if (action === "pause") pause.mutate({ ids }, done);
    else if (action === "unpause") unpause.mutate({ ids }, done);
    else if (action === "purge") {
      const list = linesOf(urls);
      purge.mutate({ ids, ...(list.length ? { urls: list } : {}) }, done);
    } else remove.mutate({ ids, withoutSnapshot }, done);
  };
  const needsSnapshot = action === "delete" && props.refusal !== null;
  const outcome = results?.results[0];
  return (
    <Dialog open onOpenChange={(open) => !open && props.onClose()}>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>{LABELS[action].title}</DialogTitle>
          <DialogDescription>{LABELS[action].warning}</DialogDescription>
        </DialogHeader>
        {error && <Alert variant="destructive">{errorMessage(error)}</Alert>}
        {outcome && (
          <Alert variant={outcome.status === "succeeded" ? "success" : "destructive"}>
            {outcome.detail}
          </Alert>
        )}
        {!outcome && action === "snapshot" && (
          <div className="grid gap-1">
            <Label htmlFor="snapshot-name">Snapshot name (optional)</Label>
            <Input
              id="snapshot-name"
              value={name}
              maxLength={64}
              onChange={(e) => setName(e.target.value)}
              placeholder="glasspane-<volume>-<date>"
            />
          </div>
        )}
        {!outcome && action === "purge" && (
          <div className="grid gap-1">
            <Label htmlFor="purge-urls">URLs to purge, one a line (empty: everything)</Label>
            <Textarea
              id="purge-urls"
              value={urls}
              rows={4}
              onChange={(e) => setUrls(e.target.value)}
              placeholder="https://www.example.com/css/site.css"
              data-testid="purge-urls"
            />
          </div>
        )}
        {!outcome && needsSnapshot && (
          <div className="grid gap-2 text-sm">
            <p>{props.refusal}</p>
            <Label className="flex items-center gap-2 font-normal">
              <Checkbox
                checked={withoutSnapshot}
                onCheckedChange={(v) => setWithoutSnapshot(v === true)}
                data-testid="delete-without-snapshot"
              />
              Delete without a snapshot: I accept that the data is lost
            </Label>
          </div>
        )}
        <DialogFooter>
          <Button variant="outline" onClick={props.onClose}>
            {outcome ? "Close" : "Cancel"}
          </Button>
          {!outcome && (
            <Button
              variant={action === "delete" ? "destructive" : "default"}
              disabled={pending || (needsSnapshot && !withoutSnapshot)}
              onClick={run}
              data-testid="resource-action-confirm"
            >
              {LABELS[action].button}
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
