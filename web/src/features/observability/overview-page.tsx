import { ArrowRight, HeartPulse, LineChart, ScrollText, Siren } from "lucide-react";
import { lazy, Suspense, useMemo } from "react";
import { Link } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { Skeleton } from "../../components/ui/skeleton.tsx";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { RetentionCard } from "./retention-card.tsx";

// ECharts is heavy: the histogram loads with the page that shows it.
const LogHistogram = lazy(() => import("./log-histogram.tsx"));

const HOUR_MS = 3_600_000;
/** Half-hour buckets: the card's totals and the chart share one query (one cache key). */
const HISTOGRAM_BUCKETS = 48;

/** The last 24 hours, to the minute, so the queries of one visit share a cache key. */
function lastDay(): { from: string; to: string } {
  const to = Math.ceil(Date.now() / 60_000) * 60_000;
  return { from: new Date(to - 24 * HOUR_MS).toISOString(), to: new Date(to).toISOString() };
}

/**
 * Observability at a glance: the last day's log volume and errors, what sends metrics, the
 * health checks, firing alerts and open incidents — each a link to where it is worked on.
 */
export function ObservabilityOverviewPage() {
  const { role } = useSession();
  const period = useMemo(lastDay, []);
  return (
    <>
      <PageHeader
        title="Observability"
        description="Logs, metrics, health checks and alerts of what you run, over the last 24 hours."
      />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {can(role, "logs:read") && <LogsCard period={period} />}
        {can(role, "logs:read") && <MetricsCard />}
        {can(role, "health:read") && <ChecksCard />}
        {can(role, "alerts:read") && <AlertsCard />}
      </div>
      {can(role, "logs:read") && <LogVolume period={period} />}
      {can(role, "logs:read") && <RetentionCard />}
    </>
  );
}

function Tile({
  to,
  icon: Icon,
  title,
  value,
  detail,
  testId,
}: {
  to: string;
  icon: typeof ScrollText;
  title: string;
  value: string | undefined;
  detail: string;
  testId: string;
}) {
  return (
    <Card className="group relative h-full px-5 py-4 transition-colors hover:border-foreground/20">
      <p className="flex items-center gap-2 text-xs font-medium text-muted-foreground">
        <Icon className="size-4" aria-hidden /> {title}
      </p>
      <div className="mt-1 text-2xl font-semibold tracking-tight tabular-nums" data-testid={testId}>
        {value ?? <Skeleton className="h-8 w-24" />}
      </div>
      <p className="mt-1 text-xs text-muted-foreground">{detail}</p>
      <Link
        to={to}
        className="mt-3 inline-flex items-center gap-1 text-xs font-medium text-muted-foreground after:absolute after:inset-0 group-hover:text-foreground"
      >
        Open <ArrowRight className="size-3" aria-hidden />
      </Link>
    </Card>
  );
}

function LogsCard({ period }: { period: { from: string; to: string } }) {
  const format = useFormat();
  const histogram = useOperation("logs.histogram", { ...period, maxBuckets: HISTOGRAM_BUCKETS });
  const services = useOperation("logs.services", period);
  const lines = histogram.data?.buckets.reduce((n, b) => n + b.count, 0);
  const errors = histogram.data?.buckets.reduce(
    (n, b) => n + (b.levels.error ?? 0) + (b.levels.fatal ?? 0),
    0,
  );
  return (
    <Tile
      to="/logs"
      icon={ScrollText}
      title="Log lines"
      value={lines === undefined ? undefined : format.number(lines)}
      detail={
        errors === undefined
          ? "Loading…"
          : `${format.number(errors)} errors · ${format.number(services.data?.total ?? 0)} services sending`
      }
      testId="observability-log-lines"
    />
  );
}

function MetricsCard() {
  const format = useFormat();
  const names = useOperation("metrics.names", {});
  const series = names.data?.reduce((n, m) => n + m.series, 0);
  return (
    <Tile
      to="/observability/metrics"
      icon={LineChart}
      title="Metric series"
      value={series === undefined ? undefined : format.number(series)}
      detail={`${format.number(names.data?.length ?? 0)} metrics, with dashboards`}
      testId="observability-metric-series"
    />
  );
}

function ChecksCard() {
  const format = useFormat();
  const checks = useOperation("health.checks.list", {});
  const running = checks.data?.filter((c) => c.isEnabled) ?? [];
  const down = running.filter((c) => c.status === "down").length;
  const paused = (checks.data?.length ?? 0) - running.length;
  return (
    <Tile
      to="/health"
      icon={HeartPulse}
      title="Checks down"
      value={checks.data ? `${format.number(down)} of ${format.number(running.length)}` : undefined}
      detail={
        paused > 0 ? `${format.number(paused)} paused` : "HTTP, TCP, DNS and ping checks running"
      }
      testId="observability-checks-down"
    />
  );
}

function AlertsCard() {
  const format = useFormat();
  const firing = useOperation("alerts.list", { state: "firing", limit: 5000 });
  // Counted by the server: a list of the latest incidents missed older unresolved ones.
  const figures = useOperation("incidents.figures", {});
  const unresolved = figures.data?.unresolved ?? 0;
  return (
    <Tile
      to="/health/alerts"
      icon={Siren}
      title="Alerts firing"
      value={firing.data ? format.number(firing.data.length) : undefined}
      detail={`${format.number(unresolved)} unresolved ${unresolved === 1 ? "incident" : "incidents"}`}
      testId="observability-alerts-firing"
    />
  );
}

function LogVolume({ period }: { period: { from: string; to: string } }) {
  const format = useFormat();
  const histogram = useOperation("logs.histogram", { ...period, maxBuckets: HISTOGRAM_BUCKETS });
  const chart = <Skeleton className="h-48 w-full" />;
  return (
    <Card className="mt-6">
      <CardHeader>
        <div>
          <CardTitle>Log volume by level</CardTitle>
          <CardDescription>Lines received per half hour over the last day.</CardDescription>
        </div>
      </CardHeader>
      <div className="px-4 pb-4">
        {histogram.data?.buckets.every((b) => b.count === 0) ? (
          <p className="py-10 text-center text-sm text-muted-foreground">
            No log lines in the last day.{" "}
            <Link to="/logs/sources" className="font-medium text-foreground underline">
              Create an ingest key
            </Link>{" "}
            and send them over OTLP, Loki, syslog or JSON.
          </p>
        ) : histogram.data ? (
          <Suspense fallback={chart}>
            <LogHistogram data={histogram.data} locale={format.locale} />
          </Suspense>
        ) : (
          chart
        )}
      </div>
    </Card>
  );
}
