import { RotateCcw, Search } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Button } from "../../../components/ui/button.tsx";
import { Input } from "../../../components/ui/input.tsx";
import { Label } from "../../../components/ui/label.tsx";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../../components/ui/select.tsx";
import { formText } from "../../../lib/form-errors.ts";

export interface AuditFilters {
  action?: string;
  actor?: string;
  outcome?: "ok" | "error";
  from?: string;
  to?: string;
}

/** A yyyy-mm-dd from a date input, as the start or end of that day in the viewer's time zone. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T${end ? "23:59:59.999" : "00:00:00"}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function AuditFiltersForm({ onApply }: { onApply: (filters: AuditFilters) => void }) {
  const [outcome, setOutcome] = useState("any");
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    onApply({
      action: formText(form, "action").trim() || undefined,
      actor: formText(form, "actor").trim() || undefined,
      outcome: outcome === "ok" || outcome === "error" ? outcome : undefined,
      from: dayBound(formText(form, "from"), false),
      to: dayBound(formText(form, "to"), true),
    });
  };
  const onReset = () => {
    setOutcome("any");
    onApply({});
  };
  return (
    <form
      onSubmit={onSubmit}
      onReset={onReset}
      aria-label="Filter audit log"
      className="grid gap-3 border-b px-6 py-4 sm:grid-cols-2 lg:grid-cols-3"
    >
      <div className="grid gap-1.5">
        <Label htmlFor="audit-action" className="text-xs text-muted-foreground">
          Action
        </Label>
        <Input id="audit-action" name="action" placeholder="e.g. tokens." className="font-mono" />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-actor" className="text-xs text-muted-foreground">
          Actor
        </Label>
        <Input id="audit-actor" name="actor" placeholder="Email or token name" />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-outcome" className="text-xs text-muted-foreground">
          Outcome
        </Label>
        <Select value={outcome} onValueChange={setOutcome}>
          <SelectTrigger id="audit-outcome">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="any">Any</SelectItem>
            <SelectItem value="ok">Succeeded</SelectItem>
            <SelectItem value="error">Failed</SelectItem>
          </SelectContent>
        </Select>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-from" className="text-xs text-muted-foreground">
          From
        </Label>
        <Input id="audit-from" name="from" type="date" />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-to" className="text-xs text-muted-foreground">
          To
        </Label>
        <Input id="audit-to" name="to" type="date" />
      </div>
      <div className="flex items-end gap-2">
        <Button type="submit" variant="secondary">
          <Search aria-hidden /> Apply
        </Button>
        <Button
          type="reset"
          variant="ghost"
          size="icon"
          aria-label="Clear filters"
          title="Clear filters"
        >
          <RotateCcw aria-hidden />
        </Button>
      </div>
    </form>
  );
}
