import { Plus, X } from "lucide-react";
import { type FormEvent, useMemo, useState } from "react";
import { useNavigate } from "react-router";
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
import { Input } from "../../components/ui/input.tsx";
import { fieldError, formError } from "../../lib/form-errors.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { useSession } from "../../lib/session.tsx";
import { ChoiceField, TextField } from "./fields.tsx";
import { addMonths, monthName, thisMonth } from "./invoice-format.ts";

interface DraftDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Draft for this client; a choice of clients when absent. */
  clientId?: string;
}

/** Drafts a client's invoice for whole months, then opens it for review. */
export function DraftDialog({ open, onOpenChange, clientId }: DraftDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-lg">
        {open && <DraftForm clientId={clientId} onClose={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}

type Rate = { currency: string; rate: string };

/** Currencies the server's message names that are not the client's own. */
function currenciesIn(message: string, own: string | undefined): string[] {
  const codes = message.match(/\b[A-Z]{3}\b/g) ?? [];
  return [...new Set(codes)].filter((c) => c !== own);
}

const FIELDS = ["clientId", "periodStart", "periodEnd", "exchangeRates", "notes"];

function DraftForm({ clientId: fixedClient, onClose }: { clientId?: string; onClose: () => void }) {
  const { format } = useSession();
  const navigate = useNavigate();
  const clients = useOperation("clients.list", { includeArchived: false });
  const [clientId, setClientId] = useState(fixedClient ?? "");
  const lastMonth = addMonths(thisMonth(), -1);
  const [from, setFrom] = useState(lastMonth);
  const [to, setTo] = useState(lastMonth);
  const [rates, setRates] = useState<Rate[]>([]);
  const [notes, setNotes] = useState("");
  const draft = useOperationMutation("invoices.draft");
  const client = clients.data?.find((c) => c.id === clientId);
  const months = useMemo(
    () =>
      Array.from({ length: 24 }, (_, i) => addMonths(thisMonth(), -i)).map(
        (m) => [m, monthName(m, format.locale)] as const,
      ),
    [format.locale],
  );
  const error = (field: string) => fieldError(draft.error, field);
  const rateError = error("exchangeRates");

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const exchangeRates = Object.fromEntries(
      rates
        .filter((r) => r.currency.trim() && r.rate.trim())
        .map((r) => [r.currency.trim().toUpperCase(), r.rate.trim()]),
    );
    draft.mutate(
      {
        clientId,
        periodStart: from,
        periodEnd: addMonths(to, 1),
        exchangeRates,
        notes: notes.trim(),
      },
      {
        onSuccess: (invoice) => {
          onClose();
          navigate(`/clients/invoices/${invoice.id}`);
        },
        onError: (e) => {
          // The server names the currencies it has no rate for: offer a row for each.
          if (fieldError(e, "exchangeRates")) {
            const missing = currenciesIn(e.message, client?.currency).filter(
              (c) => !rates.some((r) => r.currency.toUpperCase() === c),
            );
            setRates((all) => [...all, ...missing.map((c) => ({ currency: c, rate: "" }))]);
          }
        },
      },
    );
  };

  const top = formError(draft.error, FIELDS);
  return (
    <>
      <DialogHeader>
        <DialogTitle>Draft invoice</DialogTitle>
        <DialogDescription>
          From the cloud cost allocated to the client, its billable hours and its fixed fees, priced
          by its plan. You can review and edit the lines before issuing it.
        </DialogDescription>
      </DialogHeader>
      <form id="draft-form" className="grid gap-4" onSubmit={onSubmit} noValidate>
        {top && (
          <Alert variant="destructive" data-testid="draft-error">
            {top}
          </Alert>
        )}
        {!fixedClient && (
          <ChoiceField
            id="draft-client"
            label="Client"
            value={clientId}
            onChange={setClientId}
            placeholder={clients.isPending ? "Loading clients…" : "Choose a client"}
            options={(clients.data ?? []).map((c) => [c.id, `${c.name} (${c.currency})`] as const)}
            error={error("clientId")}
          />
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <ChoiceField
            id="draft-from"
            label="From month"
            value={from}
            onChange={(v) => {
              setFrom(v);
              if (to < v) setTo(v);
            }}
            options={months}
            error={error("periodStart")}
          />
          <ChoiceField
            id="draft-to"
            label="To month (included)"
            value={to}
            onChange={setTo}
            options={months.filter(([m]) => m >= from)}
            error={error("periodEnd")}
          />
        </div>
        {(rates.length > 0 || rateError) && (
          <fieldset
            className="grid gap-2"
            aria-describedby={rateError ? "draft-rates-error" : undefined}
          >
            <legend className="mb-2 text-sm font-medium">Exchange rates</legend>
            {rates.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows without ids
              <div key={i} className="flex items-center gap-2">
                <Input
                  aria-label={`Rate ${i + 1}: currency`}
                  className="w-24"
                  maxLength={3}
                  value={r.currency}
                  onChange={(e) =>
                    setRates((all) =>
                      all.map((x, j) => (j === i ? { ...x, currency: e.target.value } : x)),
                    )
                  }
                />
                <span className="text-sm whitespace-nowrap text-muted-foreground">
                  1 {r.currency || "…"} =
                </span>
                <Input
                  aria-label={`Rate for ${r.currency || `row ${i + 1}`}`}
                  inputMode="decimal"
                  placeholder="0.92"
                  value={r.rate}
                  data-testid={`draft-rate-${r.currency}`}
                  onChange={(e) =>
                    setRates((all) =>
                      all.map((x, j) => (j === i ? { ...x, rate: e.target.value } : x)),
                    )
                  }
                />
                <span className="text-sm text-muted-foreground">{client?.currency}</span>
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={`Remove rate ${i + 1}`}
                  onClick={() => setRates((all) => all.filter((_, j) => j !== i))}
                >
                  <X aria-hidden />
                </Button>
              </div>
            ))}
            {rateError && (
              <p
                id="draft-rates-error"
                className="text-sm text-destructive"
                data-testid="draft-rates-error"
              >
                {rateError}
              </p>
            )}
          </fieldset>
        )}
        {rates.length === 0 && !rateError && (
          <Button
            variant="link"
            size="sm"
            className="w-fit px-0 text-muted-foreground"
            onClick={() => setRates([{ currency: "", rate: "" }])}
          >
            <Plus aria-hidden /> Add an exchange rate
          </Button>
        )}
        <TextField
          id="draft-notes"
          label="Notes on the invoice"
          value={notes}
          onChange={setNotes}
          isMultiline
          error={error("notes")}
        />
      </form>
      <DialogFooter>
        <Button variant="outline" onClick={onClose}>
          Cancel
        </Button>
        <Button
          type="submit"
          form="draft-form"
          loading={draft.isPending}
          disabled={!clientId}
          data-testid="draft-submit"
        >
          Draft invoice
        </Button>
      </DialogFooter>
    </>
  );
}
