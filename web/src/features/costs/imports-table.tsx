import { Link, useNavigate } from "react-router";
import { Badge } from "../../components/ui/badge.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useFormat } from "../../lib/session.tsx";
import { ConformanceBadges, DeleteImportButton, ImportStatusBadge } from "./import-status.tsx";
import { formatBytes, periodMonths } from "./import-summary.ts";

type CostImport = OperationOutput<"costs.imports.list">[number];

/** Past imports, newest first; a row opens its details. */
export function ImportsTable({ rows, canDelete }: { rows: CostImport[]; canDelete: boolean }) {
  const format = useFormat();
  const navigate = useNavigate();
  return (
    <Table aria-label="Imports" data-testid="costs-imports-table">
      <TableHeader>
        <TableRow>
          <TableHead>File</TableHead>
          <TableHead>Format</TableHead>
          <TableHead className="text-right">Rows</TableHead>
          <TableHead>Periods</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>FOCUS 1.2 rules</TableHead>
          <TableHead>Imported</TableHead>
          {canDelete && (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow
            key={row.id}
            className="cursor-pointer"
            onClick={() => navigate(`/costs/imports/${row.id}`)}
          >
            <TableCell className="max-w-72">
              <Link
                to={`/costs/imports/${row.id}`}
                className="block truncate font-medium hover:underline"
                title={row.fileName}
                onClick={(event) => event.stopPropagation()}
              >
                {row.fileName}
              </Link>
              <div className="text-xs text-muted-foreground">
                {formatBytes(row.bytes, format.locale)}
              </div>
            </TableCell>
            <TableCell>
              <Badge variant="outline" className="uppercase">
                {row.format}
              </Badge>
            </TableCell>
            <TableCell className="text-right tabular-nums">{format.number(row.rows)}</TableCell>
            <TableCell className="text-muted-foreground">
              {periodMonths(row.periods).join(", ")}
            </TableCell>
            <TableCell>
              <ImportStatusBadge status={row.status} />
            </TableCell>
            <TableCell>
              {row.conformance ? (
                <ConformanceBadges
                  passed={row.conformance.passed}
                  failed={row.conformance.failed}
                />
              ) : (
                <span className="text-muted-foreground">—</span>
              )}
            </TableCell>
            <TableCell
              className="whitespace-nowrap text-muted-foreground"
              title={format.dateTime(row.createdAt)}
            >
              {format.relative(row.createdAt)}
            </TableCell>
            {canDelete && (
              // The confirm dialog is portalled, but its clicks still bubble through React
              // to the row: stopped here so confirming does not also open the import.
              <TableCell className="text-right" onClick={(event) => event.stopPropagation()}>
                <DeleteImportButton id={row.id} fileName={row.fileName} />
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
