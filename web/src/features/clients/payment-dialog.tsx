import { type FormEvent, useState } from "react";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog.tsx";
import { fieldError, formError } from "../../lib/form-errors.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { useSession } from "../../lib/session.tsx";
import { ChoiceField, TextField } from "./fields.tsx";
import {
  type InvoiceDetail,
  invoiceName,
  moneyIn,
  PAYMENT_METHODS,
  type PaymentMethod,
} from "./invoice-format.ts";

interface PaymentDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  invoice: InvoiceDetail;
}

/** Records money received; an overpayment is kept as the client's credit, and says so. */
export function PaymentDialog({ open, onOpenChange, invoice }: PaymentDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-md">
        {open && <PaymentForm invoice={invoice} onClose={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}

const FIELDS = ["amount", "receivedOn", "method", "reference", "note"];

function PaymentForm({ invoice, onClose }: { invoice: InvoiceDetail; onClose: () => void }) {
  const { format } = useSession();
  const fmt = moneyIn(format.locale, invoice.currency);
  const [amount, setAmount] = useState(invoice.balanceDue);
  const [receivedOn, setReceivedOn] = useState(new Date().toISOString().slice(0, 10));
  const [method, setMethod] = useState<PaymentMethod>("bank_transfer");
  const [reference, setReference] = useState("");
  const record = useOperationMutation("payments.record");
  const error = (field: string) => fieldError(record.error, field);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate(
      {
        invoiceId: invoice.id,
        amount: amount.trim(),
        receivedOn,
        method,
        reference: reference.trim(),
      },
      { onSuccess: (result) => !result.credit && onClose() },
    );
  };

  const credit = record.data?.credit;
  if (credit) {
    return (
      <>
        <DialogHeader>
          <DialogTitle>Payment recorded</DialogTitle>
          <DialogDescription>The invoice is paid in full.</DialogDescription>
        </DialogHeader>
        <Alert data-testid="payment-credit">
          {fmt.money(credit.amount)} more than the invoice owed is kept as the client&apos;s credit,
          to apply to a later invoice.
        </Alert>
        <DialogFooter>
          <Button onClick={onClose}>Done</Button>
        </DialogFooter>
      </>
    );
  }
  const top = formError(record.error, FIELDS);
  return (
    <>
      <DialogHeader>
        <DialogTitle>Record payment</DialogTitle>
        <DialogDescription>
          {invoiceName(invoice)} owes {fmt.money(invoice.balanceDue)}. More than that becomes the
          client&apos;s credit.
        </DialogDescription>
      </DialogHeader>
      <form id="payment-form" className="grid gap-4" onSubmit={onSubmit} noValidate>
        {top && <Alert variant="destructive">{top}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            id="payment-amount"
            label={`Amount (${invoice.currency})`}
            inputMode="decimal"
            value={amount}
            onChange={setAmount}
            error={error("amount")}
          />
          <TextField
            id="payment-date"
            label="Received on"
            type="date"
            value={receivedOn}
            onChange={setReceivedOn}
            error={error("receivedOn")}
          />
        </div>
        <ChoiceField
          id="payment-method"
          label="Method"
          value={method}
          onChange={(v) => setMethod(v as PaymentMethod)}
          options={PAYMENT_METHODS}
          error={error("method")}
        />
        <TextField
          id="payment-reference"
          label="Reference"
          value={reference}
          onChange={setReference}
          placeholder="Bank reference, cheque number…"
          error={error("reference")}
        />
      </form>
      <DialogFooter>
        <Button variant="outline" onClick={onClose}>
          Cancel
        </Button>
        <Button
          type="submit"
          form="payment-form"
          loading={record.isPending}
          data-testid="payment-submit"
        >
          Record payment
        </Button>
      </DialogFooter>
    </>
  );
}
