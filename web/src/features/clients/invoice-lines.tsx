import { ChevronDown, ChevronRight, Plus, Trash2 } from "lucide-react";
import { Fragment, useState } from "react";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Input } from "../../components/ui/input.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useSession } from "../../lib/session.tsx";
import type { MoneyFormat } from "../costs/money.ts";
import type { InvoiceDetail, InvoiceLine } from "./invoice-format.ts";
import { LineDetail } from "./line-detail.tsx";
import { useInvoiceMutation } from "./use-invoice-mutation.ts";

type Editable = "description" | "quantity" | "unitPrice" | "discountPercent" | "taxRate";

/** One value of a draft's line, saved when the field loses focus with a changed value. */
function LineInput(props: {
  line: InvoiceLine;
  field: Editable;
  label: string;
  className?: string;
  onSave: (field: Editable, value: string) => void;
}) {
  const current = props.line[props.field] ?? "";
  const [value, setValue] = useState(current);
  return (
    <Input
      aria-label={`${props.label}, line ${props.line.position + 1}`}
      className={props.className}
      inputMode={props.field === "description" ? undefined : "decimal"}
      value={value}
      data-testid={`line-${props.field}`}
      onChange={(e) => setValue(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter") e.currentTarget.blur();
        if (e.key === "Escape") setValue(current);
      }}
      onBlur={() => {
        if (value.trim() !== current) props.onSave(props.field, value.trim());
      }}
    />
  );
}

function AddLine({ invoice, taxRate }: { invoice: InvoiceDetail; taxRate: string }) {
  const add = useInvoiceMutation("invoices.lines.add", invoice.id);
  const [line, setLine] = useState({ description: "", quantity: "1", unitPrice: "", taxRate });
  const set = (k: keyof typeof line) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setLine((l) => ({ ...l, [k]: e.target.value }));
  const submit = () =>
    add.mutate(
      {
        invoiceId: invoice.id,
        kind: "fixed",
        description: line.description.trim(),
        quantity: line.quantity.trim(),
        unitPrice: line.unitPrice.trim(),
        taxRate: line.taxRate.trim(),
        unit: null,
        discountPercent: null,
      },
      { onSuccess: () => setLine({ description: "", quantity: "1", unitPrice: "", taxRate }) },
    );
  return (
    <TableRow className="hover:bg-transparent">
      <TableCell />
      <TableCell>
        <Input
          aria-label="New line: description"
          placeholder="Add a line…"
          value={line.description}
          onChange={set("description")}
          data-testid="new-line-description"
        />
        {add.error && <p className="mt-1 text-sm text-destructive">{errorMessage(add.error)}</p>}
      </TableCell>
      <TableCell>
        <Input
          aria-label="New line: quantity"
          inputMode="decimal"
          className="w-20 text-right"
          value={line.quantity}
          onChange={set("quantity")}
        />
      </TableCell>
      <TableCell>
        <Input
          aria-label="New line: unit price"
          inputMode="decimal"
          className="w-28 text-right"
          value={line.unitPrice}
          onChange={set("unitPrice")}
          data-testid="new-line-price"
        />
      </TableCell>
      <TableCell />
      <TableCell>
        <Input
          aria-label="New line: tax rate"
          inputMode="decimal"
          className="w-20 text-right"
          value={line.taxRate}
          onChange={set("taxRate")}
        />
      </TableCell>
      <TableCell className="text-right" colSpan={2}>
        <Button
          size="sm"
          variant="outline"
          onClick={submit}
          loading={add.isPending}
          disabled={!line.description.trim()}
          data-testid="add-line"
        >
          <Plus aria-hidden /> Add
        </Button>
      </TableCell>
    </TableRow>
  );
}

/** The invoice's lines; a draft's are edited in place and re-priced by the server. */
export function InvoiceLines({
  invoice,
  fmt,
  isEditable,
}: {
  invoice: InvoiceDetail;
  fmt: MoneyFormat;
  isEditable: boolean;
}) {
  const { format } = useSession();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const update = useInvoiceMutation("invoices.lines.update", invoice.id);
  const remove = useInvoiceMutation("invoices.lines.remove", invoice.id);
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const save = (line: InvoiceLine) => (field: Editable, value: string) =>
    update.mutate({
      id: line.id,
      [field]: field === "discountPercent" && value === "" ? null : value,
    });
  const failure = update.error ?? remove.error;
  return (
    <div className="grid gap-2">
      {failure && <Alert variant="destructive">{errorMessage(failure)}</Alert>}
      <Table aria-label="Invoice lines" data-testid="invoice-lines">
        <TableHeader>
          <TableRow>
            <TableHead className="w-8">
              <span className="sr-only">Detail</span>
            </TableHead>
            <TableHead>Description</TableHead>
            <TableHead className="text-right">Qty</TableHead>
            <TableHead className="text-right">Unit price</TableHead>
            <TableHead className="text-right">Discount</TableHead>
            <TableHead className="text-right">Tax</TableHead>
            <TableHead className="text-right">Net</TableHead>
            {isEditable && (
              <TableHead>
                <span className="sr-only">Remove</span>
              </TableHead>
            )}
          </TableRow>
        </TableHeader>
        <TableBody>
          {invoice.lines.map((line) => {
            const isOpen = open.has(line.id);
            // The key includes the values, so inputs start over from what the server priced.
            const editKey = `${line.id}:${line.description}:${line.quantity}:${line.unitPrice}:${line.discountPercent}:${line.taxRate}`;
            return (
              <Fragment key={line.id}>
                <TableRow data-testid="invoice-line">
                  <TableCell>
                    <Button
                      variant="ghost"
                      size="icon-sm"
                      aria-expanded={isOpen}
                      aria-label={`Detail of line ${line.position + 1}`}
                      onClick={() => toggle(line.id)}
                    >
                      {isOpen ? <ChevronDown aria-hidden /> : <ChevronRight aria-hidden />}
                    </Button>
                  </TableCell>
                  {isEditable ? (
                    <Fragment key={editKey}>
                      <TableCell className="min-w-56">
                        <LineInput
                          line={line}
                          field="description"
                          label="Description"
                          onSave={save(line)}
                        />
                      </TableCell>
                      <TableCell>
                        <LineInput
                          line={line}
                          field="quantity"
                          label="Quantity"
                          className="w-20 text-right"
                          onSave={save(line)}
                        />
                      </TableCell>
                      <TableCell>
                        <LineInput
                          line={line}
                          field="unitPrice"
                          label="Unit price"
                          className="w-28 text-right"
                          onSave={save(line)}
                        />
                      </TableCell>
                      <TableCell>
                        <LineInput
                          line={line}
                          field="discountPercent"
                          label="Discount %"
                          className="w-20 text-right"
                          onSave={save(line)}
                        />
                      </TableCell>
                      <TableCell>
                        <LineInput
                          line={line}
                          field="taxRate"
                          label="Tax rate %"
                          className="w-20 text-right"
                          onSave={save(line)}
                        />
                      </TableCell>
                    </Fragment>
                  ) : (
                    <>
                      <TableCell>{line.description}</TableCell>
                      <TableCell className="text-right tabular-nums whitespace-nowrap">
                        {line.quantity}
                        {line.unit ? ` ${line.unit}` : ""}
                      </TableCell>
                      <TableCell className="text-right tabular-nums">
                        {fmt.price(line.unitPrice)}
                      </TableCell>
                      <TableCell className="text-right tabular-nums">
                        {line.discountPercent ? `${line.discountPercent} %` : "—"}
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{line.taxRate} %</TableCell>
                    </>
                  )}
                  <TableCell className="text-right font-medium tabular-nums" data-testid="line-net">
                    {fmt.money(line.net)}
                  </TableCell>
                  {isEditable && (
                    <TableCell>
                      <Button
                        variant="danger"
                        size="icon-sm"
                        aria-label={`Remove line ${line.position + 1}`}
                        onClick={() => remove.mutate({ id: line.id })}
                      >
                        <Trash2 aria-hidden />
                      </Button>
                    </TableCell>
                  )}
                </TableRow>
                {isOpen && (
                  <TableRow className="bg-muted/30 hover:bg-muted/30">
                    <TableCell />
                    <TableCell colSpan={isEditable ? 7 : 6}>
                      <LineDetail line={line} fmt={fmt} locale={format.locale} />
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            );
          })}
          {isEditable && <AddLine invoice={invoice} taxRate={invoice.lines[0]?.taxRate ?? "0"} />}
        </TableBody>
      </Table>
    </div>
  );
}
