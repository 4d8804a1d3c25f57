import { CheckCircle2, CircleAlert, Loader2 } from "lucide-react";
import { Badge } from "../../components/ui/badge.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useOperation } from "../../lib/operations.ts";

type Scan = OperationOutput<"connectors.scans">[number];

const isRunning = (scan: Scan | undefined) =>
  !scan || scan.status === "queued" || scan.status === "running";
const STATUS_VARIANT = {
  queued: "secondary",
  running: "secondary",
  succeeded: "success",
  partial: "warning",
  failed: "destructive",
} as const;

/** A scan as it runs: asked for again every second until it has finished. */
export function ScanProgress({ scanId }: { scanId: string }) {
  const scans = useOperation(
    "connectors.scans",
    { scanId },
    { refetchInterval: (query) => (isRunning(query.state.data?.[0]) ? 1000 : false) },
  );
  const scan = scans.data?.[0];
  if (!scan) return <p className="text-sm text-muted-foreground">Starting the scan…</p>;
  return <ScanSummary scan={scan} />;
}

/** Status, counts and each scope (service in a region) with what it found or why it failed. */
export function ScanSummary({ scan }: { scan: Scan }) {
  const done = scan.scopes.filter((s) => s.status !== "pending" && s.status !== "running").length;
  return (
    <div className="grid gap-3 text-sm" data-testid="scan-progress" aria-live="polite">
      <div className="flex flex-wrap items-center gap-2">
        {isRunning(scan) ? (
          <Loader2 className="size-4 animate-spin" aria-hidden />
        ) : scan.status === "succeeded" ? (
          <CheckCircle2 className="size-4 text-success" aria-hidden />
        ) : (
          <CircleAlert className="size-4 text-destructive" aria-hidden />
        )}
        <Badge variant={STATUS_VARIANT[scan.status]} data-testid="scan-status">
          {scan.status}
        </Badge>
        <span>
          {done} of {scan.scopes.length} scopes · {scan.resourcesSeen} resources seen ·{" "}
          {scan.created} new · {scan.modified} changed · {scan.deleted} deleted
          {scan.retries > 0 && ` · ${scan.retries} retries`}
        </span>
      </div>
      {scan.error && <p className="text-destructive">{scan.error}</p>}
      {scan.scopes.length > 0 && (
        <ul className="grid gap-1 sm:grid-cols-2" aria-label="Scopes">
          {scan.scopes.map((scope) => (
            <li key={`${scope.service}@${scope.region}`} className="flex flex-wrap gap-2">
              <span className="font-medium">{scope.service}</span>
              <span className="text-muted-foreground">{scope.region}</span>
              <span className="text-muted-foreground">{scope.status}</span>
              <span className="tabular-nums">{scope.resources}</span>
              {scope.error && <span className="basis-full text-destructive">{scope.error}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
