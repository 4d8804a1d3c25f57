import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Checkbox } from "../../components/ui/checkbox.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog.tsx";
import { Label } from "../../components/ui/label.tsx";
import { fieldError, formError } from "../../lib/form-errors.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { useSession } from "../../lib/session.tsx";
import { TextField } from "./fields.tsx";
import { type InvoiceDetail, invoiceName, moneyIn } from "./invoice-format.ts";
import { useInvoiceMutation } from "./use-invoice-mutation.ts";

interface CorrectionProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  invoice: InvoiceDetail;
}

/** Voids an issued invoice nobody paid, with the reason kept on it. */
export function VoidDialog({ open, onOpenChange, invoice }: CorrectionProps) {
  const [reason, setReason] = useState("");
  const voiding = useInvoiceMutation("invoices.void", invoice.id);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    voiding.mutate(
      { id: invoice.id, reason: reason.trim() },
      { onSuccess: () => onOpenChange(false) },
    );
  };
  const top = formError(voiding.error, ["reason"]);
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>Void {invoiceName(invoice)}?</DialogTitle>
          <DialogDescription>
            The number stays used and the invoice stays on record as void; its billed time becomes
            billable again. An invoice with payments is corrected with a credit note instead.
          </DialogDescription>
        </DialogHeader>
        <form id="void-form" className="grid gap-4" onSubmit={onSubmit} noValidate>
          {top && <Alert variant="destructive">{top}</Alert>}
          <TextField
            id="void-reason"
            label="Reason"
            value={reason}
            onChange={setReason}
            error={fieldError(voiding.error, "reason")}
          />
        </form>
        <DialogFooter>
          <Button variant="outline" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button
            type="submit"
            form="void-form"
            variant="destructive"
            loading={voiding.isPending}
            data-testid="void-submit"
          >
            Void invoice
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/** Issues a credit note for all of an invoice's lines or the chosen ones, then opens it. */
export function CreditDialog({ open, onOpenChange, invoice }: CorrectionProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-lg">
        {open && <CreditForm invoice={invoice} onClose={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}

function CreditForm({ invoice, onClose }: { invoice: InvoiceDetail; onClose: () => void }) {
  const { format } = useSession();
  const navigate = useNavigate();
  const fmt = moneyIn(format.locale, invoice.currency);
  const [chosen, setChosen] = useState<Set<string>>(new Set(invoice.lines.map((l) => l.id)));
  const [reason, setReason] = useState("");
  const credit = useOperationMutation("invoices.credit");
  const isAll = chosen.size === invoice.lines.length;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    credit.mutate(
      { id: invoice.id, reason: reason.trim(), ...(isAll ? {} : { lineIds: [...chosen] }) },
      {
        onSuccess: (note) => {
          onClose();
          navigate(`/clients/invoices/${note.id}`);
        },
      },
    );
  };
  const top = formError(credit.error, ["reason"]);
  return (
    <>
      <DialogHeader>
        <DialogTitle>Credit note for {invoiceName(invoice)}</DialogTitle>
        <DialogDescription>
          A numbered credit note that takes the chosen lines off the invoice exactly.
        </DialogDescription>
      </DialogHeader>
      <form id="credit-form" className="grid gap-4" onSubmit={onSubmit} noValidate>
        {top && <Alert variant="destructive">{top}</Alert>}
        <fieldset className="grid gap-2">
          <legend className="mb-2 text-sm font-medium">Lines to credit</legend>
          {invoice.lines.map((line) => (
            <Label key={line.id} className="flex items-center gap-2 font-normal">
              <Checkbox
                checked={chosen.has(line.id)}
                onCheckedChange={(v) =>
                  setChosen((s) => {
                    const next = new Set(s);
                    if (v === true) next.add(line.id);
                    else next.delete(line.id);
                    return next;
                  })
                }
              />
              <span className="flex-1">{line.description}</span>
              <span className="tabular-nums">{fmt.money(line.net)}</span>
            </Label>
          ))}
        </fieldset>
        <TextField
          id="credit-reason"
          label="Reason"
          value={reason}
          onChange={setReason}
          error={fieldError(credit.error, "reason")}
        />
      </form>
      <DialogFooter>
        <Button variant="outline" onClick={onClose}>
          Cancel
        </Button>
        <Button
          type="submit"
          form="credit-form"
          loading={credit.isPending}
          disabled={chosen.size === 0}
          data-testid="credit-submit"
        >
          Issue credit note
        </Button>
      </DialogFooter>
    </>
  );
}
