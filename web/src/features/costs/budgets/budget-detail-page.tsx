import { ArrowLeft, Pencil, SearchX, Trash2 } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ConfirmDialog } from "../../../components/confirm-dialog.tsx";
import { ErrorState } from "../../../components/query-state.tsx";
import { Badge } from "../../../components/ui/badge.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../../components/ui/card.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { Skeleton, SkeletonRows } from "../../../components/ui/skeleton.tsx";
import { isApiError } from "../../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import { can } from "../../../lib/roles.ts";
import { useSession } from "../../../lib/session.tsx";
import { createMoneyFormat, subtractDecimal } from "../money.ts";
import { describeRange } from "../period.ts";
import { BudgetAlerts } from "./budget-alerts.tsx";
import { BudgetDialog } from "./budget-dialog.tsx";
import {
  type BudgetDetail,
  describeFilters,
  HEALTH_LABELS,
  healthOf,
  PERIOD_LABELS,
  periodName,
} from "./budget-format.ts";
import { BudgetProgress } from "./budget-progress.tsx";

const BurnDownChart = lazy(() => import("./burn-down-chart.tsx"));
const HEALTH_BADGE = { ok: "success", warning: "warning", over: "destructive" } as const;

function Stat({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <Card className="px-5 py-4">
      <div className="text-xs font-medium text-muted-foreground">{label}</div>
      <div className="mt-1 text-xl font-semibold tabular-nums">{value}</div>
      {note && <div className="mt-0.5 text-xs text-muted-foreground">{note}</div>}
    </Card>
  );
}

function Detail({ budget }: { budget: BudgetDetail }) {
  const { role, format } = useSession();
  const navigate = useNavigate();
  const canManage = can(role, "costs:manage");
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useOperationMutation("budgets.delete");
  const fmt = createMoneyFormat(format.locale, budget.currency);
  const { status } = budget;
  const health = healthOf(status);
  const range = { from: status.periodStart, to: status.periodEnd };
  const remaining = subtractDecimal(budget.amount, status.actual);
  const level = `${Math.round(status.forecastLevel * 100)}%`;
  return (
    <div className="grid grid-cols-1 gap-6">
      <Card>
        <CardHeader>
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <CardTitle>{budget.name}</CardTitle>
              <Badge variant={HEALTH_BADGE[health]}>{HEALTH_LABELS[health]}</Badge>
              {!budget.enabled && <Badge variant="outline">Alerts paused</Badge>}
              {!status.hasCostsInCurrency && (
                <Badge variant="warning" data-testid="budget-no-costs">
                  No costs in {budget.currency} yet
                </Badge>
              )}
            </div>
            <CardDescription>
              {PERIOD_LABELS[budget.period]} {fmt.money(budget.amount)} on {budget.metric} ·{" "}
              {describeFilters(budget.filters)}
            </CardDescription>
          </div>
          {canManage && (
            <div className="flex gap-2">
              <Button variant="outline" size="sm" onClick={() => setEditing(true)}>
                <Pencil aria-hidden /> Edit
              </Button>
              <Button variant="danger" size="sm" onClick={() => setDeleting(true)}>
                <Trash2 aria-hidden /> Delete
              </Button>
            </div>
          )}
        </CardHeader>
        <div className="px-6 pb-5">
          <BudgetProgress status={status} amount={budget.amount} fmt={fmt} />
          {!status.hasCostsInCurrency && (
            <p className="mt-2 text-sm text-muted-foreground" role="status">
              The ledger has no cost in {budget.currency} that this budget's filters match, so it
              will read “On track” whatever is spent. Check the currency (the one your bills are in)
              and the filters, or import the costs it should count.
            </p>
          )}
        </div>
      </Card>
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat
          label={`Spent in ${periodName(budget.period, status.periodStart, format.locale)}`}
          value={fmt.money(status.actual)}
          note={
            status.dataThrough
              ? `Cost data through ${format.day(status.dataThrough)}`
              : "No cost data imported yet"
          }
        />
        <Stat
          label="Forecast by the end of the period"
          value={fmt.money(status.forecast)}
          note={`${level} interval ${fmt.money(status.forecastLower)} – ${fmt.money(status.forecastUpper)}`}
        />
        <Stat
          label={remaining.startsWith("-") ? "Over budget by" : "Left to spend"}
          value={fmt.money(remaining.replace(/^-/, ""))}
          note={`${fmt.percent(status.percentUsed / 100)} of ${fmt.money(budget.amount)} used`}
        />
      </div>
      <Card>
        <CardHeader>
          <div>
            <CardTitle>
              Cumulative {budget.metric} in {budget.currency}, {describeRange(range, format.locale)}
            </CardTitle>
            <CardDescription>
              Actual spend so far, the forecast to the end of the period with its {level} interval
              (shaded), and the even pace that would spend exactly the budget. Forecast:{" "}
              {status.forecastMethod}.
            </CardDescription>
          </div>
        </CardHeader>
        <div className="px-4 pb-4">
          <Suspense fallback={<Skeleton className="h-80 w-full" />}>
            <BurnDownChart
              budget={budget}
              fmt={fmt}
              locale={format.locale}
              label={`Cumulative ${budget.metric} in ${budget.currency} against the budget of ${fmt.money(budget.amount)}`}
            />
          </Suspense>
        </div>
      </Card>
      <BudgetAlerts budget={budget} fmt={fmt} />
      <BudgetDialog open={editing} onOpenChange={setEditing} budget={budget} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete “${budget.name}”?`}
        description="Its alerts and its webhook signing secret are deleted with it."
        confirmLabel="Delete budget"
        onConfirm={async () => {
          await remove.mutateAsync({ id: budget.id });
          navigate("/costs/budgets", { replace: true });
        }}
      />
    </div>
  );
}

/** One budget: its period so far, burn-down chart, thresholds and alerts. */
export function BudgetDetailPage() {
  const { budgetId = "" } = useParams();
  const budget = useOperation("budgets.get", { id: budgetId });
  return (
    <div className="grid grid-cols-1 gap-4">
      <Link
        to="/costs/budgets"
        className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden /> Budgets
      </Link>
      {budget.isPending ? (
        <SkeletonRows rows={6} label="Loading the budget" />
      ) : budget.isError ? (
        isApiError(budget.error, "not_found") || isApiError(budget.error, "invalid_input") ? (
          <EmptyState
            icon={SearchX}
            title="No such budget"
            description="It may have been deleted, or it belongs to another workspace."
          />
        ) : (
          <ErrorState error={budget.error} onRetry={() => void budget.refetch()} />
        )
      ) : (
        <Detail budget={budget.data} />
      )}
    </div>
  );
}
