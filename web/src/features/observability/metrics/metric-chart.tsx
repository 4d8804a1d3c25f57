import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption } from "echarts/charts";
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import { type ComposeOption, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useMemo } from "react";
import { axisColors, useChart, useIsDark } from "../../costs/charts/echarts.ts";
import { formatMetricValue, type MetricUnit } from "./metric-units.ts";

use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

export interface ChartSeries {
  name: string;
  points: Array<{ time: string; value: number }>;
}

export interface MetricChartProps {
  series: ChartSeries[];
  chart: "line" | "area" | "bar" | "stat";
  locale: string;
  /** Said to screen readers and shown as the y-axis name: what is charted, over what period. */
  label: string;
  unit?: string;
  /** What the values measure (metric-units.ts): axis and tooltips say GiB, ms, … */
  valueUnit?: MetricUnit;
  /** Whole numbers only (log line counts): no 0.5 ticks on the axis. */
  isCount?: boolean;
  className?: string;
  /** The time axis spans this period (empty stretches included), when given. */
  period?: { from: string; to: string };
}

/**
 * Series over time on a time axis, one line (or area, or bar stack) per group with a legend;
 * "stat" shows each series' latest value instead. Shared by the metrics explorer, dashboard
 * panels and resource pages.
 */
export default function MetricChart(props: MetricChartProps) {
  if (props.chart === "stat") return <StatView {...props} />;
  return <TimeChart {...props} />;
}

function TimeChart({
  series,
  chart,
  locale,
  label,
  unit,
  valueUnit,
  isCount,
  className,
  period,
}: MetricChartProps) {
  const dark = useIsDark();
  const start = period ? Date.parse(period.from) : undefined;
  const end = period ? Date.parse(period.to) : undefined;
  const option = useMemo<ChartOption>(() => {
    const { text, line } = axisColors(dark);
    const format = (v: number) => formatMetricValue(v, valueUnit, locale);
    return {
      grid: { left: 8, right: 16, top: series.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", valueFormatter: (v) => format(Number(v)) },
      legend:
        series.length > 1
          ? { type: "scroll", top: 0, textStyle: { color: text } }
          : { show: false },
      xAxis: {
        type: "time",
        min: start,
        max: end,
        axisLabel: { color: text, hideOverlap: true },
        axisLine: { lineStyle: { color: line } },
      },
      yAxis: {
        type: "value",
        name: unit,
        scale: chart !== "bar",
        ...(isCount ? { minInterval: 1 } : {}),
        axisLabel: { color: text, formatter: (v: number) => format(v) },
        splitLine: { lineStyle: { color: line } },
      },
      series: series.map((s) =>
        chart === "bar"
          ? {
              type: "bar" as const,
              name: s.name,
              stack: "all",
              data: s.points.map((p) => [p.time, p.value]),
            }
          : {
              type: "line" as const,
              name: s.name,
              showSymbol: s.points.length < 3,
              areaStyle: chart === "area" ? { opacity: 0.15 } : undefined,
              data: s.points.map((p) => [p.time, p.value]),
            },
      ),
    };
  }, [series, chart, dark, locale, unit, valueUnit, isCount, start, end]);
  const element = useChart(option);
  return (
    <div
      ref={element}
      className={className ?? "h-72 w-full"}
      role="img"
      aria-label={label}
      data-testid="metric-chart"
    />
  );
}

function StatView({ series, locale, label, className, valueUnit }: MetricChartProps) {
  const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const number = {
    format: (v: number) => (valueUnit ? formatMetricValue(v, valueUnit, locale) : plain.format(v)),
  };
  return (
    <div
      className={`${className ?? "h-72 w-full"} flex flex-wrap content-center items-center justify-center gap-6`}
      role="img"
      aria-label={label}
      data-testid="metric-chart"
    >
      {series.map((s) => {
        const last = s.points.at(-1);
        return (
          <div key={s.name} className="text-center">
            <div className="text-3xl font-semibold tabular-nums">
              {last ? number.format(last.value) : "—"}
            </div>
            <div className="text-xs text-muted-foreground">{s.name}</div>
          </div>
        );
      })}
    </div>
  );
}
