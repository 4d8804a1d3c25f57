import { Link, useNavigate } from "react-router";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../../components/ui/table.tsx";
import { useFormat } from "../../../lib/session.tsx";
import { createMoneyFormat } from "../money.ts";
import { AcknowledgeButton } from "./acknowledge-button.tsx";
import { SeverityBadge, StatusBadge } from "./anomaly-badges.tsx";
import {
  type Anomaly,
  describeChange,
  describeRootCause,
  dimensionLabel,
} from "./anomaly-format.ts";

interface AnomaliesTableProps {
  rows: Anomaly[];
  canAcknowledge: boolean;
}

/** Anomalies, newest day first; a row opens its chart and root cause. */
export function AnomaliesTable({ rows, canAcknowledge }: AnomaliesTableProps) {
  const format = useFormat();
  const navigate = useNavigate();
  return (
    <Table aria-label="Cost anomalies" data-testid="anomalies-table">
      <TableHeader>
        <TableRow>
          <TableHead>Day</TableHead>
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
      <TableBody>
        {rows.map((row) => {
          const fmt = createMoneyFormat(format.locale, row.currency);
          const where = `${dimensionLabel(row.dimension)} ${row.key}`;
          const link = `/costs/anomalies/${row.id}`;
          const change = describeChange(row, fmt);
          return (
            <TableRow
              key={row.id}
              className="cursor-pointer"
              data-testid="anomaly-row"
              onClick={() => navigate(link)}
            >
              <TableCell className="whitespace-nowrap tabular-nums">
                {format.day(row.day)}
              </TableCell>
              <TableCell className="max-w-64">
                <Link
                  to={link}
                  className="block truncate font-medium hover:underline"
                  title={row.key}
                  onClick={(event) => event.stopPropagation()}
                >
                  {row.key}
                </Link>
                <div className="text-xs text-muted-foreground">{dimensionLabel(row.dimension)}</div>
              </TableCell>
              <TableCell className="whitespace-nowrap text-right tabular-nums">
                {fmt.money(row.actual)}
                <div className="text-xs text-muted-foreground">vs {fmt.money(row.expected)}</div>
              </TableCell>
              <TableCell className="whitespace-nowrap text-right tabular-nums">
                <span className="font-medium">{change.amount}</span>
                <div className="text-xs text-muted-foreground">{change.percent}</div>
              </TableCell>
              <TableCell>
                <SeverityBadge severity={row.severity} />
              </TableCell>
              <TableCell
                className="min-w-52 max-w-72 whitespace-normal text-sm text-muted-foreground"
                data-testid="anomaly-root-cause"
              >
                {describeRootCause(row.rootCause, fmt) ?? "—"}
              </TableCell>
              <TableCell>
                <StatusBadge anomaly={row} />
              </TableCell>
              {canAcknowledge && (
                // The dialog is portalled, but its clicks still bubble through React to the row.
                <TableCell className="text-right" onClick={(event) => event.stopPropagation()}>
                  {row.status === "open" && (
                    <AcknowledgeButton id={row.id} label={`${where} on ${format.day(row.day)}`} />
                  )}
                </TableCell>
              )}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
