import { Link } from "react-router";
import { Badge } from "../../components/ui/badge.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import { useSession } from "../../lib/session.tsx";
import {
  type Invoice,
  invoiceName,
  moneyIn,
  periodName,
  STATUS_BADGE,
  STATUS_LABELS,
} from "./invoice-format.ts";

/** The status badge, with "Overdue" beside it when an open invoice is past its due date. */
export function StatusBadges({ invoice }: { invoice: Pick<Invoice, "status" | "overdue"> }) {
  return (
    <span className="inline-flex flex-wrap gap-1" data-testid="invoice-status">
      <Badge variant={STATUS_BADGE[invoice.status]}>{STATUS_LABELS[invoice.status]}</Badge>
      {invoice.overdue && <Badge variant="destructive">Overdue</Badge>}
    </span>
  );
}

interface InvoicesTableProps {
  invoices: Invoice[];
  showClient?: boolean;
  label?: string;
}

/** Invoices and credit notes, newest first, each linking to its document. */
export function InvoicesTable({
  invoices,
  showClient = true,
  label = "Invoices",
}: InvoicesTableProps) {
  const { format } = useSession();
  return (
    <Table aria-label={label} data-testid="invoices-table">
      <TableHeader>
        <TableRow>
          <TableHead>Number</TableHead>
          {showClient && <TableHead>Client</TableHead>}
          <TableHead>Period</TableHead>
          <TableHead>Issued</TableHead>
          <TableHead>Due</TableHead>
          <TableHead className="text-right">Total</TableHead>
          <TableHead className="text-right">Balance due</TableHead>
          <TableHead>Status</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {invoices.map((invoice) => {
          const fmt = moneyIn(format.locale, invoice.currency);
          return (
            <TableRow key={invoice.id} data-testid="invoice-row">
              {/* An invoice number is one word: broken at its hyphens it took three lines. */}
              <TableCell className="whitespace-nowrap">
                <Link
                  to={`/clients/invoices/${invoice.id}`}
                  className="font-medium hover:underline"
                >
                  {invoiceName(invoice)}
                </Link>
                {invoice.kind === "credit_note" && (
                  <div className="text-xs text-muted-foreground">Credit note</div>
                )}
              </TableCell>
              {showClient && <TableCell>{invoice.clientName}</TableCell>}
              <TableCell className="whitespace-nowrap">
                {periodName(invoice.periodStart, invoice.periodEnd, format.locale) ?? "—"}
              </TableCell>
              <TableCell className="whitespace-nowrap">{format.day(invoice.issueDate)}</TableCell>
              <TableCell className="whitespace-nowrap">{format.day(invoice.dueDate)}</TableCell>
              <TableCell className="text-right tabular-nums">{fmt.money(invoice.total)}</TableCell>
              <TableCell className="text-right tabular-nums">
                {invoice.kind === "invoice" &&
                invoice.status !== "draft" &&
                invoice.status !== "void"
                  ? fmt.money(invoice.balanceDue)
                  : "—"}
              </TableCell>
              <TableCell>
                <StatusBadges invoice={invoice} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
