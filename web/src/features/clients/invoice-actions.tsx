import { Ban, Banknote, Download, FileMinus2, Send, Stamp, Trash2, Wallet } from "lucide-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { toScaled } from "../costs/money.ts";
import { CreditDialog, VoidDialog } from "./correction-dialogs.tsx";
import { type InvoiceDetail, invoiceName, isOpen, isPositive, moneyIn } from "./invoice-format.ts";
import { PaymentDialog } from "./payment-dialog.tsx";
import { downloadInvoicePdf } from "./pdf-download.ts";
import { useInvoiceMutation } from "./use-invoice-mutation.ts";

type Open = "payment" | "void" | "credit" | "delete" | "issue" | null;

/** What may be done with the invoice in its state, by the caller's role. */
export function InvoiceActions({ invoice }: { invoice: InvoiceDetail }) {
  const { role, format } = useSession();
  const navigate = useNavigate();
  const toast = useToast();
  const [open, setOpen] = useState<Open>(null);
  const [downloading, setDownloading] = useState(false);
  const issue = useInvoiceMutation("invoices.issue", invoice.id);
  const markSent = useInvoiceMutation("invoices.markSent", invoice.id);
  const applyCredit = useOperationMutation("payments.applyCredit");
  const remove = useOperationMutation("invoices.delete");
  const canDraft = can(role, "invoices:draft");
  const canIssue = can(role, "invoices:issue");
  const isInvoice = invoice.kind === "invoice";
  const isPayable = isInvoice && isOpen(invoice) && isPositive(invoice.balanceDue);
  const payments = useOperation(
    "payments.list",
    { clientId: invoice.clientId },
    { enabled: canIssue && isPayable },
  );
  const credit = payments.data?.credit.find(
    (c) => c.currency === invoice.currency && isPositive(c.amount),
  );
  const fmt = moneyIn(format.locale, invoice.currency);
  const failure = issue.error ?? markSent.error ?? applyCredit.error;

  const download = async () => {
    setDownloading(true);
    try {
      await downloadInvoicePdf(invoice.id);
    } catch (error) {
      toast({
        title: "Could not make the PDF",
        description: errorMessage(error),
        variant: "error",
      });
    } finally {
      setDownloading(false);
    }
  };

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap gap-2" data-testid="invoice-actions">
        {invoice.status === "draft" && canIssue && (
          <Button onClick={() => setOpen("issue")} data-testid="invoice-issue">
            <Stamp aria-hidden /> Issue
          </Button>
        )}
        {invoice.status === "issued" && canIssue && (
          <Button
            variant="outline"
            loading={markSent.isPending}
            onClick={() => markSent.mutate({ id: invoice.id })}
            data-testid="invoice-mark-sent"
          >
            <Send aria-hidden /> Mark sent
          </Button>
        )}
        {isPayable && canIssue && (
          <Button onClick={() => setOpen("payment")} data-testid="invoice-record-payment">
            <Banknote aria-hidden /> Record payment
          </Button>
        )}
        {isPayable && canIssue && credit && (
          <Button
            variant="outline"
            loading={applyCredit.isPending}
            onClick={() => applyCredit.mutate({ invoiceId: invoice.id })}
            data-testid="invoice-apply-credit"
          >
            <Wallet aria-hidden /> Apply credit ({fmt.money(credit.amount)})
          </Button>
        )}
        <Button
          variant="outline"
          loading={downloading}
          onClick={download}
          data-testid="invoice-download"
        >
          <Download aria-hidden /> Download PDF
        </Button>
        {isInvoice && invoice.status !== "draft" && invoice.status !== "void" && canIssue && (
          <Button variant="outline" onClick={() => setOpen("credit")} data-testid="invoice-credit">
            <FileMinus2 aria-hidden /> Credit note
          </Button>
        )}
        {isOpen(invoice) && toScaled(invoice.amountPaid) === 0n && canIssue && (
          <Button variant="danger" onClick={() => setOpen("void")} data-testid="invoice-void">
            <Ban aria-hidden /> Void
          </Button>
        )}
        {invoice.status === "draft" && canDraft && (
          <Button variant="danger" onClick={() => setOpen("delete")} data-testid="invoice-delete">
            <Trash2 aria-hidden /> Delete draft
          </Button>
        )}
      </div>
      {failure && <Alert variant="destructive">{errorMessage(failure)}</Alert>}
      <PaymentDialog
        open={open === "payment"}
        onOpenChange={(o) => setOpen(o ? "payment" : null)}
        invoice={invoice}
      />
      <VoidDialog
        open={open === "void"}
        onOpenChange={(o) => setOpen(o ? "void" : null)}
        invoice={invoice}
      />
      <CreditDialog
        open={open === "credit"}
        onOpenChange={(o) => setOpen(o ? "credit" : null)}
        invoice={invoice}
      />
      <ConfirmDialog
        open={open === "issue"}
        onOpenChange={(o) => setOpen(o ? "issue" : null)}
        title="Issue this invoice?"
        description={`It gets the next number and dated today, for ${fmt.money(invoice.total)}. After that it cannot be changed: corrections are made with a credit note.`}
        confirmLabel="Issue invoice"
        onConfirm={() => issue.mutateAsync({ id: invoice.id })}
      />
      <ConfirmDialog
        open={open === "delete"}
        onOpenChange={(o) => setOpen(o ? "delete" : null)}
        title={`Delete ${invoiceName(invoice).toLowerCase()}?`}
        description="The draft and its lines are removed; its costs and time can be drafted again."
        confirmLabel="Delete draft"
        onConfirm={async () => {
          await remove.mutateAsync({ id: invoice.id });
          navigate("/clients/invoices");
        }}
      />
    </div>
  );
}
