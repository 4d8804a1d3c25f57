import { Link, useNavigate } from "react-router";
import { Table, TableBody, TableCell, TableRow } from "../../../components/ui/table.tsx";
import { useFormat } from "../../../lib/session.tsx";
import { createMoneyFormat } from "../money.ts";
import { AcknowledgeButton } from "./acknowledge-button.tsx";
import { AnomalyCells, AnomalyTableHeader } from "./anomaly-cells.tsx";
import { type Anomaly, dimensionLabel } from "./anomaly-format.ts";

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
      <AnomalyTableHeader first="Day" canAcknowledge={canAcknowledge} />
      <TableBody>
        {rows.map((row) => {
          const fmt = createMoneyFormat(format.locale, row.currency);
          const where = `${dimensionLabel(row.dimension)} ${row.key}`;
          const link = `/costs/anomalies/${row.id}`;
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
              <AnomalyCells value={row} fmt={fmt} rootCauseClass="min-w-52" />
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
