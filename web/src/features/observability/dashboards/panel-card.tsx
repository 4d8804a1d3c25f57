import {
  ArrowDown,
  ArrowLeft,
  ArrowRight,
  ArrowUp,
  Minus,
  MoveHorizontal,
  MoveVertical,
  Plus,
  Trash2,
} from "lucide-react";
import { lazy, Suspense } from "react";
import { QueryState } from "../../../components/query-state.tsx";
import { Card } from "../../../components/ui/card.tsx";
import type { OperationOutput } from "../../../lib/api.ts";
import { useFormat } from "../../../lib/session.tsx";
import { RANGES, type RangeValue } from "../log-range.ts";
import { unitOfQuery } from "../metrics/metric-units.ts";
import { type PanelQuery, usePanelSeries } from "../metrics/use-panel-series.ts";
import type { Box } from "./layout.ts";

const MetricChart = lazy(() => import("../metrics/metric-chart.tsx"));

type Panel = OperationOutput<"dashboards.get">["panels"][number];

function describe(query: PanelQuery): string {
  if (query.kind === "metric") {
    const by = query.groupBy.length > 0 ? ` by ${query.groupBy.join(", ")}` : "";
    return `${query.aggregation} of ${query.metric}${by}`;
  }
  const parts = [query.service, query.level, query.q && `“${query.q}”`].filter(Boolean);
  return `log lines${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`;
}

const unitOfPanel = (query: PanelQuery) =>
  query.kind === "metric" ? unitOfQuery(query.metric, query.aggregation) : undefined;

/**
 * One panel in its grid cell. While the dashboard is being arranged, buttons move it a column
 * or row at a time, resize it and remove it — keyboard-reachable, unlike dragging.
 */
export function PanelCard(props: {
  panel: Panel;
  range: RangeValue;
  isEditing: boolean;
  onPlace: (change: Partial<Box>) => void;
  onRemove: () => void;
}) {
  const { panel, isEditing, onPlace } = props;
  const format = useFormat();
  const { query, series, period: span } = usePanelSeries(panel.query as PanelQuery, props.range);
  const period = RANGES.find((r) => r.value === props.range)?.label ?? "";
  const controls: Array<[string, typeof ArrowUp, Partial<Box>]> = [
    ["Move left", ArrowLeft, { x: panel.x - 1 }],
    ["Move right", ArrowRight, { x: panel.x + 1 }],
    ["Move up", ArrowUp, { y: panel.y - 1 }],
    ["Move down", ArrowDown, { y: panel.y + 1 }],
    ["Narrower", Minus, { w: panel.w - 1 }],
    ["Wider", Plus, { w: panel.w + 1 }],
    ["Shorter", MoveVertical, { h: panel.h - 1 }],
    ["Taller", MoveHorizontal, { h: panel.h + 1 }],
  ];
  return (
    <Card
      className="flex min-h-0 flex-col p-3"
      style={{
        gridColumn: `${panel.x + 1} / span ${panel.w}`,
        gridRow: `${panel.y + 1} / span ${panel.h}`,
      }}
      aria-label={panel.title}
      data-testid="dashboard-panel"
    >
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="truncate text-sm font-medium">{panel.title}</h3>
          <p className="truncate text-xs text-muted-foreground">
            {describe(panel.query as PanelQuery)} · {period}
          </p>
        </div>
        {isEditing && (
          <div className="flex flex-wrap justify-end gap-0.5" role="toolbar" aria-label="Arrange">
            {controls.map(([label, Icon, change]) => (
              <button
                key={label}
                type="button"
                className="rounded p-1 hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring"
                aria-label={`${label}: ${panel.title}`}
                title={label}
                onClick={() => onPlace(change)}
              >
                <Icon className="size-3.5" aria-hidden />
              </button>
            ))}
            <button
              type="button"
              className="rounded p-1 text-destructive hover:bg-muted"
              aria-label={`Remove ${panel.title}`}
              title="Remove"
              onClick={props.onRemove}
              data-testid="remove-panel"
            >
              <Trash2 className="size-3.5" aria-hidden />
            </button>
          </div>
        )}
      </div>
      <div className="min-h-0 flex-1">
        <QueryState
          query={query}
          isEmpty={() => (series ?? []).every((s) => s.points.length === 0)}
          empty={<p className="p-4 text-sm text-muted-foreground">No data in this period.</p>}
        >
          {() => (
            <Suspense fallback={<div className="h-full" />}>
              <MetricChart
                series={series ?? []}
                period={span}
                chart={panel.chart}
                isCount={(panel.query as PanelQuery).kind === "logCount"}
                valueUnit={unitOfPanel(panel.query as PanelQuery)}
                locale={format.locale}
                label={`${panel.title}: ${describe(panel.query as PanelQuery)}, ${period}`}
                className="h-full min-h-24 w-full"
              />
            </Suspense>
          )}
        </QueryState>
      </div>
    </Card>
  );
}
