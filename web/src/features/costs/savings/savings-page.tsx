import { HandCoins, PlugZap } from "lucide-react";
import { useMemo } from "react";
import { ErrorState } from "../../../components/query-state.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../../components/ui/card.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { SkeletonRows } from "../../../components/ui/skeleton.tsx";
import { useOperation } from "../../../lib/operations.ts";
import { can } from "../../../lib/roles.ts";
import { useSession } from "../../../lib/session.tsx";
import { createMoneyFormat } from "../money.ts";
import { describeRange } from "../period.ts";
import { AdviceList } from "./advice-list.tsx";
import { SavingsSummary } from "./savings-summary.tsx";

/** Savings advice read from the ledger over the last 30 days, with what it cannot tell yet. */
export function SavingsPage() {
  const { role, format } = useSession();
  // The server's default window: the 30 days before today.
  const savings = useOperation("costs.savings", {});
  const currency = savings.data?.currency ?? null;
  const fmt = useMemo(
    () => createMoneyFormat(format.locale, currency ?? format.currency),
    [format.locale, format.currency, currency],
  );

  if (savings.isPending) return <SkeletonRows rows={6} label="Loading savings advice" />;
  if (savings.isError)
    return <ErrorState error={savings.error} onRetry={() => void savings.refetch()} />;
  const data = savings.data;

  const range = { from: data.from, to: data.to };
  const period = describeRange(range, format.locale);
  return (
    <div className="grid grid-cols-1 gap-6">
      <SavingsSummary savings={data} fmt={fmt} />
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Advice</CardTitle>
            <CardDescription>
              From the costs of {period}
              {currency ? ` in ${currency}` : ""}, scaled to 30 days; largest saving first.
            </CardDescription>
          </div>
        </CardHeader>
        {data.items.length === 0 ? (
          <EmptyState
            icon={HandCoins}
            title="No savings advice for this window"
            description={
              // No billing currency means there was no cost at all in the window.
              currency === null
                ? `No costs in ${period}. ${can(role, "costs:import") ? "Import recent billing files to get advice." : "Advice appears once recent billing files are imported."}`
                : "No unused commitments, no steady on-demand compute a commitment would cover, and no non-production compute that could run on spot capacity."
            }
          />
        ) : (
          <AdviceList items={data.items} range={range} currency={currency} fmt={fmt} />
        )}
      </Card>
      {data.unavailable.length > 0 && (
        <Card data-testid="savings-unavailable">
          <CardHeader>
            <div>
              <CardTitle className="flex items-center gap-2">
                <PlugZap className="size-4 text-muted-foreground" aria-hidden /> Not judged yet
              </CardTitle>
              <CardDescription>
                Billing files do not say what is idle, oversized or attached to nothing: the
                inventory and metrics do. Until they are there, this advice is not given:
              </CardDescription>
            </div>
          </CardHeader>
          <ul className="grid gap-2 px-6 pb-5 text-sm">
            {data.unavailable.map((item) => (
              <li key={item} className="flex gap-2">
                <span className="mt-2 size-1.5 shrink-0 rounded-full bg-muted-foreground/60" />
                {item}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
