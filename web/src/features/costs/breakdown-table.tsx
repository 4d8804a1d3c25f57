import { Download } from "lucide-react";
import { useState } from "react";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import { cn } from "../../lib/utils.ts";
import { breakdownCsv, downloadCsv } from "./csv.ts";
import { groupLabel } from "./explorer-toolbar.tsx";
import { NONE_LABEL } from "./labels.ts";
import { type MoneyFormat, shareOf } from "./money.ts";

interface Group {
  key: string | null;
  total: string;
}

interface BreakdownTableProps {
  title: string;
  description: string;
  groupBy: string;
  groups: Group[];
  total: string;
  fmt: MoneyFormat;
  /** Rows narrow the view to their value when given; null is the group without one. */
  onDrill?: (key: string | null) => void;
  /** How the group without a value is named (default "(not set)"). */
  noneLabel?: string;
  /** Shown when groups were cut off at the query's limit. */
  truncatedAt?: number;
  /** Offers a CSV download of the rows, named after this (and the currency). */
  csvName?: string;
  /** The billing currency of the totals: a column of the CSV, and part of its name. */
  currency?: string | null;
  testId?: string;
}

/** Rows shown before "Show all": a long tail (resources, sub-accounts) would bury the page. */
const FIRST_ROWS = 25;

/** Groups with their total and share of the period; clicking one narrows the view to it. */
export function BreakdownTable(props: BreakdownTableProps) {
  const { title, description, groupBy, groups, total, fmt, onDrill, truncatedAt, csvName } = props;
  const noneLabel = props.noneLabel ?? NONE_LABEL;
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? groups : groups.slice(0, FIRST_ROWS);
  const exportCsv = () => {
    const csv = breakdownCsv({
      heading: groupLabel(groupBy),
      groups,
      total,
      currency: props.currency,
      noneLabel,
      name: csvName ?? "breakdown",
    });
    downloadCsv(csv.fileName, csv.text);
  };
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>{title}</CardTitle>
          <CardDescription>{description}</CardDescription>
        </div>
        {csvName && groups.length > 0 && (
          <Button variant="outline" size="sm" onClick={exportCsv}>
            <Download aria-hidden /> Export CSV
          </Button>
        )}
      </CardHeader>
      <Table aria-label={title} data-testid={props.testId}>
        <TableHeader>
          <TableRow>
            <TableHead>{groupLabel(groupBy)}</TableHead>
            <TableHead className="text-right">Total</TableHead>
            <TableHead className="text-right sm:w-48">Share</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {shown.map((g) => {
            const share = shareOf(g.total, total);
            const canDrill = onDrill !== undefined;
            const label = g.key ?? noneLabel;
            return (
              <TableRow
                key={g.key ?? "\u0000none"}
                className={cn(canDrill && "cursor-pointer")}
                onClick={canDrill ? () => onDrill?.(g.key) : undefined}
              >
                <TableCell className="max-w-44 sm:max-w-md">
                  {canDrill ? (
                    <button
                      type="button"
                      className={cn(
                        "block max-w-full truncate text-left font-medium hover:underline focus-visible:outline-2 focus-visible:outline-ring",
                        g.key === null && "text-muted-foreground italic",
                      )}
                      title={`Show only ${label}`}
                      onClick={(event) => {
                        event.stopPropagation();
                        onDrill?.(g.key);
                      }}
                    >
                      {label}
                    </button>
                  ) : g.key === null ? (
                    <span className="text-muted-foreground italic">{noneLabel}</span>
                  ) : (
                    <span className="block max-w-full truncate font-medium" title={g.key}>
                      {g.key}
                    </span>
                  )}
                </TableCell>
                <TableCell className="text-right whitespace-nowrap tabular-nums">
                  {fmt.money(g.total)}
                </TableCell>
                <TableCell>
                  <div className="flex items-center justify-end gap-2">
                    <div
                      className="hidden h-1.5 w-24 overflow-hidden rounded-full bg-muted sm:block"
                      aria-hidden
                    >
                      <div
                        className="h-full rounded-full bg-primary/70"
                        style={{ width: `${Math.max(0, Math.min(1, share)) * 100}%` }}
                      />
                    </div>
                    <span className="w-14 text-right text-muted-foreground tabular-nums">
                      {fmt.percent(share)}
                    </span>
                  </div>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {groups.length > FIRST_ROWS && (
        <div className="border-t px-6 py-2">
          <Button variant="ghost" size="sm" onClick={() => setShowAll((v) => !v)}>
            {showAll ? `Show the first ${FIRST_ROWS}` : `Show all ${groups.length}`}
          </Button>
        </div>
      )}
      {showAll && truncatedAt !== undefined && groups.length >= truncatedAt && (
        <p className="border-t px-6 py-3 text-xs text-muted-foreground">
          The largest {truncatedAt} groups; narrow the view with filters to see the rest.
        </p>
      )}
    </Card>
  );
}
