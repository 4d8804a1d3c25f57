import { Play, PlugZap, Plus } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { errorMessage, type OperationOutput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { ConnectorPulls } from "./connector-pulls.tsx";
import { providerLabel } from "./resource-labels.ts";
import { ScanProgress, ScanSummary } from "./scan-progress.tsx";

type Connector = OperationOutput<"connectors.list">[number];
type Scan = OperationOutput<"connectors.scans">[number];

/** The workspace's connected accounts, each with its latest scan and a "discover now" button. */
export function ConnectorsPage() {
  const { role } = useSession();
  const connectors = useOperation("connectors.list", {});
  const scans = useOperation("connectors.scans", { limit: 100 });
  const latest = new Map<string, Scan>();
  for (const scan of scans.data ?? [])
    if (!latest.has(scan.connectorId)) latest.set(scan.connectorId, scan);
  const canConnect = can(role, "connectors:manage");
  return (
    <div className="grid gap-4">
      {canConnect && (
        <div className="flex justify-end">
          <Button asChild>
            <Link to="/inventory/connectors/new">
              <Plus aria-hidden /> Connect a cloud
            </Link>
          </Button>
        </div>
      )}
      <QueryState
        query={connectors}
        empty={
          <Card>
            <EmptyState
              icon={PlugZap}
              title="No clouds connected"
              description={
                canConnect
                  ? "Connect an account with read-only credentials; discovery lists what runs there."
                  : "Owners and admins connect cloud accounts here."
              }
            />
          </Card>
        }
      >
        {(rows) => (
          <div className="grid gap-4">
            {rows.map((connector) => (
              <ConnectorCard
                key={connector.id}
                connector={connector}
                lastScan={latest.get(connector.id)}
                canDiscover={can(role, "connectors:discover")}
                canManage={canConnect}
              />
            ))}
          </div>
        )}
      </QueryState>
    </div>
  );
}

function ConnectorCard({
  connector,
  lastScan,
  canDiscover,
  canManage,
}: {
  connector: Connector;
  lastScan: Scan | undefined;
  canDiscover: boolean;
  canManage: boolean;
}) {
  const format = useFormat();
  const [scanId, setScanId] = useState<string | null>(null);
  const discover = useOperationMutation("connectors.discover", {
    onSuccess: (started) => setScanId(started.scanId),
  });
  return (
    <Card data-testid="connector-card">
      <CardHeader>
        <div>
          <CardTitle>{connector.name}</CardTitle>
          <CardDescription>
            {providerLabel(connector.provider)} · {connector.credentials.method}{" "}
            {connector.credentials.hint}
            {connector.account && ` · account ${connector.account}`}
            {connector.endpoint && ` · endpoint ${connector.endpoint}`}
            {connector.regions.length > 0 && ` · ${connector.regions.join(", ")}`}
          </CardDescription>
        </div>
        {canDiscover && (
          <Button
            variant="outline"
            loading={discover.isPending}
            onClick={() => discover.mutate({ id: connector.id })}
          >
            <Play aria-hidden /> Discover now
          </Button>
        )}
      </CardHeader>
      <CardContent className="grid gap-2">
        {discover.error && <Alert variant="destructive">{errorMessage(discover.error)}</Alert>}
        {scanId ? (
          <ScanProgress scanId={scanId} />
        ) : lastScan ? (
          <>
            <p className="text-xs text-muted-foreground">
              Last scan {format.relative(lastScan.finishedAt ?? lastScan.createdAt)}
            </p>
            <ScanSummary scan={lastScan} />
          </>
        ) : (
          <p className="text-sm text-muted-foreground">Not scanned yet.</p>
        )}
        <ConnectorPulls connector={connector} canPull={canDiscover} canManage={canManage} />
      </CardContent>
    </Card>
  );
}
