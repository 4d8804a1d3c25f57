import { Trash2 } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import { useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { methodLabel, moneyIn, type Payment } from "./invoice-format.ts";

interface PaymentsTableProps {
  payments: Payment[];
  /** Link each payment to its invoice (on a client's page). */
  showInvoice?: boolean;
}

/**
 * Money received, newest first. Rows without an invoice move the client's credit: an
 * overpayment adds to it, paying from it takes it off.
 */
export function PaymentsTable({ payments, showInvoice = false }: PaymentsTableProps) {
  const { format, role } = useSession();
  const canRemove = can(role, "invoices:issue");
  const remove = useOperationMutation("payments.delete");
  const [removing, setRemoving] = useState<Payment | null>(null);
  return (
    <>
      <Table aria-label="Payments" data-testid="payments-table">
        <TableHeader>
          <TableRow>
            <TableHead>Received</TableHead>
            <TableHead className="text-right">Amount</TableHead>
            <TableHead>Method</TableHead>
            <TableHead>Reference</TableHead>
            {showInvoice && <TableHead>Invoice</TableHead>}
            {canRemove && (
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            )}
          </TableRow>
        </TableHeader>
        <TableBody>
          {payments.map((p) => (
            <TableRow key={p.id} data-testid="payment-row">
              <TableCell className="whitespace-nowrap">{format.day(p.receivedOn)}</TableCell>
              <TableCell className="text-right tabular-nums">
                {moneyIn(format.locale, p.currency).money(p.amount)}
              </TableCell>
              <TableCell>{p.invoiceId ? methodLabel(p.method) : "Credit"}</TableCell>
              <TableCell className="text-muted-foreground">
                {p.reference || p.note || "—"}
              </TableCell>
              {showInvoice && (
                <TableCell>
                  {p.invoiceId ? (
                    <Link to={`/clients/invoices/${p.invoiceId}`} className="hover:underline">
                      Open invoice
                    </Link>
                  ) : (
                    "—"
                  )}
                </TableCell>
              )}
              {canRemove && (
                <TableCell className="text-right">
                  {p.invoiceId && (
                    <Button
                      variant="danger"
                      size="icon-sm"
                      aria-label="Remove payment"
                      onClick={() => setRemoving(p)}
                    >
                      <Trash2 aria-hidden />
                    </Button>
                  )}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title="Remove this payment?"
        description="For a payment recorded by mistake: the invoice owes the amount again, and credit its overpayment created is removed too."
        confirmLabel="Remove payment"
        onConfirm={() => remove.mutateAsync({ id: removing?.id ?? "" })}
      />
    </>
  );
}
