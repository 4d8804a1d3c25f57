import { Link } from "react-router";
import { Card, CardContent } from "../../components/ui/card.tsx";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import type { MoneyFormat } from "../costs/money.ts";
import { type Client, type InvoiceDetail, invoiceName, periodName } from "./invoice-format.ts";
import { InvoiceLines } from "./invoice-lines.tsx";

type Address = NonNullable<Client["billingAddress"]>;

function AddressLines({ address }: { address: Address | null | undefined }) {
  if (!address) return null;
  const lines = [
    address.line1,
    address.line2,
    [address.postalCode, address.city].filter(Boolean).join(" "),
    address.region,
    address.country,
  ].filter(Boolean);
  return (
    <>
      {lines.map((l) => (
        <div key={l}>{l}</div>
      ))}
    </>
  );
}

/** The sender as printed on the invoice: frozen when it was issued, today's details on a draft. */
function Sender({ seller }: { seller: InvoiceDetail["seller"] }) {
  const { workspace } = useSession();
  return (
    <address className="text-sm not-italic" data-testid="invoice-sender">
      <div className="font-semibold">{seller.name || workspace?.name}</div>
      <div className="text-muted-foreground">
        <AddressLines address={seller.address} />
        {seller.taxId && <div>Tax id {seller.taxId}</div>}
        {seller.email && <div>{seller.email}</div>}
      </div>
    </address>
  );
}

/** The client as printed on the invoice (frozen when issued). */
function BillTo({ billTo }: { billTo: InvoiceDetail["billTo"] }) {
  return (
    <address className="text-sm not-italic" data-testid="invoice-client">
      <div className="text-xs font-medium uppercase tracking-wide text-muted-foreground">
        Bill to
      </div>
      <div className="mt-1 font-semibold">{billTo.name}</div>
      <div className="text-muted-foreground">
        <AddressLines address={billTo.address} />
        {billTo.taxIds.map((t) => (
          <div key={t.value}>
            {t.type.replace("_", " ").toUpperCase()} {t.value}
          </div>
        ))}
      </div>
    </address>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="flex justify-between gap-6">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function Totals({ invoice, fmt }: { invoice: InvoiceDetail; fmt: MoneyFormat }) {
  const isBilled =
    invoice.kind === "invoice" && invoice.status !== "draft" && invoice.status !== "void";
  return (
    <dl className="ml-auto grid w-full max-w-sm gap-1.5 text-sm" data-testid="invoice-totals">
      <Fact label="Subtotal" value={fmt.money(invoice.subtotal)} testId="invoice-subtotal" />
      {invoice.taxBreakdown.map((t) => (
        <Fact
          key={t.rate}
          label={`Tax ${t.rate} % on ${fmt.money(t.base)}`}
          value={fmt.money(t.tax)}
        />
      ))}
      <div className="mt-1 flex justify-between gap-6 border-t pt-2 text-base font-semibold">
        <dt>Total</dt>
        <dd className="tabular-nums" data-testid="invoice-total">
          {fmt.money(invoice.total)}
        </dd>
      </div>
      {isBilled && (
        <>
          <Fact label="Paid" value={fmt.money(invoice.amountPaid)} testId="invoice-paid" />
          {invoice.creditNotes.map((n) => (
            <Fact key={n.id} label={`Credit note ${n.number ?? ""}`} value={fmt.money(n.total)} />
          ))}
          <div className="flex justify-between gap-6 border-t pt-2 font-semibold">
            <dt>Balance due</dt>
            <dd className="tabular-nums" data-testid="invoice-balance">
              {fmt.money(invoice.balanceDue)}
            </dd>
          </div>
        </>
      )}
    </dl>
  );
}

/** The invoice laid out as the client reads it, with a draft's lines editable in place. */
export function InvoiceDocument({ invoice, fmt }: { invoice: InvoiceDetail; fmt: MoneyFormat }) {
  const { format, role } = useSession();
  const isCredit = invoice.kind === "credit_note";
  const period = periodName(invoice.periodStart, invoice.periodEnd, format.locale);
  const isEditable = invoice.status === "draft" && can(role, "invoices:draft");
  return (
    <Card data-testid="invoice-document">
      <CardContent className="grid gap-8 p-8">
        <div className="flex flex-wrap justify-between gap-6">
          <Sender seller={invoice.seller} />
          <div className="text-right">
            <div className="text-xs font-medium uppercase tracking-widest text-muted-foreground">
              {isCredit ? "Credit note" : "Invoice"}
            </div>
            <div className="text-2xl font-semibold" data-testid="invoice-number">
              {invoiceName(invoice)}
            </div>
          </div>
        </div>
        <div className="flex flex-wrap justify-between gap-6">
          <BillTo billTo={invoice.billTo} />
          <dl className="grid min-w-56 gap-1 text-sm">
            <Fact label="Issued" value={format.day(invoice.issueDate)} />
            {!isCredit && <Fact label="Due" value={format.day(invoice.dueDate)} />}
            {period && <Fact label="Period" value={period} />}
            <Fact label="Currency" value={invoice.currency} />
            {Object.entries(invoice.exchangeRates).map(([c, rate]) => (
              <Fact key={c} label={`1 ${c}`} value={`${rate} ${invoice.currency}`} />
            ))}
          </dl>
        </div>
        {invoice.correctsId && (
          <p className="text-sm">
            Corrects{" "}
            <Link to={`/clients/invoices/${invoice.correctsId}`} className="underline">
              the original invoice
            </Link>
            {invoice.notes ? `: ${invoice.notes}` : ""}
          </p>
        )}
        <InvoiceLines invoice={invoice} fmt={fmt} isEditable={isEditable} />
        <Totals invoice={invoice} fmt={fmt} />
        {invoice.reverseCharge && (
          <p className="text-sm text-muted-foreground">
            Reverse charge: VAT is accounted for by the recipient.
          </p>
        )}
        {invoice.notes && !invoice.correctsId && (
          <p className="text-sm whitespace-pre-line text-muted-foreground">{invoice.notes}</p>
        )}
        {invoice.kind === "invoice" && invoice.seller.paymentInstructions && (
          <p
            className="text-sm whitespace-pre-line text-muted-foreground"
            data-testid="invoice-payment"
          >
            Payment: {invoice.seller.paymentInstructions}
          </p>
        )}
        {invoice.voidReason && (
          <p className="text-sm text-destructive">Void: {invoice.voidReason}</p>
        )}
      </CardContent>
    </Card>
  );
}
