import { PiggyBank, Plus } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { SkeletonRows } from "../../components/ui/skeleton.tsx";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { BudgetDialog } from "./budgets/budget-dialog.tsx";
import {
  type BudgetWithStatus,
  describeFilters,
  HEALTH_LABELS,
  healthOf,
  PERIOD_LABELS,
  periodName,
  thresholdLabel,
} from "./budgets/budget-format.ts";
import { BudgetProgress } from "./budgets/budget-progress.tsx";
import { createMoneyFormat } from "./money.ts";

const HEALTH_BADGE = { ok: "success", warning: "warning", over: "destructive" } as const;

function BudgetRow({ budget }: { budget: BudgetWithStatus }) {
  const { format } = useSession();
  const fmt = createMoneyFormat(format.locale, budget.currency);
  const health = healthOf(budget.status);
  const crossed = budget.status.thresholds.filter((t) => t.crossed);
  return (
    <li className="grid gap-3 px-6 py-4" data-testid="budget-row">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <Link
              to={`/costs/budgets/${budget.id}`}
              className="truncate font-medium hover:underline"
            >
              {budget.name}
            </Link>
            <Badge variant={HEALTH_BADGE[health]}>{HEALTH_LABELS[health]}</Badge>
            {!budget.enabled && <Badge variant="outline">Alerts paused</Badge>}
            {!budget.status.hasCostsInCurrency && (
              <Badge variant="warning">No costs in {budget.currency} yet</Badge>
            )}
          </div>
          <p className="mt-0.5 truncate text-xs text-muted-foreground">
            {periodName(budget.period, budget.status.periodStart, format.locale)} ·{" "}
            {describeFilters(budget.filters)} · {budget.metric}
          </p>
        </div>
        <div className="text-right">
          <div className="font-semibold tabular-nums">{fmt.money(budget.amount)}</div>
          <div className="text-xs text-muted-foreground">{PERIOD_LABELS[budget.period]}</div>
        </div>
      </div>
      <BudgetProgress status={budget.status} amount={budget.amount} fmt={fmt} />
      {crossed.length > 0 && (
        <ul className="flex flex-wrap gap-1.5" aria-label="Thresholds crossed">
          {crossed.map((t) => (
            <li key={`${t.percent}-${t.basis}`}>
              <Badge variant="outline">{thresholdLabel(t)} crossed</Badge>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** Budgets with their current period at a glance; a budget opens its burn-down. */
export function BudgetsPage() {
  const { role } = useSession();
  const canManage = can(role, "costs:manage");
  const budgets = useOperation("budgets.list");
  const [creating, setCreating] = useState(false);
  const newButton = (
    <Button onClick={() => setCreating(true)} data-testid="new-budget">
      <Plus aria-hidden /> New budget
    </Button>
  );
  const hasBudgets = (budgets.data?.length ?? 0) > 0;
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Budgets</CardTitle>
          <CardDescription>
            This period&apos;s spend (solid) and forecast (light); ticks mark alert thresholds.
          </CardDescription>
        </div>
        {canManage && hasBudgets && newButton}
      </CardHeader>
      <QueryState
        query={budgets}
        loading={<SkeletonRows rows={4} label="Loading budgets" />}
        empty={
          <EmptyState
            icon={PiggyBank}
            title="No budgets yet"
            description="Set a monthly, quarterly or annual limit on all costs or on a provider, service, account or tag, and get alerts before it is spent."
            action={canManage ? newButton : undefined}
          />
        }
      >
        {(rows) => (
          <ul className="divide-y border-t" aria-label="Budgets" data-testid="budgets-list">
            {rows.map((b) => (
              <BudgetRow key={b.id} budget={b} />
            ))}
          </ul>
        )}
      </QueryState>
      <BudgetDialog open={creating} onOpenChange={setCreating} />
    </Card>
  );
}
