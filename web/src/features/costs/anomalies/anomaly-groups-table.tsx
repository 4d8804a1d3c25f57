import { ChevronDown, ChevronRight } from "lucide-react";
import { Fragment, useState } from "react";
import { Link } from "react-router";
import { Table, TableBody, TableCell, TableRow } from "../../../components/ui/table.tsx";
import { useFormat } from "../../../lib/session.tsx";
import { createMoneyFormat } from "../money.ts";
import { AcknowledgeButton } from "./acknowledge-button.tsx";
import { AnomaliesTable } from "./anomalies-table.tsx";
import { AnomalyCells, AnomalyTableHeader } from "./anomaly-cells.tsx";
import { type AnomalyGroup, dimensionLabel } from "./anomaly-format.ts";

interface AnomalyGroupsTableProps {
  groups: AnomalyGroup[];
  canAcknowledge: boolean;
}

/** Related series named in a row before "and N more". */
const RELATED_SHOWN = 3;

/**
 * Cost anomalies as events, newest first: a series' consecutive days and the series the same
 * cause moved are one row, which opens onto its days.
 */
export function AnomalyGroupsTable({ groups, canAcknowledge }: AnomalyGroupsTableProps) {
  const format = useFormat();
  const [openRows, setOpenRows] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpenRows((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const columns = canAcknowledge ? 8 : 7;
  return (
    <Table aria-label="Cost anomaly events" data-testid="anomaly-groups">
      <AnomalyTableHeader first="Days" canAcknowledge={canAcknowledge} />
      <TableBody>
        {groups.map((group) => {
          const fmt = createMoneyFormat(format.locale, group.currency);
          const isOpen = openRows.has(group.id);
          const days = new Set(group.anomalies.map((a) => a.day)).size;
          const when =
            group.firstDay === group.lastDay
              ? format.day(group.lastDay)
              : `${format.day(group.firstDay)} – ${format.day(group.lastDay)}`;
          const where = `${dimensionLabel(group.dimension)} ${group.key}`;
          const openIds = group.anomalies.filter((a) => a.status === "open").map((a) => a.id);
          return (
            <Fragment key={group.id}>
              <TableRow data-testid="anomaly-group">
                <TableCell className="whitespace-nowrap">
                  <button
                    type="button"
                    className="flex items-start gap-1 text-left tabular-nums hover:underline"
                    aria-expanded={isOpen}
                    aria-label={`${isOpen ? "Hide" : "Show"} the ${group.anomalies.length} anomalies of ${where}, ${when}`}
                    onClick={() => toggle(group.id)}
                  >
                    {isOpen ? (
                      <ChevronDown className="mt-0.5 size-4 shrink-0" aria-hidden />
                    ) : (
                      <ChevronRight className="mt-0.5 size-4 shrink-0" aria-hidden />
                    )}
                    <span>
                      {format.day(group.lastDay)}
                      {days > 1 && (
                        <span className="block text-xs text-muted-foreground" title={when}>
                          {days} days
                        </span>
                      )}
                    </span>
                  </button>
                </TableCell>
                <TableCell className="max-w-72">
                  <Link
                    to={`/costs/anomalies/${group.id}`}
                    className="block truncate font-medium hover:underline"
                    title={group.key}
                  >
                    {group.key}
                  </Link>
                  <div className="text-xs text-muted-foreground">
                    {dimensionLabel(group.dimension)}
                  </div>
                  {group.related.length > 0 && (
                    <div
                      className="line-clamp-2 max-w-56 text-xs text-muted-foreground"
                      title={relatedText(group.related)}
                      data-testid="anomaly-related"
                    >
                      Also {relatedText(group.related.slice(0, RELATED_SHOWN))}
                      {group.related.length > RELATED_SHOWN &&
                        ` and ${group.related.length - RELATED_SHOWN} more`}
                    </div>
                  )}
                </TableCell>
                <AnomalyCells value={group} fmt={fmt} rootCauseClass="min-w-44" />
                {canAcknowledge && (
                  <TableCell className="text-right">
                    {openIds.length > 0 && (
                      <AcknowledgeButton
                        id={openIds[0]!}
                        ids={openIds}
                        label={`${where}, ${when}`}
                      />
                    )}
                  </TableCell>
                )}
              </TableRow>
              {isOpen && (
                <TableRow className="hover:bg-transparent">
                  <TableCell colSpan={columns} className="bg-muted/30 p-2">
                    <AnomaliesTable rows={group.anomalies} canAcknowledge={canAcknowledge} />
                  </TableCell>
                </TableRow>
              )}
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
}

/** "globex (tag client), 210987654321 (billing account)". */
function relatedText(related: AnomalyGroup["related"]): string {
  return related.map((r) => `${r.key} (${dimensionLabel(r.dimension).toLowerCase()})`).join(", ");
}
