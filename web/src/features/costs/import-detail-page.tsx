import { ArrowLeft } from "lucide-react";
import type { ReactNode } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { ConformanceReport } from "./conformance-report.tsx";
import { DeleteImportButton, ImportStatusBadge } from "./import-status.tsx";
import { formatBytes } from "./import-summary.ts";
import { createMoneyFormat } from "./money.ts";

type CostImport = OperationOutput<"costs.imports.get">;

function PeriodTotals({ periods }: { periods: CostImport["periods"] }) {
  const { format } = useSession();
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Totals per billing period</CardTitle>
          <CardDescription>
            Per billing account and period, in its billing currency.
          </CardDescription>
        </div>
      </CardHeader>
      <Table aria-label="Totals per billing period">
        <TableHeader>
          <TableRow>
            <TableHead>Billing account</TableHead>
            <TableHead>Period</TableHead>
            <TableHead className="text-right">Rows</TableHead>
            <TableHead className="text-right">BilledCost</TableHead>
            <TableHead className="text-right">EffectiveCost</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {periods.map((p) => {
            const fmt = createMoneyFormat(format.locale, p.currency);
            return (
              <TableRow key={`${p.billingAccountId}-${p.billingPeriodStart}-${p.currency}`}>
                <TableCell
                  className="max-w-80 truncate font-mono text-xs"
                  title={p.billingAccountId ?? ""}
                >
                  {p.billingAccountId ?? "—"}
                </TableCell>
                <TableCell>{p.billingPeriodStart?.slice(0, 7) ?? "—"}</TableCell>
                <TableCell className="text-right tabular-nums">{format.number(p.rows)}</TableCell>
                <TableCell className="text-right tabular-nums">{fmt.money(p.billedCost)}</TableCell>
                <TableCell className="text-right tabular-nums">
                  {fmt.money(p.effectiveCost)}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Card>
  );
}

function Facts({ item }: { item: CostImport }) {
  const { format } = useSession();
  const facts: [string, ReactNode][] = [
    [
      "Format",
      <Badge key="f" variant="outline" className="uppercase">
        {item.format}
      </Badge>,
    ],
    ["File", `${item.container} · ${formatBytes(item.bytes, format.locale)}`],
    ["Rows", format.number(item.rows)],
    ["Status", <ImportStatusBadge key="s" status={item.status} />],
    ["Replaced rows", format.number(item.replacedRows)],
    ["Took", `${(item.durationMs / 1000).toFixed(1)} s`],
    ["Imported", format.dateTime(item.createdAt)],
  ];
  return (
    <Card className="px-6 py-4">
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-4 lg:grid-cols-7">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-muted-foreground">{label}</dt>
            <dd className="mt-0.5 font-medium">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

/** One import: what it holds per billing period and how its rows fare against FOCUS 1.2. */
export function ImportDetailPage() {
  const { importId = "" } = useParams();
  const { role } = useSession();
  const navigate = useNavigate();
  const item = useOperation("costs.imports.get", { id: importId });
  return (
    <div className="grid grid-cols-1 gap-6">
      <Link
        to="/costs/imports"
        className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden /> All imports
      </Link>
      <QueryState query={item}>
        {(data) => (
          <>
            <div className="flex flex-wrap items-center justify-between gap-3">
              <h2 className="min-w-0 truncate text-lg font-semibold" title={data.fileName}>
                {data.fileName}
              </h2>
              {can(role, "costs:import") && (
                <DeleteImportButton
                  id={data.id}
                  fileName={data.fileName}
                  size="default"
                  onDeleted={() => navigate("/costs/imports", { replace: true })}
                />
              )}
            </div>
            <Facts item={data} />
            <PeriodTotals periods={data.periods} />
            {data.conformance ? (
              <ConformanceReport report={data.conformance} />
            ) : (
              <Card className="px-6 py-4 text-sm text-muted-foreground">
                This import has no conformance report.
              </Card>
            )}
          </>
        )}
      </QueryState>
    </div>
  );
}
