import { X } from "lucide-react";
import { type FormEvent, useState } from "react";
import {
  matches,
  type SilenceMatcher,
} from "../../../../server/modules/observability/alerts/silence-match.ts";
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
import { Label } from "../../components/ui/label.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperationMutation } from "../../lib/operations.ts";

export type Matcher = SilenceMatcher;

/** Labels every alert of a rule carries: the rule's own, not what tells its alerts apart. */
const RULE_LABELS = new Set(["severity", "ruleKind"]);

/** The matchers a silence of this alert starts from: its rule's name and what sets it apart. */
export function matchersOf(labels: Record<string, string>): Matcher[] {
  return Object.entries(labels)
    .filter(([label]) => !RULE_LABELS.has(label))
    .map(([label, value]) => ({ label, value, isEqual: true }));
}

const DURATIONS = [
  { label: "1 hour", ms: 3_600_000 },
  { label: "4 hours", ms: 4 * 3_600_000 },
  { label: "12 hours", ms: 12 * 3_600_000 },
  { label: "1 day", ms: 86_400_000 },
  { label: "1 week", ms: 7 * 86_400_000 },
];

const select = "h-9 rounded-md border bg-background px-2 text-sm";

/**
 * Mutes notifications of alerts whose labels match, for a while: from an alert (its labels as
 * the starting matchers) or from scratch. Shows how many of the open alerts it would cover
 * before it is saved.
 */
export function SilenceDialog({
  initial,
  replacing,
  openAlerts,
  onClose,
}: {
  /** The starting matchers; the dialog is open while this is set. */
  initial: Matcher[] | null;
  /** A silence being edited: saving ends it and starts this one in its place. */
  replacing?: { id: string; comment: string } | null;
  openAlerts: { labels: Record<string, string> }[];
  onClose: () => void;
}) {
  return (
    <Dialog open={initial !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-2xl">
        {initial && (
          <SilenceForm
            initial={initial}
            replacing={replacing ?? null}
            openAlerts={openAlerts}
            onDone={onClose}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}

function SilenceForm({
  initial,
  replacing,
  openAlerts,
  onDone,
}: {
  initial: Matcher[];
  replacing: { id: string; comment: string } | null;
  openAlerts: { labels: Record<string, string> }[];
  onDone: () => void;
}) {
  const [matchers, setMatchers] = useState<Matcher[]>(
    initial.length > 0 ? initial : [{ label: "", value: "", isEqual: true }],
  );
  const [duration, setDuration] = useState(DURATIONS[0]!.ms);
  const [comment, setComment] = useState(replacing?.comment ?? "");
  const create = useOperationMutation("alerts.silences.create", { onSuccess: onDone });
  const complete = matchers.filter((m) => m.label.trim() !== "");
  const covered = openAlerts.filter((a) => matches(complete, a.labels)).length;
  const change = (index: number, patch: Partial<Matcher>) =>
    setMatchers(matchers.map((m, i) => (i === index ? { ...m, ...patch } : m)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      matchers: complete.map((m) => ({ ...m, label: m.label.trim() })),
      endsAt: new Date(Date.now() + duration).toISOString(),
      comment,
      ...(replacing ? { replaces: replacing.id } : {}),
    });
  };
  return (
    <form onSubmit={submit} className="grid gap-4" aria-label="New silence">
      <DialogHeader>
        <DialogTitle>{replacing ? "Edit the silence" : "Silence notifications"}</DialogTitle>
        <DialogDescription>
          Alerts whose labels match every line still fire and show here, but nobody is notified and
          no automation starts until the silence ends.
        </DialogDescription>
      </DialogHeader>
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">Matchers</legend>
        {matchers.map((m, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
          <div key={i} className="grid grid-cols-[1fr_4.5rem_1.5fr_auto] items-center gap-2">
            <Input
              aria-label={`Label ${i + 1}`}
              value={m.label}
              onChange={(e) => change(i, { label: e.target.value })}
              placeholder="service"
            />
            <select
              aria-label={`Operator ${i + 1}`}
              className={select}
              value={m.isEqual ? "=" : "!="}
              onChange={(e) => change(i, { isEqual: e.target.value === "=" })}
            >
              <option value="=">=</option>
              <option value="!=">!=</option>
            </select>
            <Input
              aria-label={`Value ${i + 1}`}
              value={m.value}
              onChange={(e) => change(i, { value: e.target.value })}
            />
            <Button
              type="button"
              size="sm"
              variant="ghost"
              aria-label={`Remove matcher ${i + 1}`}
              disabled={matchers.length === 1}
              onClick={() => setMatchers(matchers.filter((_, j) => j !== i))}
            >
              <X className="size-4" aria-hidden />
            </Button>
          </div>
        ))}
        <div>
          <Button
            type="button"
            size="sm"
            variant="outline"
            onClick={() => setMatchers([...matchers, { label: "", value: "", isEqual: true }])}
          >
            Add matcher
          </Button>
        </div>
        <p className="text-xs text-muted-foreground" data-testid="silence-covers">
          Covers {covered} of the {openAlerts.length} open alerts.
        </p>
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
        <div className="grid gap-2">
          <Label htmlFor="silence-duration">For</Label>
          <select
            id="silence-duration"
            className={select}
            value={duration}
            onChange={(e) => setDuration(Number(e.target.value))}
          >
            {DURATIONS.map((d) => (
              <option key={d.ms} value={d.ms}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-2">
          <Label htmlFor="silence-comment">Why</Label>
          <Input
            id="silence-comment"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder="Planned maintenance of the storefront"
            required
          />
        </div>
      </div>
      {create.error && <Alert variant="destructive">{errorMessage(create.error)}</Alert>}
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={create.isPending} disabled={complete.length === 0}>
          Silence
        </Button>
      </DialogFooter>
    </form>
  );
}
