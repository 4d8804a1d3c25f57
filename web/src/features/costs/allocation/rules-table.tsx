import { ArrowDown, ArrowUp, Pencil, Trash2 } from "lucide-react";
import { Badge } from "../../../components/ui/badge.tsx";
import { Button } from "../../../components/ui/button.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../../components/ui/table.tsx";
import type { MoneyFormat } from "../money.ts";
import { describeMatch, filtersOf, KIND_LABELS, type Rule } from "./allocation-rules.ts";

interface RulesTableProps {
  rules: Rule[];
  /** Each rule's matched total in the period, by rule id. */
  totals: Map<string, string>;
  fmt: MoneyFormat;
  canManage: boolean;
  /** A reorder is being saved: the arrows wait for it. */
  isMoving: boolean;
  onMove: (index: number, to: number) => void;
  onEdit: (rule: Rule) => void;
  onDelete: (rule: Rule) => void;
}

/** The rules in the order they apply, what each matches and shares, and what it took. */
export function RulesTable(props: RulesTableProps) {
  const { rules, totals, fmt, canManage, isMoving } = props;
  return (
    <Table aria-label="Allocation rules" data-testid="allocation-rules">
      <TableHeader>
        <TableRow>
          <TableHead className="w-12">#</TableHead>
          <TableHead>Rule</TableHead>
          <TableHead>Shares</TableHead>
          <TableHead className="text-right">Matched</TableHead>
          {canManage && (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rules.map((rule, i) => (
          <TableRow key={rule.id} data-testid="allocation-rule-row">
            <TableCell className="align-top text-muted-foreground tabular-nums">
              <span title={`Priority ${rule.priority}`}>{i + 1}</span>
            </TableCell>
            <TableCell className="max-w-md align-top">
              <p className="font-medium">{rule.name}</p>
              <ul className="mt-1 flex flex-wrap gap-1" aria-label={`${rule.name} matches`}>
                {describeMatch(filtersOf(rule.match)).map((line) => (
                  <li
                    key={line}
                    className="max-w-full truncate rounded border bg-muted/60 px-1.5 py-0.5 text-xs text-muted-foreground"
                    title={line}
                  >
                    {line}
                  </li>
                ))}
              </ul>
            </TableCell>
            <TableCell className="align-top">
              <ul className="grid gap-1">
                {rule.targets.map((t) => (
                  <li key={`${t.kind}:${t.key}`} className="flex items-center gap-2 text-sm">
                    <Badge variant="outline">{KIND_LABELS[t.kind]}</Badge>
                    <span className="truncate">{t.key}</span>
                    <span className="ml-auto text-muted-foreground tabular-nums">
                      {t.percent} %
                    </span>
                  </li>
                ))}
              </ul>
            </TableCell>
            <TableCell className="text-right align-top whitespace-nowrap tabular-nums">
              {fmt.money(totals.get(rule.id) ?? "0")}
            </TableCell>
            {canManage && (
              <TableCell className="align-top">
                <div className="flex justify-end gap-0.5">
                  <Button
                    variant="ghost"
                    size="icon-sm"
                    aria-label={`Move ${rule.name} up`}
                    disabled={i === 0 || isMoving}
                    onClick={() => props.onMove(i, i - 1)}
                  >
                    <ArrowUp aria-hidden />
                  </Button>
                  <Button
                    variant="ghost"
                    size="icon-sm"
                    aria-label={`Move ${rule.name} down`}
                    disabled={i === rules.length - 1 || isMoving}
                    onClick={() => props.onMove(i, i + 1)}
                  >
                    <ArrowDown aria-hidden />
                  </Button>
                  <Button
                    variant="ghost"
                    size="icon-sm"
                    aria-label={`Edit ${rule.name}`}
                    onClick={() => props.onEdit(rule)}
                  >
                    <Pencil aria-hidden />
                  </Button>
                  <Button
                    variant="danger"
                    size="icon-sm"
                    aria-label={`Delete ${rule.name}`}
                    onClick={() => props.onDelete(rule)}
                  >
                    <Trash2 aria-hidden />
                  </Button>
                </div>
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
