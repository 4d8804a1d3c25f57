import { Plus, X } from "lucide-react";
import { type FormEvent, useState } from "react";
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
import { Input } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import { ApiError, errorMessage } from "../../lib/api.ts";
import { fieldError } from "../../lib/form-errors.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { useSession } from "../../lib/session.tsx";
import { ContactsField, contactDrafts, contactsOf } from "./contacts-field.tsx";
import { orNull, TextField } from "./fields.tsx";
import type { Client } from "./invoice-format.ts";

interface ClientDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The client to edit; a new one when absent. */
  client?: Client;
  onSaved?: (id: string) => void;
}

/** Creates or edits a client's details (its pricing has its own editor). */
export function ClientDialog({ open, onOpenChange, client, onSaved }: ClientDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[90vh] max-w-2xl overflow-y-auto">
        {open && (
          <ClientForm client={client} onClose={() => onOpenChange(false)} onSaved={onSaved} />
        )}
      </DialogContent>
    </Dialog>
  );
}

const ADDRESS_FIELDS = ["line1", "line2", "city", "postalCode", "region", "country"] as const;
type AddressDraft = Record<(typeof ADDRESS_FIELDS)[number], string>;
const ADDRESS_LABELS: Record<keyof AddressDraft, string> = {
  line1: "Street",
  line2: "Address line 2",
  city: "City",
  postalCode: "Postal code",
  region: "Region",
  country: "Country (2 letters)",
};

function addressDraft(client?: Client): AddressDraft {
  const a = client?.billingAddress;
  return {
    line1: a?.line1 ?? "",
    line2: a?.line2 ?? "",
    city: a?.city ?? "",
    postalCode: a?.postalCode ?? "",
    region: a?.region ?? "",
    country: a?.country ?? "",
  };
}

/** The address to send: null when left empty, optional parts left out when blank. */
function addressOf(draft: AddressDraft) {
  if (ADDRESS_FIELDS.every((f) => draft[f].trim() === "")) return null;
  const optional = (v: string) => (v.trim() ? v.trim() : undefined);
  return {
    line1: draft.line1.trim(),
    line2: optional(draft.line2),
    city: draft.city.trim(),
    postalCode: optional(draft.postalCode),
    region: optional(draft.region),
    country: draft.country.trim(),
  };
}

function ClientForm({
  client,
  onClose,
  onSaved,
}: {
  client?: Client;
  onClose: () => void;
  onSaved?: (id: string) => void;
}) {
  const { format } = useSession();
  const [name, setName] = useState(client?.name ?? "");
  const [legalName, setLegalName] = useState(client?.legalName ?? "");
  const [allocationKey, setAllocationKey] = useState(client?.allocationKey ?? "");
  const [currency, setCurrency] = useState(client?.currency ?? format.currency);
  const [email, setEmail] = useState(client?.email ?? "");
  const [address, setAddress] = useState(addressDraft(client));
  const [taxIds, setTaxIds] = useState(client?.taxIds ?? []);
  const [contacts, setContacts] = useState(contactDrafts(client?.contacts));
  const [terms, setTerms] = useState(String(client?.paymentTermsDays ?? 30));
  const [taxRate, setTaxRate] = useState(client?.defaultTaxRate ?? "");
  const [reverseCharge, setReverseCharge] = useState(client?.reverseCharge ?? false);
  const [notes, setNotes] = useState(client?.notes ?? "");
  const create = useOperationMutation("clients.create");
  const update = useOperationMutation("clients.update");
  const saving = client ? update : create;
  const error = (field: string) => fieldError(saving.error, field);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const fields = {
      name: name.trim(),
      legalName: legalName.trim() || name.trim(),
      currency: currency.trim(),
      email: orNull(email),
      billingAddress: addressOf(address),
      taxIds: taxIds.map((t) => ({ type: t.type.trim(), value: t.value.trim() })),
      contacts: contactsOf(contacts),
      paymentTermsDays: Number.parseInt(terms, 10),
      defaultTaxRate: orNull(taxRate),
      reverseCharge,
      notes,
      ...(allocationKey.trim() ? { allocationKey: allocationKey.trim() } : {}),
    };
    const done = (saved: { id: string }) => {
      onSaved?.(saved.id);
      onClose();
    };
    if (client) update.mutate({ id: client.id, ...fields }, { onSuccess: done });
    else create.mutate(fields, { onSuccess: done });
  };

  // Errors the form shows under a field; anything else goes above the form.
  const shownUnder =
    saving.error instanceof ApiError &&
    !!saving.error.field &&
    /^(name|legalName|allocationKey|currency|email|billingAddress\.|taxIds\.|contacts\.|paymentTermsDays|defaultTaxRate|notes)/.test(
      saving.error.field,
    );
  const taxIdError = (i: number) =>
    fieldError(saving.error, `taxIds.${i}.type`) ?? fieldError(saving.error, `taxIds.${i}.value`);
  return (
    <>
      <DialogHeader>
        <DialogTitle>{client ? `Edit ${client.name}` : "New client"}</DialogTitle>
        <DialogDescription>
          Who you invoice: the legal name and address printed on invoices, the currency they pay in,
          their payment terms and tax.
        </DialogDescription>
      </DialogHeader>
      <form id="client-form" className="grid gap-4" onSubmit={onSubmit} noValidate>
        {saving.error && !shownUnder && (
          <Alert variant="destructive">{errorMessage(saving.error)}</Alert>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            id="client-name"
            label="Name"
            value={name}
            onChange={setName}
            error={error("name")}
          />
          <TextField
            id="client-legal-name"
            label="Legal name"
            value={legalName}
            onChange={setLegalName}
            placeholder={name || "As printed on invoices"}
            error={error("legalName")}
          />
          <TextField
            id="client-currency"
            label="Currency"
            value={currency}
            onChange={setCurrency}
            maxLength={3}
            error={error("currency")}
          />
          <TextField
            id="client-email"
            label="Billing email"
            type="email"
            value={email}
            onChange={setEmail}
            error={error("email")}
          />
          <TextField
            id="client-terms"
            label="Payment terms (days)"
            inputMode="numeric"
            value={terms}
            onChange={setTerms}
            error={error("paymentTermsDays")}
          />
          <TextField
            id="client-tax-rate"
            label="Tax rate %"
            inputMode="decimal"
            value={taxRate}
            onChange={setTaxRate}
            placeholder="Workspace default"
            error={error("defaultTaxRate")}
          />
        </div>
        <Label className="flex items-center gap-2 font-normal">
          <Checkbox
            checked={reverseCharge}
            onCheckedChange={(v) => setReverseCharge(v === true)}
            data-testid="client-reverse-charge"
          />
          Reverse charge (the client accounts for VAT; invoices carry the note)
        </Label>
        <fieldset className="grid gap-3">
          <legend className="mb-2 text-sm font-medium">Billing address</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            {ADDRESS_FIELDS.map((f) => (
              <TextField
                key={f}
                id={`client-address-${f}`}
                label={ADDRESS_LABELS[f]}
                value={address[f]}
                maxLength={f === "country" ? 2 : undefined}
                onChange={(v) => setAddress((a) => ({ ...a, [f]: v }))}
                error={
                  error(`billingAddress.${f}`) ??
                  (f === "line1" ? error("billingAddress") : undefined)
                }
              />
            ))}
          </div>
        </fieldset>
        <fieldset className="grid gap-2">
          <legend className="mb-2 text-sm font-medium">Tax ids</legend>
          {taxIds.map((t, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id until saved
            <div key={i} className="grid gap-1">
              <div className="flex gap-2">
                <Input
                  aria-label={`Tax id ${i + 1}: type`}
                  className="w-32"
                  placeholder="eu_vat"
                  value={t.type}
                  onChange={(e) =>
                    setTaxIds((all) =>
                      all.map((x, j) => (j === i ? { ...x, type: e.target.value } : x)),
                    )
                  }
                />
                <Input
                  aria-label={`Tax id ${i + 1}: number`}
                  placeholder="DE123456789"
                  value={t.value}
                  onChange={(e) =>
                    setTaxIds((all) =>
                      all.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)),
                    )
                  }
                />
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={`Remove tax id ${i + 1}`}
                  onClick={() => setTaxIds((all) => all.filter((_, j) => j !== i))}
                >
                  <X aria-hidden />
                </Button>
              </div>
              {taxIdError(i) && <p className="text-sm text-destructive">{taxIdError(i)}</p>}
            </div>
          ))}
          {taxIds.length < 5 && (
            <Button
              variant="outline"
              size="sm"
              className="w-fit"
              onClick={() => setTaxIds((all) => [...all, { type: "eu_vat", value: "" }])}
            >
              <Plus aria-hidden /> Add tax id
            </Button>
          )}
        </fieldset>
        <ContactsField
          contacts={contacts}
          onChange={setContacts}
          errorOf={(i) =>
            ["name", "email", "phone", "role"]
              .map((f) => fieldError(saving.error, `contacts.${i}.${f}`))
              .find(Boolean)
          }
        />
        <TextField
          id="client-allocation-key"
          label="Allocation key"
          value={allocationKey}
          onChange={setAllocationKey}
          placeholder="Made from the name"
          hint="The client name cost allocation rules use for this client (Costs → Allocation)."
          error={error("allocationKey")}
        />
        <TextField
          id="client-notes"
          label="Notes"
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
          form="client-form"
          loading={saving.isPending}
          data-testid="client-submit"
        >
          {client ? "Save client" : "Create client"}
        </Button>
      </DialogFooter>
    </>
  );
}
