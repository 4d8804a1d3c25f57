import { ExternalLink } from "lucide-react";
import { Link } from "react-router";
import { Badge } from "../../../components/ui/badge.tsx";
import type { OperationOutput } from "../../../lib/api.ts";
import { serializeExplorerState } from "../explorer-state.ts";
import { type MoneyFormat, toScaled } from "../money.ts";
import type { Range } from "../period.ts";

type Savings = OperationOutput<"costs.savings">;
export type Advice = Savings["items"][number];

const KIND_LABELS: Record<Advice["kind"], string> = {
  "unused-commitment": "Unused commitment",
  "commitment-coverage": "Commitment coverage",
  spot: "Spot capacity",
  idle: "Idle VM",
  rightsizing: "Right-sizing",
  unattached: "Unattached volume",
};

const CONFIDENCE_VARIANT = {
  high: "success",
  medium: "warning",
  low: "outline",
} as const satisfies Record<Advice["confidence"], string>;

/** Largest saving first, compared exactly. */
export function byMonthlySaving(items: Advice[]): Advice[] {
  return [...items].sort((a, b) => {
    const diff = toScaled(b.monthlySaving) - toScaled(a.monthlySaving);
    return diff > 0n ? 1 : diff < 0n ? -1 : 0;
  });
}

/** The explorer narrowed to one resource over the same window, in EffectiveCost as advised. */
export function explorerLinkOf(resourceId: string, range: Range, currency: string | null): string {
  const params = serializeExplorerState({
    preset: "custom",
    range,
    groupBy: "ServiceName",
    metric: "EffectiveCost",
    currency: currency ?? undefined,
    filters: { columns: { ResourceId: [resourceId] }, tags: {} },
  });
  return `/costs?${params}`;
}

interface AdviceListProps {
  items: Advice[];
  range: Range;
  currency: string | null;
  fmt: MoneyFormat;
}

/** Each piece of advice: what to do, what it concerns, what it would save and on what basis. */
export function AdviceList({ items, range, currency, fmt }: AdviceListProps) {
  return (
    <ul className="divide-y" aria-label="Savings advice" data-testid="savings-advice">
      {byMonthlySaving(items).map((item) => (
        <li
          key={`${item.kind}:${item.inventoryId ?? item.resourceId ?? item.commitmentId ?? item.title}`}
          className="flex flex-col gap-3 px-6 py-4 sm:flex-row sm:items-start"
        >
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2">
              <Badge variant="secondary">{KIND_LABELS[item.kind]}</Badge>
              <p className="font-medium">{item.title}</p>
            </div>
            <p className="mt-1 text-sm text-muted-foreground">{item.detail}</p>
            <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs">
              {item.resourceId && (
                <div className="flex min-w-0 gap-1">
                  <dt className="text-muted-foreground">Resource</dt>
                  <dd className="min-w-0 truncate">
                    <Link
                      to={explorerLinkOf(item.resourceId, range, currency)}
                      className="inline-flex items-center gap-1 font-mono hover:underline"
                      title="Show its cost in the explorer"
                    >
                      {item.resourceId}
                      <ExternalLink className="size-3" aria-hidden />
                    </Link>
                  </dd>
                </div>
              )}
              {item.inventoryId && (
                <div className="flex min-w-0 gap-1">
                  <dt className="sr-only">Inventory</dt>
                  <dd>
                    <Link
                      to={`/inventory/resources/${item.inventoryId}`}
                      className="inline-flex items-center gap-1 hover:underline"
                    >
                      Resource page
                      <ExternalLink className="size-3" aria-hidden />
                    </Link>
                  </dd>
                </div>
              )}
              {item.commitmentId && (
                <div className="flex min-w-0 gap-1">
                  <dt className="text-muted-foreground">Commitment</dt>
                  <dd className="truncate font-mono" title={item.commitmentId}>
                    {item.commitmentId}
                  </dd>
                </div>
              )}
            </dl>
            {item.assumption && (
              <p className="mt-1.5 text-xs text-muted-foreground">Assumes: {item.assumption}</p>
            )}
          </div>
          <div className="flex shrink-0 flex-row items-center gap-3 sm:flex-col sm:items-end sm:gap-1.5">
            <p className="text-lg font-semibold tabular-nums">
              {fmt.money(item.monthlySaving)}
              <span className="text-xs font-normal text-muted-foreground"> / month</span>
            </p>
            <Badge variant={CONFIDENCE_VARIANT[item.confidence]}>
              {item.confidence} confidence
            </Badge>
          </div>
        </li>
      ))}
    </ul>
  );
}
