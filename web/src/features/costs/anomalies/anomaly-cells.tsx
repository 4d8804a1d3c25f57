import { TableCell, TableHead, TableHeader, TableRow } from "../../../components/ui/table.tsx";
import type { MoneyFormat } from "../money.ts";
import { SeverityBadge, StatusBadge } from "./anomaly-badges.tsx";
import { type Anomaly, describeChange, describeRootCause } from "./anomaly-format.ts";

/** The header both anomaly tables share; `first` names the day column. */
export function AnomalyTableHeader({
  first,
  canAcknowledge,
}: {
  first: string;
  canAcknowledge: boolean;
}) {
  return (
    <TableHeader>
      <TableRow>
        <TableHead>{first}</TableHead>
        <TableHead>Where</TableHead>
        <TableHead className="text-right">Actual vs expected</TableHead>
        <TableHead className="text-right">Change</TableHead>
        <TableHead>Severity</TableHead>
        <TableHead>Root cause</TableHead>
        <TableHead>Status</TableHead>
        {canAcknowledge && (
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        )}
      </TableRow>
    </TableHeader>
  );
}

type Shown = Pick<Anomaly, "actual" | "expected" | "severity" | "rootCause" | "status"> & {
  acknowledgedBy?: string | null;
  restatedAt?: string | null;
  restated?: boolean;
};

/** A day's or an event's cells from "Actual vs expected" to "Status". */
export function AnomalyCells({
  value,
  fmt,
  rootCauseClass,
}: {
  value: Shown;
  fmt: MoneyFormat;
  /** The root cause column's width. */
  rootCauseClass: string;
}) {
  const change = describeChange(value, fmt);
  return (
    <>
      <TableCell className="whitespace-nowrap text-right tabular-nums">
        {fmt.money(value.actual)}
        <div className="text-xs text-muted-foreground">vs {fmt.money(value.expected)}</div>
      </TableCell>
      <TableCell className="whitespace-nowrap text-right tabular-nums">
        <span className="font-medium">{change.amount}</span>
        <div className="text-xs text-muted-foreground">{change.percent}</div>
      </TableCell>
      <TableCell>
        <SeverityBadge severity={value.severity} />
      </TableCell>
      <TableCell
        className={`${rootCauseClass} max-w-72 whitespace-normal text-sm text-muted-foreground`}
        data-testid="anomaly-root-cause"
      >
        {describeRootCause(value.rootCause, fmt) ?? "—"}
      </TableCell>
      <TableCell>
        <div className="flex flex-wrap gap-1">
          <StatusBadge anomaly={value} />
        </div>
      </TableCell>
    </>
  );
}
