import { BarChart, type BarSeriesOption } from "echarts/charts";
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
import type { OperationOutput } from "../../lib/api.ts";
import { axisColors, CHART_GRID, useChart, useIsDark } from "../costs/charts/echarts.ts";
import { SERIES_COLORS } from "../costs/charts/palette.ts";

use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type ChartOption = ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;
type Trend = OperationOutput<"compliance.trend">;

function optionOf(trend: Trend, dark: boolean, dayLabel: (day: string) => string): ChartOption {
  const { text, line } = axisColors(dark);
  // Only rules that had a finding on some day: a legend of eight mostly empty rules says little.
  const rules = trend.rules.filter((r) => trend.days.some((d) => (d.byRule[r.rule] ?? 0) > 0));
  return {
    animationDuration: 300,
    grid: { ...CHART_GRID, top: 56 },
    legend: { top: 0, left: 0, type: "scroll", textStyle: { color: text } },
    tooltip: { trigger: "axis", confine: true },
    xAxis: {
      type: "category",
      data: trend.days.map((d) => dayLabel(d.day)),
      axisLabel: { color: text },
      axisLine: { lineStyle: { color: line } },
      axisTick: { show: false },
    },
    yAxis: {
      type: "value",
      name: "findings",
      minInterval: 1,
      nameTextStyle: { color: text },
      axisLabel: { color: text },
      splitLine: { lineStyle: { color: line } },
    },
    series: rules.map((r, i) => ({
      type: "bar",
      stack: "findings",
      name: r.title,
      data: trend.days.map((d) => d.byRule[r.rule] ?? 0),
      color: SERIES_COLORS[i % SERIES_COLORS.length],
      barMaxWidth: 28,
    })),
  };
}

/** Findings per rule on each recorded day, stacked. */
export default function ComplianceTrendChart({
  trend,
  dayLabel,
}: {
  trend: Trend;
  dayLabel: (day: string) => string;
}) {
  const dark = useIsDark();
  const option = useMemo(() => optionOf(trend, dark, dayLabel), [trend, dark, dayLabel]);
  const element = useChart(option);
  const last = trend.days.at(-1);
  return (
    <div
      ref={element}
      role="img"
      aria-label={`Compliance findings per rule over ${trend.days.length} recorded days${last ? `; ${last.total} on ${last.day}` : ""}`}
      className="h-64 w-full"
      data-testid="compliance-trend"
    />
  );
}
