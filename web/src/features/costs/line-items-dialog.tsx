import { Download } from "lucide-react";
import { useState } from "react";
import { CursorPager } from "../../components/cursor-pager.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import { call, errorMessage, type OperationOutput } from "../../lib/api.ts";
import { useOperation } from "../../lib/operations.ts";
import { useFormat } from "../../lib/session.tsx";
import { downloadCsv } from "./csv.ts";
import type { ApiFilters, Metric } from "./explorer-state.ts";
import { collectLineItems, EXPORT_CAP, lineItemsCsv, lineItemsFileName } from "./line-items-csv.ts";
import { createMoneyFormat } from "./money.ts";
import type { Range } from "./period.ts";

type LineItem = OperationOutput<"costs.lineItems">["items"][number];

/** The explorer view whose ledger lines are listed. */
export interface LineItemsView {
  /** "Amazon S3 on Sep 3, 2024", or the whole view's description. */
  title: string;
  range: Range;
  filters: ApiFilters | undefined;
  metric: Metric;
  currency: string | undefined;
}

const PAGE = 50;

/**
 * The ledger lines behind a bar or the whole view, costliest first: when, what, how much, and
 * the file and row each came from. Pages by cursor; the whole view exports as CSV (up to
 * EXPORT_CAP lines, the costliest, and the file says when it stops there).
 */
export function LineItemsDialog({
  view,
  onClose,
}: {
  view: LineItemsView | null;
  onClose: () => void;
}) {
  return (
    <Dialog open={view !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-6xl" data-testid="line-items">
        {view && <LineItemsBody key={JSON.stringify(view)} view={view} />}
      </DialogContent>
    </Dialog>
  );
}

function LineItemsBody({ view }: { view: LineItemsView }) {
  const format = useFormat();
  const [cursors, setCursors] = useState<string[]>([]);
  const [exporting, setExporting] = useState<{ lines: number } | null>(null);
  const [exportNote, setExportNote] = useState<string | null>(null);
  const exportCsv = async () => {
    setExporting({ lines: 0 });
    setExportNote(null);
    try {
      const exported = await collectLineItems(
        (input) => call("costs.lineItems", input),
        {
          ...view.range,
          metric: view.metric,
          ...(view.filters ? { filters: view.filters } : {}),
          ...(view.currency ? { currency: view.currency } : {}),
        },
        (lines) => setExporting({ lines }),
      );
      downloadCsv(
        lineItemsFileName(view.range, exported, view.filters?.allocation),
        lineItemsCsv(exported.items),
      );
      if (exported.capped)
        setExportNote(
          `The view has more lines than an export holds: the file has the ${format.number(EXPORT_CAP)} with the most ${view.metric}.`,
        );
    } catch (error) {
      setExportNote(`The export failed: ${errorMessage(error)}`);
    } finally {
      setExporting(null);
    }
  };
  const cursor = cursors[cursors.length - 1];
  const lines = useOperation("costs.lineItems", {
    ...view.range,
    metric: view.metric,
    limit: PAGE,
    ...(view.filters ? { filters: view.filters } : {}),
    ...(view.currency ? { currency: view.currency } : {}),
    ...(cursor ? { cursor } : {}),
  });
  const counted = lines.data
    ? `${lines.data.countCapped ? "More than " : ""}${format.number(lines.data.count)} ${lines.data.count === 1 ? "line" : "lines"}`
    : "Lines";
  return (
    <>
      <DialogHeader>
        <DialogTitle>Line items: {view.title}</DialogTitle>
        <DialogDescription>
          {counted} of the ledger, by {view.metric} from the largest; each is a row of an imported
          billing file.
          {view.filters?.allocation &&
            " Costs are each line's allocated share, as the explorer counts them: a line split between clients is listed under each, at its part."}
        </DialogDescription>
      </DialogHeader>
      <QueryState query={lines}>
        {(data) => {
          const fmt = createMoneyFormat(format.locale, data.currency);
          const start = cursors.length * PAGE;
          return (
            <>
              <LineTable items={data.items} fmt={fmt} locale={format.locale} />
              <CursorPager
                cursors={cursors}
                setCursors={setCursors}
                nextCursor={data.nextCursor}
                labels={{ back: "Previous", forward: "Next" }}
                className="p-0"
              >
                {data.items.length > 0 && (
                  <span className="mr-auto text-sm text-muted-foreground">
                    {format.number(start + 1)}–{format.number(start + data.items.length)}
                  </span>
                )}
                <Button
                  variant="outline"
                  size="sm"
                  disabled={data.items.length === 0 || exporting !== null}
                  title="Every line of the view, not only this page"
                  onClick={() => void exportCsv()}
                >
                  <Download aria-hidden />
                  {exporting
                    ? `Exporting… ${format.number(exporting.lines)} lines`
                    : "Export all as CSV"}
                </Button>
              </CursorPager>
              {exportNote && (
                <p className="text-sm text-muted-foreground" role="status">
                  {exportNote}
                </p>
              )}
            </>
          );
        }}
      </QueryState>
    </>
  );
}

function LineTable({
  items,
  fmt,
  locale,
}: {
  items: LineItem[];
  fmt: ReturnType<typeof createMoneyFormat>;
  locale: string;
}) {
  if (items.length === 0)
    return <p className="py-6 text-center text-sm text-muted-foreground">No lines in this view.</p>;
  const when = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
  });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 4 });
  const isShared = items.some((item) => item.share !== null);
  return (
    <Table aria-label="Line items" className="text-xs">
      <TableHeader>
        <TableRow>
          <TableHead>Charge period (UTC)</TableHead>
          <TableHead>Service</TableHead>
          <TableHead>Resource</TableHead>
          <TableHead>Description</TableHead>
          <TableHead className="text-right">Usage</TableHead>
          {isShared && (
            <TableHead className="text-right" title="The part of the line allocated here">
              Share
            </TableHead>
          )}
          <TableHead className="text-right">Billed</TableHead>
          <TableHead className="text-right">Effective</TableHead>
          <TableHead>Source</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((item) => (
          <TableRow key={item.id}>
            <TableCell className="whitespace-nowrap">{periodOf(item, when, day)}</TableCell>
            <TableCell className="max-w-40 truncate" title={item.serviceName ?? undefined}>
              {item.serviceName ?? "—"}
              {item.chargeCategory && item.chargeCategory !== "Usage" && (
                <span className="block text-muted-foreground">{item.chargeCategory}</span>
              )}
            </TableCell>
            <TableCell className="max-w-56 truncate font-mono" title={item.resourceId ?? undefined}>
              {item.resourceName ?? item.resourceId ?? "—"}
            </TableCell>
            <TableCell
              className="max-w-64 truncate"
              title={item.chargeDescription ?? item.skuId ?? undefined}
            >
              {item.chargeDescription ?? item.skuId ?? "—"}
            </TableCell>
            <TableCell className="text-right whitespace-nowrap tabular-nums">
              {item.consumedQuantity === null
                ? "—"
                : `${number.format(item.consumedQuantity as Intl.StringNumericLiteral)} ${item.consumedUnit ?? ""}`}
            </TableCell>
            {isShared && (
              <TableCell className="text-right whitespace-nowrap tabular-nums">
                {item.share === null
                  ? "—"
                  : percent.format(item.share as Intl.StringNumericLiteral)}
              </TableCell>
            )}
            <TableCell className="text-right whitespace-nowrap tabular-nums">
              {item.billedCost === null ? "—" : fmt.price(item.billedCost)}
            </TableCell>
            <TableCell className="text-right whitespace-nowrap tabular-nums">
              {item.effectiveCost === null ? "—" : fmt.price(item.effectiveCost)}
            </TableCell>
            <TableCell
              className="max-w-48 truncate text-muted-foreground"
              title={`${item.fileName ?? "import"}, row ${item.sourceRow}`}
            >
              {item.fileName ?? "import"} · row {item.sourceRow}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const DAY_MS = 86_400_000;

/** A whole UTC day as its date; any other charge period as its start time. */
function periodOf(item: LineItem, when: Intl.DateTimeFormat, day: Intl.DateTimeFormat): string {
  if (!item.chargePeriodStart) return "—";
  const start = new Date(item.chargePeriodStart);
  const end = item.chargePeriodEnd ? new Date(item.chargePeriodEnd) : null;
  const wholeDay = start.getTime() % DAY_MS === 0 && end?.getTime() === start.getTime() + DAY_MS;
  return (wholeDay ? day : when).format(start);
}
