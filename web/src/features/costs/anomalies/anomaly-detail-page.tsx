import { ArrowLeft, BarChart3 } from "lucide-react";
import { lazy, type ReactNode, Suspense, useMemo } from "react";
import { Link, useParams } from "react-router";
import { QueryState } from "../../../components/query-state.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../../components/ui/card.tsx";
import { Skeleton, SkeletonRows } from "../../../components/ui/skeleton.tsx";
import type { OperationOutput } from "../../../lib/api.ts";
import { useOperation } from "../../../lib/operations.ts";
import { can } from "../../../lib/roles.ts";
import { useSession } from "../../../lib/session.tsx";
import { AnomalyTask } from "../../projects/anomaly-task.tsx";
import { createMoneyFormat, type MoneyFormat } from "../money.ts";
import { addDays } from "../period.ts";
import { AcknowledgeButton } from "./acknowledge-button.tsx";
import { SeverityBadge, StatusBadge } from "./anomaly-badges.tsx";
import { describeChange, dimensionLabel } from "./anomaly-format.ts";
import { RootCauseTable } from "./root-cause-table.tsx";

// ECharts is heavy: loaded only when a chart is shown.
const AnomalyChart = lazy(() => import("./anomaly-chart.tsx"));

type Detail = OperationOutput<"costs.anomalies.get">;

function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <div>
      <p className="text-xs font-medium text-muted-foreground">{label}</p>
      <p className="mt-1 text-xl font-semibold tracking-tight tabular-nums">{value}</p>
      {hint && <p className="mt-0.5 text-xs text-muted-foreground">{hint}</p>}
    </div>
  );
}

/** The explorer narrowed to the anomaly's series around its day, split as its root cause is. */
function explorerLink(detail: Detail): string {
  const params = new URLSearchParams({
    period: "custom",
    from: addDays(detail.day, -30),
    to: addDays(detail.day, 8),
    metric: "EffectiveCost",
    group: detail.rootCause[0]?.dimension ?? "ServiceName",
  });
  if (detail.currency) params.set("currency", detail.currency);
  const filter = detail.dimension.startsWith("tag:")
    ? `tag.${detail.dimension.slice(4)}`
    : detail.dimension;
  params.set(filter, detail.key);
  return `/costs?${params}`;
}

function AnomalyDetail({ detail, fmt }: { detail: Detail; fmt: MoneyFormat }) {
  const { role, format } = useSession();
  const day = format.day(detail.day);
  const where = `${dimensionLabel(detail.dimension)} ${detail.key}`;
  const unit = detail.currency ? ` in ${detail.currency}` : "";
  const change = describeChange(detail, fmt);
  return (
    <div className="grid grid-cols-1 gap-6">
      <Card>
        <CardHeader>
          <div className="min-w-0">
            <p className="text-xs font-medium text-muted-foreground">
              {dimensionLabel(detail.dimension)} · {day}
            </p>
            <CardTitle className="mt-1 truncate text-lg" title={detail.key}>
              {detail.key}
            </CardTitle>
            <div className="mt-2 flex flex-wrap gap-2">
              <SeverityBadge severity={detail.severity} />
              <StatusBadge anomaly={detail} />
            </div>
          </div>
          <div className="flex flex-wrap gap-2">
            <Button variant="outline" size="sm" asChild>
              <Link to={explorerLink(detail)}>
                <BarChart3 aria-hidden /> Open in explorer
              </Link>
            </Button>
            <AnomalyTask anomalyId={detail.id} client={detail.client} />
            {detail.status === "open" && can(role, "costs:manage") && (
              <AcknowledgeButton id={detail.id} label={`${where} on ${day}`} />
            )}
          </div>
        </CardHeader>
        <div className="grid gap-6 border-t px-6 py-4 sm:grid-cols-4">
          <Stat label={`Actual${unit}`} value={fmt.money(detail.actual)} hint="EffectiveCost" />
          <Stat
            label="Expected"
            value={fmt.money(detail.expected)}
            hint={`Range ${fmt.money(detail.lower)} – ${fmt.money(detail.upper)}`}
          />
          <Stat label="Change" value={change.amount} hint={change.percent} />
          <Stat
            label="Score"
            value={format.number(Math.round(detail.score * 10) / 10)}
            hint="Deviation in units of the series' usual day-to-day noise"
          />
        </div>
        {detail.restatedAt && (
          <p className="border-t px-6 py-3 text-xs text-muted-foreground">
            A restated bill took this day&apos;s unexpected cost away{" "}
            {format.relative(detail.restatedAt)}: the chart below shows the ledger as it is now, the
            figures above are those the anomaly was found with.
          </p>
        )}
        {detail.acknowledgedAt && (
          <p className="border-t px-6 py-3 text-xs text-muted-foreground">
            Acknowledged {detail.acknowledgedBy ? `by ${detail.acknowledgedBy} ` : ""}
            {format.relative(detail.acknowledgedAt)}.
          </p>
        )}
      </Card>
      <Card>
        <CardHeader>
          <div>
            <CardTitle>
              EffectiveCost per day{unit}: {where}
            </CardTitle>
            <CardDescription>
              30 days before {day} and up to 7 after, against what the detector expected from the
              days before each one. Outside the shaded range a day counts as an anomaly.
            </CardDescription>
          </div>
        </CardHeader>
        <div className="px-4 pb-4">
          <Suspense fallback={<Skeleton className="h-80 w-full" />}>
            <AnomalyChart
              days={detail.series}
              anomalyDay={detail.day}
              fmt={fmt}
              locale={format.locale}
              label={`EffectiveCost per day${unit} of ${where} around ${day}, with the expected range`}
            />
          </Suspense>
        </div>
      </Card>
      <RootCauseTable causes={detail.rootCause} fmt={fmt} />
    </div>
  );
}

/** One anomaly: its numbers, its chart and what drove it. */
export function AnomalyDetailPage() {
  const { anomalyId = "" } = useParams();
  const { format } = useSession();
  const anomaly = useOperation("costs.anomalies.get", { id: anomalyId });
  const currency = anomaly.data?.currency ?? null;
  const fmt = useMemo(() => createMoneyFormat(format.locale, currency), [format.locale, currency]);
  return (
    <div className="grid grid-cols-1 gap-4">
      <Link
        to="/costs/anomalies"
        className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden /> All anomalies
      </Link>
      <QueryState query={anomaly} loading={<SkeletonRows rows={6} label="Loading the anomaly" />}>
        {(detail) => <AnomalyDetail detail={detail} fmt={fmt} />}
      </QueryState>
    </div>
  );
}
