import { Badge } from "../../../components/ui/badge.tsx";
import { type Anomaly, SEVERITY_HINT, SEVERITY_VARIANT, type Severity } from "./anomaly-format.ts";

const SEVERITY_LABEL: Record<Severity, string> = { high: "High", medium: "Medium", low: "Low" };

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <Badge variant={SEVERITY_VARIANT[severity]} title={SEVERITY_HINT[severity]}>
      {SEVERITY_LABEL[severity]}
    </Badge>
  );
}

const RESTATED_HINT =
  "A restated bill took this unexpected cost away: the ledger no longer shows it. " +
  "Its numbers are those it was found with.";

export function StatusBadge({
  anomaly,
}: {
  anomaly: Pick<Anomaly, "status"> & {
    acknowledgedBy?: string | null;
    restatedAt?: string | null;
    restated?: boolean;
  };
}) {
  const restated = (anomaly.restated || anomaly.restatedAt) && (
    <Badge variant="outline" title={RESTATED_HINT}>
      Restated away
    </Badge>
  );
  if (anomaly.status === "open")
    return (
      <>
        <Badge variant="outline">Open</Badge>
        {restated}
      </>
    );
  const who = anomaly.acknowledgedBy ? ` by ${anomaly.acknowledgedBy}` : "";
  return (
    <>
      <Badge variant="success" title={`Acknowledged${who}`}>
        Acknowledged
      </Badge>
      {restated}
    </>
  );
}
