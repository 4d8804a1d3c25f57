import { LineChart, type LineSeriesOption } from "echarts/charts";
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
import type { OperationOutput } from "../../../lib/api.ts";
import { axisColors, CHART_GRID, useChart, useIsDark } from "../../costs/charts/echarts.ts";

use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type ChartOption = ComposeOption<
  LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;
type Burndown = OperationOutput<"sprints.burndown">;

const IDEAL = "#a1a1aa";
const ACTUAL = "#2563eb";
const SCOPE = "#f59e0b";

const num = (v: string | number | null) => (v === null ? null : Number(v));

function optionOf(chart: Burndown, byTasks: boolean, locale: string, dark: boolean): ChartOption {
  const { text, line } = axisColors(dark);
  const points = [chart.start, ...chart.days];
  const labels = [
    "Start",
    ...chart.days.map((d) =>
      new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" }).format(
        new Date(`${d.date}T00:00:00Z`),
      ),
    ),
  ];
  const unit = byTasks ? "tasks" : chart.unit;
  return {
    animationDuration: 300,
    grid: CHART_GRID,
    legend: { top: 0, right: 0, textStyle: { color: text }, data: ["Ideal", "Remaining", "Scope"] },
    tooltip: {
      trigger: "axis",
      confine: true,
      valueFormatter: (v) => (v == null ? "–" : `${v} ${unit}`),
    },
    xAxis: {
      type: "category",
      data: labels,
      boundaryGap: false,
      axisLabel: { color: text },
      axisLine: { lineStyle: { color: line } },
      axisTick: { show: false },
    },
    yAxis: {
      type: "value",
      name: unit,
      nameTextStyle: { color: text },
      axisLabel: { color: text },
      splitLine: { lineStyle: { color: line } },
      minInterval: 1,
    },
    series: [
      {
        type: "line",
        name: "Ideal",
        data: points.map((p) => num(byTasks ? p.idealTasks : p.ideal)),
        color: IDEAL,
        symbol: "none",
        lineStyle: { type: "dashed", width: 1.5 },
      },
      {
        type: "line",
        name: "Remaining",
        data: points.map((p) => num(byTasks ? p.remainingTasks : p.remaining)),
        color: ACTUAL,
        step: "end",
        symbolSize: 5,
        lineStyle: { width: 2.5 },
        areaStyle: { color: ACTUAL, opacity: 0.08 },
      },
      {
        type: "line",
        name: "Scope",
        data: points.map((p) => num(byTasks ? p.scopeTasks : p.scope)),
        color: SCOPE,
        step: "end",
        symbol: "none",
        lineStyle: { width: 1.5 },
      },
    ],
  };
}

interface BurndownChartProps {
  chart: Burndown;
  /** Count tasks rather than estimates (for teams that do not estimate). */
  byTasks: boolean;
  locale: string;
}

/** Ideal against remaining work and scope, one point per day of the sprint. */
export default function BurndownChart({ chart, byTasks, locale }: BurndownChartProps) {
  const dark = useIsDark();
  const option = useMemo(
    () => optionOf(chart, byTasks, locale, dark),
    [chart, byTasks, locale, dark],
  );
  const element = useChart(option);
  const unit = byTasks ? "tasks" : chart.unit;
  return (
    <div
      ref={element}
      role="img"
      aria-label={`Burndown of ${chart.sprint.name} in ${unit}, ${chart.sprint.startDate} to ${chart.sprint.endDate}: ideal, remaining and scope per day`}
      className="h-72 w-full"
      data-testid="sprint-burndown"
    />
  );
}
