import { type ChangeEvent, type FormEvent, useState } from "react";
import { QueryState } from "../../components/query-state.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../components/ui/card.tsx";
import { Input } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import { SkeletonRows } from "../../components/ui/skeleton.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { fieldError, formError } from "../../lib/form-errors.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { RequirePermission } from "../settings/settings-layout.tsx";
import { ChoiceField, orNull, TextField } from "./fields.tsx";

type Settings = OperationOutput<"invoicing.settings.get">;

const FIELDS = [
  "companyName",
  "address",
  "taxId",
  "email",
  "paymentInstructions",
  "footer",
  "logoBase64",
  "numberFormat",
  "nextNumber",
  "creditNoteFormat",
  "rounding",
  "taxRounding",
  "defaultTaxRate",
  ...["line1", "line2", "city", "postalCode", "region", "country"].map((f) => `address.${f}`),
];
const NUMBER_HINT = "Placeholders: {seq} or {seq:4} (the counter, once), {YYYY}, {YY}, {MM}.";

/** A PNG or JPEG file as base64 without the data: prefix. */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function SettingsForm({ settings }: { settings: Settings }) {
  const toast = useToast();
  const a = settings.address;
  const [s, setS] = useState({
    companyName: settings.companyName,
    line1: a?.line1 ?? "",
    line2: a?.line2 ?? "",
    city: a?.city ?? "",
    postalCode: a?.postalCode ?? "",
    region: a?.region ?? "",
    country: a?.country ?? "",
    taxId: settings.taxId ?? "",
    email: settings.email ?? "",
    paymentInstructions: settings.paymentInstructions,
    footer: settings.footer,
    numberFormat: settings.numberFormat,
    nextNumber: String(settings.nextNumber),
    creditNoteFormat: settings.creditNoteFormat,
    rounding: settings.rounding,
    taxRounding: settings.taxRounding,
    defaultTaxRate: settings.defaultTaxRate,
  });
  // undefined: leave the logo as it is; null: remove it; a string: the new one.
  const [logo, setLogo] = useState<string | null | undefined>(undefined);
  const [logoName, setLogoName] = useState("");
  const save = useOperationMutation("invoicing.settings.update");
  const set = (key: keyof typeof s) => (value: string) => setS((x) => ({ ...x, [key]: value }));
  const error = (field: string) => fieldError(save.error, field);

  const onLogo = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setLogoName(file.name);
    setLogo(await readBase64(file));
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const hasAddress = [s.line1, s.city, s.country].some((v) => v.trim());
    const optional = (v: string) => (v.trim() ? v.trim() : undefined);
    save.mutate(
      {
        companyName: s.companyName.trim(),
        address: hasAddress
          ? {
              line1: s.line1.trim(),
              line2: optional(s.line2),
              city: s.city.trim(),
              postalCode: optional(s.postalCode),
              region: optional(s.region),
              country: s.country.trim(),
            }
          : null,
        taxId: orNull(s.taxId),
        email: orNull(s.email),
        paymentInstructions: s.paymentInstructions.trim(),
        footer: s.footer.trim(),
        numberFormat: s.numberFormat.trim(),
        nextNumber: Number.parseInt(s.nextNumber, 10),
        creditNoteFormat: s.creditNoteFormat.trim(),
        rounding: s.rounding,
        taxRounding: s.taxRounding,
        defaultTaxRate: s.defaultTaxRate.trim(),
        ...(logo === undefined ? {} : { logoBase64: logo }),
      },
      {
        onSuccess: () => {
          setLogo(undefined);
          toast({ title: "Invoicing settings saved" });
        },
      },
    );
  };
  const top = formError(save.error, FIELDS);
  const hasLogo = logo === undefined ? settings.hasLogo : logo !== null;
  return (
    <form className="grid gap-6" onSubmit={onSubmit} noValidate aria-label="Invoicing settings">
      {top && <Alert variant="destructive">{top}</Alert>}
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Sender</CardTitle>
            <CardDescription>
              Printed at the top of every invoice; frozen on an invoice when it is issued.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <TextField
            id="settings-company"
            label="Company name"
            value={s.companyName}
            onChange={set("companyName")}
            error={error("companyName")}
          />
          <TextField
            id="settings-tax-id"
            label="Tax id"
            value={s.taxId}
            onChange={set("taxId")}
            error={error("taxId")}
          />
          <TextField
            id="settings-email"
            label="Billing email"
            type="email"
            value={s.email}
            onChange={set("email")}
            error={error("email")}
          />
          <TextField
            id="settings-line1"
            label="Street"
            value={s.line1}
            onChange={set("line1")}
            error={error("address.line1") ?? error("address")}
          />
          <TextField
            id="settings-line2"
            label="Address line 2"
            value={s.line2}
            onChange={set("line2")}
            error={error("address.line2")}
          />
          <TextField
            id="settings-city"
            label="City"
            value={s.city}
            onChange={set("city")}
            error={error("address.city")}
          />
          <TextField
            id="settings-postal"
            label="Postal code"
            value={s.postalCode}
            onChange={set("postalCode")}
            error={error("address.postalCode")}
          />
          <TextField
            id="settings-region"
            label="Region"
            value={s.region}
            onChange={set("region")}
            error={error("address.region")}
          />
          <TextField
            id="settings-country"
            label="Country (2 letters)"
            maxLength={2}
            value={s.country}
            onChange={set("country")}
            error={error("address.country")}
          />
          <div className="grid gap-2 sm:col-span-2">
            <Label htmlFor="settings-logo">Logo (PNG or JPEG, up to 256 KiB)</Label>
            <div className="flex flex-wrap items-center gap-3">
              <Input
                id="settings-logo"
                type="file"
                accept="image/png,image/jpeg"
                className="max-w-xs"
                onChange={onLogo}
                aria-invalid={!!error("logoBase64")}
              />
              <span className="text-sm text-muted-foreground">
                {logo
                  ? `${logoName}, saved with the settings`
                  : hasLogo
                    ? "A logo is set"
                    : "No logo"}
              </span>
              {hasLogo && (
                <Button variant="ghost" size="sm" onClick={() => setLogo(null)}>
                  Remove logo
                </Button>
              )}
            </div>
            {error("logoBase64") && (
              <p className="text-sm text-destructive">{error("logoBase64")}</p>
            )}
          </div>
          <div className="sm:col-span-2">
            <TextField
              id="settings-instructions"
              label="Payment instructions"
              isMultiline
              value={s.paymentInstructions}
              onChange={set("paymentInstructions")}
              error={error("paymentInstructions")}
            />
          </div>
          <div className="sm:col-span-2">
            <TextField
              id="settings-footer"
              label="Footer"
              value={s.footer}
              onChange={set("footer")}
              error={error("footer")}
            />
          </div>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Numbers, rounding and tax</CardTitle>
            <CardDescription>
              Numbers are gapless and never reused; rounding applies to drafts made afterwards.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <TextField
            id="settings-number-format"
            label="Invoice number format"
            value={s.numberFormat}
            onChange={set("numberFormat")}
            hint={NUMBER_HINT}
            error={error("numberFormat")}
          />
          <TextField
            id="settings-next-number"
            label="Next invoice number"
            inputMode="numeric"
            value={s.nextNumber}
            onChange={set("nextNumber")}
            hint="Can only move forward."
            error={error("nextNumber")}
          />
          <TextField
            id="settings-credit-format"
            label="Credit note number format"
            value={s.creditNoteFormat}
            onChange={set("creditNoteFormat")}
            hint={`Next: ${settings.nextCreditNumber}`}
            error={error("creditNoteFormat")}
          />
          <TextField
            id="settings-tax-rate"
            label="Default tax rate %"
            inputMode="decimal"
            value={s.defaultTaxRate}
            onChange={set("defaultTaxRate")}
            hint="For clients without their own rate."
            error={error("defaultTaxRate")}
          />
          <ChoiceField
            id="settings-rounding"
            label="Rounding"
            value={s.rounding}
            onChange={set("rounding")}
            options={[
              ["half-up", "Half up (0.005 → 0.01)"],
              ["half-even", "Half even (banker's)"],
            ]}
            error={error("rounding")}
          />
          <ChoiceField
            id="settings-tax-rounding"
            label="Tax rounding"
            value={s.taxRounding}
            onChange={set("taxRounding")}
            options={[
              ["per-rate", "Per tax rate, on the total of its lines"],
              ["per-line", "Per line, then added up"],
            ]}
            error={error("taxRounding")}
          />
        </CardContent>
      </Card>
      <Button type="submit" className="w-fit" loading={save.isPending} data-testid="settings-save">
        Save settings
      </Button>
    </form>
  );
}

/** Who invoices come from, how they are numbered and rounded (admins). */
export function InvoicingSettingsPage() {
  return (
    <RequirePermission permission="invoices:issue">
      <SettingsLoader />
    </RequirePermission>
  );
}

function SettingsLoader() {
  const settings = useOperation("invoicing.settings.get", {});
  return (
    <QueryState query={settings} loading={<SkeletonRows rows={8} label="Loading settings" />}>
      {(data) => <SettingsForm key={JSON.stringify(data)} settings={data} />}
    </QueryState>
  );
}
