import { ArrowLeft } from "lucide-react";
import { Link, useParams } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Card, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { SkeletonRows } from "../../components/ui/skeleton.tsx";
import { useOperation } from "../../lib/operations.ts";
import { useSession } from "../../lib/session.tsx";
import { InvoiceActions } from "./invoice-actions.tsx";
import { InvoiceDocument } from "./invoice-document.tsx";
import { type InvoiceDetail, moneyIn } from "./invoice-format.ts";
import { StatusBadges } from "./invoices-table.tsx";
import { PaymentsTable } from "./payments-table.tsx";

function InvoicePayments({ invoice }: { invoice: InvoiceDetail }) {
  const payments = useOperation("payments.list", { invoiceId: invoice.id });
  if (invoice.kind !== "invoice" || invoice.status === "draft") return null;
  const rows = payments.data?.payments ?? [];
  if (rows.length === 0) return null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Payments</CardTitle>
      </CardHeader>
      <PaymentsTable payments={rows} />
    </Card>
  );
}

/** One invoice or credit note as a document, with what may be done with it. */
export function InvoiceDetailPage() {
  const { invoiceId = "" } = useParams();
  const { format } = useSession();
  const invoice = useOperation("invoices.get", { id: invoiceId });
  return (
    <div className="grid gap-6">
      <Link
        to="/clients/invoices"
        className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden /> All invoices
      </Link>
      <QueryState query={invoice} loading={<SkeletonRows rows={8} label="Loading invoice" />}>
        {(i) => (
          <>
            <div className="flex flex-wrap items-center justify-between gap-4">
              <div className="flex items-center gap-3">
                <h2 className="text-xl font-semibold">
                  {i.clientName} · {i.kind === "credit_note" ? "credit note" : "invoice"}
                </h2>
                <StatusBadges invoice={i} />
              </div>
              <InvoiceActions invoice={i} />
            </div>
            <InvoiceDocument invoice={i} fmt={moneyIn(format.locale, i.currency)} />
            <InvoicePayments invoice={i} />
          </>
        )}
      </QueryState>
    </div>
  );
}
