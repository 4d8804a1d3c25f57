import { Card, CardDescription, CardHeader, CardTitle } from "../../../components/ui/card.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../../components/ui/table.tsx";
import type { MoneyFormat } from "../money.ts";
import { type Cause, dimensionLabel, signedMoney } from "./anomaly-format.ts";

/** What moved that day one level finer, largest move first. */
export function RootCauseTable({ causes, fmt }: { causes: Cause[]; fmt: MoneyFormat }) {
  const dimension = causes[0]?.dimension;
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Root cause</CardTitle>
          <CardDescription>
            {dimension
              ? `Split by ${dimensionLabel(dimension).toLowerCase()}, the finer cut whose largest mover explains most of the change. Share: of the total change across them.`
              : ""}
          </CardDescription>
        </div>
      </CardHeader>
      {causes.length === 0 ? (
        <EmptyState
          title="No finer cut explains it"
          description="The change is spread evenly, or this cost has no finer detail (resources, sub-accounts, regions) to split by."
        />
      ) : (
        <Table aria-label="Root cause" data-testid="anomaly-root-cause-table">
          <TableHeader>
            <TableRow>
              <TableHead>{dimensionLabel(dimension ?? "")}</TableHead>
              <TableHead className="text-right">Actual</TableHead>
              <TableHead className="text-right">Expected</TableHead>
              <TableHead className="text-right">Change</TableHead>
              <TableHead className="text-right">Share</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {causes.map((cause) => (
              <TableRow key={cause.key}>
                <TableCell className="max-w-96">
                  <div className="truncate font-medium" title={cause.key}>
                    {cause.name ?? cause.key}
                  </div>
                  {cause.name && (
                    <div className="truncate font-mono text-xs text-muted-foreground">
                      {cause.key}
                    </div>
                  )}
                </TableCell>
                <TableCell className="text-right tabular-nums">{fmt.money(cause.actual)}</TableCell>
                <TableCell className="text-right tabular-nums">
                  {fmt.money(cause.expected)}
                </TableCell>
                <TableCell className="text-right font-medium tabular-nums">
                  {signedMoney(cause.deviation, fmt)}
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  {fmt.percent(cause.share)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
