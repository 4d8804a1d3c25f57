import { ShieldAlert } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useOperation } from "../../lib/operations.ts";

type Entity = OperationOutput<"health.risk">["entities"][number];
type Factor = Entity["factors"][number];

const LEVEL_VARIANT = { high: "destructive", medium: "warning", low: "secondary" } as const;
const KIND_TEXT: Record<Entity["kind"], string> = {
  service: "Service",
  resource: "Resource",
  check: "Check",
};
const SIGNAL_TEXT: Record<Factor["signal"], string> = {
  check_down: "Check down",
  check_failures: "Failed runs",
  check_flapping: "Flapping",
  latency_rising: "Latency rising",
  alert_open: "Alert",
  metric_anomaly: "Metric anomaly",
  incident: "Incident",
  capacity: "Capacity",
  error_logs_rising: "Error logs rising",
  recent_changes: "Recent changes",
};
const HORIZONS = [1, 7, 30] as const;

const pct = (p: number) => `${Math.round(p * 100)} %`;

/** Where a factor's source lives in the app. */
function linkOf({ kind, id }: Factor["link"], entity: Entity): { to: string; label: string } {
  switch (kind) {
    case "check":
      return { to: `/health/checks/${id}`, label: "check" };
    case "alert":
      return { to: "/health/alerts", label: "alerts" };
    case "incident":
      return { to: `/health/incidents/${id}`, label: "incident" };
    case "resource":
      return { to: `/inventory/resources/${id}`, label: "resource" };
    case "metric":
      return {
        to: `/observability/metrics?${new URLSearchParams({ metric: id })}`,
        label: "metric",
      };
    case "logs":
      // The last hour's lines of the service or resource the factor is about (its error and
      // fatal lines are what it counted: the level is left open so both show).
      return {
        to: `/logs?${new URLSearchParams({ [entity.kind === "resource" ? "resource" : "service"]: id, range: "1h" })}`,
        label: `logs of ${id}`,
      };
    case "service":
      return { to: "/inventory/services", label: "service" };
  }
}

function EntityTitle({ entity }: { entity: Entity }) {
  const to =
    entity.kind === "resource"
      ? `/inventory/resources/${entity.id}`
      : entity.kind === "check"
        ? `/health/checks/${entity.id}`
        : entity.catalogServiceId
          ? `/inventory/services/${entity.catalogServiceId}`
          : null;
  return to ? (
    <Link to={to} className="font-medium hover:underline">
      {entity.name}
    </Link>
  ) : (
    <span className="font-medium">{entity.name}</span>
  );
}

/** Services, resources and checks ranked by their chance of failing within the horizon. */
export function RiskPage() {
  const [horizonDays, setHorizonDays] = useState<number>(7);
  const risk = useOperation("health.risk", { horizonDays }, { refetchInterval: 60_000 });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-muted-foreground">Failing within</span>
        {HORIZONS.map((days) => (
          <button
            key={days}
            type="button"
            aria-pressed={horizonDays === days}
            onClick={() => setHorizonDays(days)}
            className={`rounded-md border px-2 py-1 ${horizonDays === days ? "bg-muted font-medium" : ""}`}
          >
            {days === 1 ? "1 day" : `${days} days`}
          </button>
        ))}
        <span className="ml-auto text-xs text-muted-foreground">
          Score = 1 − Π(1 − weight) over the factors; high ≥ 60 %, medium ≥ 25 %.
        </span>
      </div>
      <QueryState
        query={risk}
        isEmpty={(r) => r.entities.length === 0}
        empty={
          <EmptyState
            icon={ShieldAlert}
            title="Nothing at risk"
            description="Risk is read from health checks (down, failing, flapping, slowing), open alerts and metric anomalies, incidents, disks and memory forecast to run out, error logs rising and recent resource changes. None of them points at a service or resource now."
          />
        }
      >
        {(r) => (
          <ul className="divide-y rounded-lg border">
            {r.entities.map((e) => (
              <li key={`${e.kind}:${e.id}`} className="space-y-2 p-3 text-sm">
                <div className="flex flex-wrap items-center gap-3">
                  <Badge variant={LEVEL_VARIANT[e.level]}>{e.level}</Badge>
                  <EntityTitle entity={e} />
                  <span className="text-xs text-muted-foreground">{KIND_TEXT[e.kind]}</span>
                  <span
                    className="ml-auto tabular-nums"
                    title="Chance of failing within the horizon"
                  >
                    {pct(e.score)}
                  </span>
                </div>
                <ul className="space-y-1 pl-4">
                  {e.factors.map((f) => {
                    const link = linkOf(f.link, e);
                    return (
                      <li
                        key={`${f.signal}:${f.link.kind}:${f.link.id}:${f.summary}`}
                        className="flex flex-wrap items-baseline gap-2"
                      >
                        <span className="w-12 shrink-0 text-right tabular-nums text-muted-foreground">
                          {pct(f.weight)}
                        </span>
                        <span className="font-medium">{SIGNAL_TEXT[f.signal]}</span>
                        <span className="text-muted-foreground">{f.summary}</span>
                        <Link to={link.to} className="text-xs underline">
                          {link.label}
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </div>
  );
}
