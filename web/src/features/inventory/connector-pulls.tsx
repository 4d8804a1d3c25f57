import { Activity, Loader2, Receipt } from "lucide-react";
import { Alert } from "../../components/ui/alert.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Checkbox } from "../../components/ui/checkbox.tsx";
import { errorMessage, type OperationOutput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { useFormat } from "../../lib/session.tsx";

type Connector = OperationOutput<"connectors.list">[number];
type Pull = OperationOutput<"connectors.pulls">[number];
type Kind = Pull["kind"];

const LABEL: Record<Kind, { title: string; schedule: string; what: string }> = {
  metrics: { title: "Metrics", schedule: "every 15 minutes", what: "samples" },
  costs: { title: "Costs", schedule: "daily", what: "cost rows" },
};
const STATUS_VARIANT = {
  queued: "secondary",
  running: "secondary",
  succeeded: "success",
  failed: "destructive",
} as const;
const isActive = (pull: Pull | undefined) =>
  pull?.status === "queued" || pull?.status === "running";

/** The metrics and costs pulls a connector's provider offers: schedule, "pull now", last run. */
export function ConnectorPulls({
  connector,
  canPull,
  canManage,
}: {
  connector: Connector;
  canPull: boolean;
  canManage: boolean;
}) {
  if (connector.pulls.available.length === 0) return null;
  return (
    <div className="grid gap-2 border-t pt-3" data-testid="connector-pulls">
      {connector.pulls.available.map((kind) => (
        <PullRow
          key={kind}
          kind={kind}
          connector={connector}
          canPull={canPull}
          canManage={canManage}
        />
      ))}
    </div>
  );
}

function PullRow({
  kind,
  connector,
  canPull,
  canManage,
}: {
  kind: Kind;
  connector: Connector;
  canPull: boolean;
  canManage: boolean;
}) {
  const format = useFormat();
  const pulls = useOperation(
    "connectors.pulls",
    { connectorId: connector.id, kind, limit: 1 },
    { refetchInterval: (query) => (isActive(query.state.data?.[0]) ? 1000 : false) },
  );
  const start = useOperationMutation(
    kind === "metrics" ? "connectors.pullMetrics" : "connectors.pullCosts",
  );
  const schedule = useOperationMutation("connectors.setPulls");
  const last = pulls.data?.[0];
  const label = LABEL[kind];
  const isScheduled = connector.pulls[kind];
  const id = `pull-${kind}-${connector.id}`;
  return (
    <div className="grid gap-1 text-sm" data-testid={`pull-${kind}`} aria-live="polite">
      <div className="flex flex-wrap items-center gap-2">
        {kind === "metrics" ? (
          <Activity className="size-4" aria-hidden />
        ) : (
          <Receipt className="size-4" aria-hidden />
        )}
        <span className="font-medium">{label.title}</span>
        <Checkbox
          id={id}
          checked={isScheduled}
          disabled={!canManage || schedule.isPending}
          onCheckedChange={(v) => schedule.mutate({ id: connector.id, [kind]: v === true })}
        />
        <label htmlFor={id} className="text-muted-foreground">
          Pull {label.schedule}
        </label>
        {last && (
          <>
            {isActive(last) && <Loader2 className="size-4 animate-spin" aria-hidden />}
            <Badge variant={STATUS_VARIANT[last.status]} data-testid={`pull-${kind}-status`}>
              {last.status}
            </Badge>
            <span className="text-muted-foreground">
              {last.items} {label.what}
              {last.retries > 0 && ` · ${last.retries} retries`} ·{" "}
              {format.relative(last.finishedAt ?? last.createdAt)}
            </span>
          </>
        )}
        {canPull && (
          <Button
            variant="ghost"
            size="sm"
            loading={start.isPending}
            disabled={isActive(last)}
            onClick={() => start.mutate({ id: connector.id })}
          >
            Pull now
          </Button>
        )}
      </div>
      {last?.error && <p className="text-destructive">{last.error}</p>}
      {(start.error || schedule.error) && (
        <Alert variant="destructive">{errorMessage(start.error ?? schedule.error)}</Alert>
      )}
    </div>
  );
}
