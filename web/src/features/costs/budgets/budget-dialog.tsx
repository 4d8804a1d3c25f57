import { type FormEvent, useState } from "react";
import { describedBy, FormField } from "../../../components/form-field.tsx";
import { Alert } from "../../../components/ui/alert.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Checkbox } from "../../../components/ui/checkbox.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../../components/ui/dialog.tsx";
import { Input } from "../../../components/ui/input.tsx";
import { Label } from "../../../components/ui/label.tsx";
import { ApiError } from "../../../lib/api.ts";
import { fieldError, formError } from "../../../lib/form-errors.ts";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import { useSession } from "../../../lib/session.tsx";
import { type ExplorerFilters, toApiFilters } from "../explorer-state.ts";
import { FiltersBar } from "../filters-bar.tsx";
import { rangeOf } from "../period.ts";
import {
  type BudgetWithStatus,
  DEFAULT_THRESHOLDS,
  type Period,
  toExplorerFilters,
} from "./budget-format.ts";
import { BudgetSelect } from "./budget-select.tsx";
import { type ThresholdDraft, ThresholdsEditor } from "./thresholds-editor.tsx";
import { WebhookSecret } from "./webhook-secret.tsx";

type Metric = BudgetWithStatus["metric"];
const FIELDS = ["name", "period", "amount", "currency", "metric", "webhookUrl"];

interface BudgetDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The budget to edit; a new one when absent. */
  budget?: BudgetWithStatus;
  onSaved?: (id: string) => void;
}

function thresholdError(error: unknown) {
  if (!(error instanceof ApiError) || !error.field?.startsWith("thresholds.")) return undefined;
  const index = Number(error.field.split(".")[1] ?? 0);
  return { index, message: error.message.replace(/^[\w.]+: /, "") };
}

/** Creates or edits a budget; a new webhook's signing secret is shown here, once. */
export function BudgetDialog({ open, onOpenChange, budget, onSaved }: BudgetDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl">
        {open && (
          <BudgetForm budget={budget} onClose={() => onOpenChange(false)} onSaved={onSaved} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function BudgetForm({
  budget,
  onClose,
  onSaved,
}: {
  budget?: BudgetWithStatus;
  onClose: () => void;
  onSaved?: (id: string) => void;
}) {
  const { format } = useSession();
  const [name, setName] = useState(budget?.name ?? "");
  const [period, setPeriod] = useState<Period>(budget?.period ?? "monthly");
  const [amount, setAmount] = useState(budget?.amount ?? "");
  const [currency, setCurrency] = useState(budget?.currency ?? format.currency);
  const [metric, setMetric] = useState<Metric>(budget?.metric ?? "BilledCost");
  const [filters, setFilters] = useState<ExplorerFilters>(toExplorerFilters(budget?.filters));
  const [thresholds, setThresholds] = useState<ThresholdDraft[]>(
    (budget?.thresholds ?? DEFAULT_THRESHOLDS).map((t) => ({ ...t, percent: String(t.percent) })),
  );
  // The stored URL is never sent back whole (its path may be a credential): type a new one to
  // replace it, or tick "remove".
  const [webhookUrl, setWebhookUrl] = useState("");
  const [removeWebhook, setRemoveWebhook] = useState(false);
  const [enabled, setEnabled] = useState(budget?.enabled ?? true);
  const [rotate, setRotate] = useState(false);
  const range = rangeOf("90d");
  const dimensions = useOperation("costs.dimensions", range);
  const create = useOperationMutation("budgets.create");
  const update = useOperationMutation("budgets.update");
  const saving = budget ? update : create;
  const secret = saving.data?.webhookSecret;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // The tag filter's own dialog is a form too; its submit bubbles here through the portal.
    if (event.target !== event.currentTarget) return;
    const fields = {
      name: name.trim(),
      period,
      amount: amount.trim(),
      currency: currency.trim().toUpperCase(),
      metric,
      filters: toApiFilters(filters) ?? {},
      thresholds: thresholds.map((t) => ({ percent: Number(t.percent), basis: t.basis })),
    };
    const done = (saved: { id: string; webhookSecret: string | null }) => {
      onSaved?.(saved.id);
      if (!saved.webhookSecret) onClose();
    };
    if (budget) {
      update.mutate(
        {
          id: budget.id,
          ...fields,
          ...(removeWebhook
            ? { webhookUrl: null }
            : webhookUrl.trim()
              ? { webhookUrl: webhookUrl.trim() }
              : {}),
          enabled,
          ...(rotate ? { rotateWebhookSecret: true as const } : {}),
        },
        { onSuccess: done },
      );
    } else {
      create.mutate(
        { ...fields, ...(webhookUrl.trim() ? { webhookUrl: webhookUrl.trim() } : {}) },
        { onSuccess: done },
      );
    }
  };

  if (secret) {
    return (
      <>
        <DialogHeader>
          <DialogTitle>Budget saved</DialogTitle>
          <DialogDescription>Its webhook will be signed with this secret.</DialogDescription>
        </DialogHeader>
        <WebhookSecret secret={secret} />
        <DialogFooter>
          <Button onClick={onClose} data-testid="budget-secret-done">
            I have copied it
          </Button>
        </DialogFooter>
      </>
    );
  }

  const error = (field: string) => fieldError(saving.error, field);
  const filterError = saving.error instanceof ApiError && saving.error.field?.startsWith("filters");
  const topError = formError(saving.error, FIELDS) ?? undefined;
  const shownTop = thresholdError(saving.error) ? undefined : topError;
  return (
    <>
      <DialogHeader>
        <DialogTitle>{budget ? `Edit “${budget.name}”` : "New budget"}</DialogTitle>
        <DialogDescription>
          A limit per period on the costs you choose, with alerts on spend and on forecast.
        </DialogDescription>
      </DialogHeader>
      <form
        id="budget-form"
        className="grid gap-4"
        onSubmit={onSubmit}
        noValidate
        aria-label="Budget"
      >
        {shownTop && !filterError && <Alert variant="destructive">{shownTop}</Alert>}
        <FormField id="budget-name" label="Name" error={error("name")}>
          <Input
            id="budget-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
            placeholder="e.g. AWS production"
            aria-invalid={!!error("name")}
            aria-describedby={describedBy("budget-name", error("name"))}
            data-testid="budget-name"
          />
        </FormField>
        <div className="grid gap-4 sm:grid-cols-3">
          <FormField id="budget-amount" label="Amount" error={error("amount")}>
            <Input
              id="budget-amount"
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              placeholder="1500"
              aria-invalid={!!error("amount")}
              aria-describedby={describedBy("budget-amount", error("amount"))}
              data-testid="budget-amount"
            />
          </FormField>
          <FormField id="budget-currency" label="Currency" error={error("currency")}>
            <Input
              id="budget-currency"
              value={currency}
              maxLength={3}
              onChange={(e) => setCurrency(e.target.value)}
              aria-invalid={!!error("currency")}
              aria-describedby={describedBy("budget-currency", error("currency"))}
            />
          </FormField>
          <BudgetSelect
            id="budget-period"
            label="Period"
            value={period}
            onChange={(v) => setPeriod(v as Period)}
            options={[
              ["monthly", "Monthly"],
              ["quarterly", "Quarterly"],
              ["annual", "Annual"],
            ]}
          />
        </div>
        <BudgetSelect
          id="budget-metric"
          label="Cost metric"
          value={metric}
          onChange={(v) => setMetric(v as Metric)}
          options={[
            ["BilledCost", "BilledCost: what is invoiced"],
            ["EffectiveCost", "EffectiveCost: amortised commitments"],
          ]}
        />
        <div className="grid gap-2">
          <Label>Costs it counts</Label>
          <FiltersBar
            filters={filters}
            dimensions={dimensions.data}
            range={range}
            onChange={setFilters}
          />
          {filterError && <p className="text-sm text-destructive">{topError}</p>}
        </div>
        <ThresholdsEditor
          value={thresholds}
          onChange={setThresholds}
          error={thresholdError(saving.error)}
        />
        <FormField
          id="budget-webhook"
          label="Webhook URL (optional)"
          error={error("webhookUrl")}
          hint={
            budget?.webhookUrl
              ? `Now ${budget.webhookUrl} — type a URL to replace it, or leave empty to keep it.`
              : "Gets a signed JSON POST when a threshold is crossed. The signing secret is shown once."
          }
        >
          <Input
            id="budget-webhook"
            type="url"
            value={webhookUrl}
            onChange={(e) => setWebhookUrl(e.target.value)}
            placeholder="https://example.com/hooks/budgets"
            disabled={removeWebhook}
            aria-invalid={!!error("webhookUrl")}
            aria-describedby={describedBy("budget-webhook", error("webhookUrl"), true)}
          />
        </FormField>
        {budget && (
          <div className="grid gap-2">
            <Label className="flex items-center gap-2 font-normal">
              <Checkbox checked={enabled} onCheckedChange={(v) => setEnabled(v === true)} />
              Send alerts for this budget
            </Label>
            {budget.webhookUrl && (
              <Label className="flex items-center gap-2 font-normal">
                <Checkbox
                  checked={removeWebhook}
                  onCheckedChange={(v) => setRemoveWebhook(v === true)}
                />
                Remove the webhook
              </Label>
            )}
            {budget.webhookUrl && !removeWebhook && (
              <Label className="flex items-center gap-2 font-normal">
                <Checkbox checked={rotate} onCheckedChange={(v) => setRotate(v === true)} />
                Issue a new signing secret (the old one stops working)
              </Label>
            )}
          </div>
        )}
      </form>
      <DialogFooter>
        <Button variant="outline" onClick={onClose}>
          Cancel
        </Button>
        <Button
          type="submit"
          form="budget-form"
          loading={saving.isPending}
          data-testid="budget-submit"
        >
          {budget ? "Save budget" : "Create budget"}
        </Button>
      </DialogFooter>
    </>
  );
}
