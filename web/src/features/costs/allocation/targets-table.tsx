import { TriangleAlert } from "lucide-react";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../../components/ui/table.tsx";
import { cn } from "../../../lib/utils.ts";
import type { MoneyFormat } from "../money.ts";
import { KIND_LABELS } from "./allocation-rules.ts";
import type { Slice } from "./allocation-slices.ts";

interface TargetsTableProps {
  slices: Slice[];
  total: string;
  fmt: MoneyFormat;
}

/** Each client and project with its total and share, then the unallocated rest and the total. */
export function TargetsTable({ slices, total, fmt }: TargetsTableProps) {
  return (
    <Table aria-label="Allocation by client and project" data-testid="allocation-targets">
      <TableHeader>
        <TableRow>
          <TableHead>Client or project</TableHead>
          <TableHead className="text-right">Total</TableHead>
          <TableHead className="text-right">Share</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {slices.map((s) => (
          <TableRow key={s.id} data-testid={`allocation-target-${s.id}`}>
            <TableCell className="max-w-64">
              <span className="flex items-center gap-2">
                <span
                  className="size-2.5 shrink-0 rounded-full"
                  style={{ backgroundColor: s.color }}
                  aria-hidden
                />
                {s.kind ? (
                  <>
                    <span className="text-xs text-muted-foreground">{KIND_LABELS[s.kind]}</span>
                    <span className="truncate font-medium" title={s.name}>
                      {s.name}
                    </span>
                    {s.unbilled && (
                      <span
                        className="inline-flex shrink-0 items-center gap-1 text-xs text-warning"
                        title={`No ${s.kind} has the key "${s.name}": no invoice bills this cost. Add the ${s.kind} with this key, or change the rule.`}
                      >
                        <TriangleAlert className="size-3.5" aria-hidden />
                        not billed
                      </span>
                    )}
                  </>
                ) : (
                  <span className="text-muted-foreground italic">{s.name}</span>
                )}
              </span>
            </TableCell>
            <TableCell
              className={cn("text-right whitespace-nowrap tabular-nums", !s.kind && "italic")}
            >
              {fmt.money(s.total)}
            </TableCell>
            <TableCell className="text-right text-muted-foreground tabular-nums">
              {fmt.percent(s.share)}
            </TableCell>
          </TableRow>
        ))}
        <TableRow className="bg-muted/40 font-medium hover:bg-muted/40">
          <TableCell>Total</TableCell>
          <TableCell className="text-right whitespace-nowrap tabular-nums">
            {fmt.money(total)}
          </TableCell>
          <TableCell className="text-right text-muted-foreground tabular-nums">
            {fmt.percent(1)}
          </TableCell>
        </TableRow>
      </TableBody>
    </Table>
  );
}
