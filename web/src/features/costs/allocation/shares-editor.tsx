import { CircleCheck, Plus, TriangleAlert, X } from "lucide-react";
import { Button } from "../../../components/ui/button.tsx";
import { Input } from "../../../components/ui/input.tsx";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../../components/ui/select.tsx";
import { cn } from "../../../lib/utils.ts";
import {
  isWholeSplit,
  KIND_LABELS,
  type Share,
  sumOfShares,
  type TargetKind,
} from "./allocation-rules.ts";

interface SharesEditorProps {
  shares: Share[];
  onChange: (shares: Share[]) => void;
  /** Names seen in the cost data (the client and project tags), offered as you type. */
  suggestions: Record<TargetKind, string[]>;
}

const MAX_SHARES = 20;

/** Who gets the matched cost: client or project, its name and a percentage; adds up live. */
export function SharesEditor({ shares, onChange, suggestions }: SharesEditorProps) {
  const sum = sumOfShares(shares);
  const isWhole = isWholeSplit(shares);
  const patch = (index: number, change: Partial<Share>) =>
    onChange(shares.map((s, i) => (i === index ? { ...s, ...change } : s)));
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-2 text-sm font-medium">Shares</legend>
      {shares.map((share, i) => (
        // Rows have no identity of their own; the index is stable while one is edited.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <div key={i} className="flex items-center gap-2" data-testid="allocation-share">
          <Select
            value={share.kind}
            onValueChange={(kind) => patch(i, { kind: kind as TargetKind })}
          >
            <SelectTrigger className="w-28 shrink-0" aria-label={`Share ${i + 1}: kind`}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {(["client", "project"] as const).map((k) => (
                <SelectItem key={k} value={k}>
                  {KIND_LABELS[k]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          <Input
            aria-label={`Share ${i + 1}: ${share.kind} name`}
            list={`allocation-${share.kind}-names`}
            value={share.key}
            placeholder={share.kind === "client" ? "e.g. acme" : "e.g. storefront"}
            autoComplete="off"
            onChange={(e) => patch(i, { key: e.target.value })}
          />
          <div className="relative w-28 shrink-0">
            <Input
              aria-label={`Share ${i + 1}: percent`}
              inputMode="decimal"
              value={share.percent}
              className="pr-7 text-right tabular-nums"
              onChange={(e) => patch(i, { percent: e.target.value.trim() })}
            />
            <span className="pointer-events-none absolute top-1/2 right-3 -translate-y-1/2 text-sm text-muted-foreground">
              %
            </span>
          </div>
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label={`Remove share ${i + 1}`}
            disabled={shares.length === 1}
            onClick={() => onChange(shares.filter((_, j) => j !== i))}
          >
            <X aria-hidden />
          </Button>
        </div>
      ))}
      {(["client", "project"] as const).map((k) => (
        <datalist key={k} id={`allocation-${k}-names`}>
          {suggestions[k].map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      ))}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Button
          variant="outline"
          size="sm"
          disabled={shares.length >= MAX_SHARES}
          onClick={() => onChange([...shares, { kind: "client", key: "", percent: "" }])}
        >
          <Plus aria-hidden /> Add share
        </Button>
        <p
          className={cn(
            "inline-flex items-center gap-1.5 text-sm tabular-nums",
            isWhole ? "text-success" : "text-warning",
          )}
          aria-live="polite"
          data-testid="allocation-shares-sum"
        >
          {isWhole ? (
            <CircleCheck className="size-4" aria-hidden />
          ) : (
            <TriangleAlert className="size-4" aria-hidden />
          )}
          Adds up to {sum} %{isWhole ? "" : " — shares must add up to 100 %"}
        </p>
      </div>
    </fieldset>
  );
}
