import { type FormEvent, useState } from "react";
import { FormField } from "../../components/form-field.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog.tsx";
import { Input } from "../../components/ui/input.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { fieldError, formError } from "../../lib/form-errors.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { isRole, ROLE_LABELS } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";

type Rate = OperationOutput<"time.rates.list">[number];

function RateForm({ rate, onClose }: { rate: Rate; onClose: () => void }) {
  const { format } = useSession();
  const [hourly, setHourly] = useState(rate.hourlyRate ?? "");
  const [cost, setCost] = useState(rate.costRate ?? "");
  const [currency, setCurrency] = useState(rate.currency ?? format.currency);
  const save = useOperationMutation("time.rates.set");
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      {
        userId: rate.userId,
        hourlyRate: hourly.trim() || null,
        costRate: cost.trim() || null,
        currency: currency.trim().toUpperCase(),
      },
      { onSuccess: onClose },
    );
  };
  const error = (field: string) => fieldError(save.error, field);
  const top = formError(save.error, ["hourlyRate", "costRate", "currency"]);
  return (
    <>
      <DialogHeader>
        <DialogTitle>Rates of {rate.name}</DialogTitle>
        <DialogDescription>
          Time logged from now on uses these; entries already logged keep their rate. Without a
          billing rate, the project&apos;s rate applies.
        </DialogDescription>
      </DialogHeader>
      <form className="grid gap-4" onSubmit={onSubmit} noValidate aria-label="Rates">
        {top && <Alert variant="destructive">{top}</Alert>}
        <div className="grid gap-4 sm:grid-cols-3">
          <FormField id="rate-hourly" label="Billing rate / h" error={error("hourlyRate")}>
            <Input
              id="rate-hourly"
              inputMode="decimal"
              value={hourly}
              onChange={(e) => setHourly(e.target.value)}
              placeholder="e.g. 110"
            />
          </FormField>
          <FormField id="rate-cost" label="Cost rate / h" error={error("costRate")}>
            <Input
              id="rate-cost"
              inputMode="decimal"
              value={cost}
              onChange={(e) => setCost(e.target.value)}
              placeholder="e.g. 45"
            />
          </FormField>
          <FormField id="rate-currency" label="Currency" error={error("currency")}>
            <Input
              id="rate-currency"
              maxLength={3}
              value={currency}
              onChange={(e) => setCurrency(e.target.value)}
            />
          </FormField>
        </div>
        <DialogFooter>
          <Button type="button" variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={save.isPending}>
            Save rates
          </Button>
        </DialogFooter>
      </form>
    </>
  );
}

/** Admins set each person's billing rate (what clients pay) and cost rate (what an hour costs). */
export function RatesPage() {
  const { format } = useSession();
  const rates = useOperation("time.rates.list", {});
  const [editing, setEditing] = useState<Rate>();
  const money = (value: string | null, currency: string | null) =>
    value === null
      ? "–"
      : new Intl.NumberFormat(format.locale, {
          style: "currency",
          currency: currency ?? format.currency,
        }).format(Number(value));
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Member rates</CardTitle>
          <CardDescription>
            An entry is billed at the person&apos;s rate, else the project&apos;s, fixed when it is
            logged.
          </CardDescription>
        </div>
      </CardHeader>
      <QueryState query={rates}>
        {(rows) => (
          <Table data-testid="member-rates">
            <TableHeader>
              <TableRow>
                <TableHead>Person</TableHead>
                <TableHead>Role</TableHead>
                <TableHead className="text-right">Billing rate / h</TableHead>
                <TableHead className="text-right">Cost rate / h</TableHead>
                <TableHead />
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.userId}>
                  <TableCell>
                    <div className="font-medium">{r.name}</div>
                    <div className="text-xs text-muted-foreground">{r.email}</div>
                  </TableCell>
                  <TableCell>{isRole(r.role) ? ROLE_LABELS[r.role] : r.role}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    {money(r.hourlyRate, r.currency)}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">
                    {money(r.costRate, r.currency)}
                  </TableCell>
                  <TableCell className="text-right">
                    <Button variant="ghost" size="sm" onClick={() => setEditing(r)}>
                      Edit
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </QueryState>
      <Dialog open={!!editing} onOpenChange={(open) => !open && setEditing(undefined)}>
        <DialogContent className="max-w-lg">
          {editing && <RateForm rate={editing} onClose={() => setEditing(undefined)} />}
        </DialogContent>
      </Dialog>
    </Card>
  );
}
