import { BarChart, type BarSeriesOption } from "echarts/charts";
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  MarkLineComponent,
  type MarkLineComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import { type ComposeOption, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useMemo } from "react";
import type { OperationOutput } from "../../../lib/api.ts";
import { axisColors, CHART_GRID, useChart, useIsDark } from "../../costs/charts/echarts.ts";

use([
  BarChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

type ChartOption = ComposeOption<
  | BarSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>;
type Velocity = OperationOutput<"sprints.velocity">;

function optionOf(velocity: Velocity, dark: boolean): ChartOption {
  const { text, line } = axisColors(dark);
  const average = velocity.averageCompleted === null ? null : Number(velocity.averageCompleted);
  return {
    animationDuration: 300,
    grid: CHART_GRID,
    legend: { top: 0, right: 0, textStyle: { color: text }, data: ["Committed", "Completed"] },
    tooltip: { trigger: "axis", confine: true, valueFormatter: (v) => `${v} ${velocity.unit}` },
    xAxis: {
      type: "category",
      data: velocity.sprints.map((s) => s.name),
      axisLabel: { color: text },
      axisLine: { lineStyle: { color: line } },
      axisTick: { show: false },
    },
    yAxis: {
      type: "value",
      name: velocity.unit,
      nameTextStyle: { color: text },
      axisLabel: { color: text },
      splitLine: { lineStyle: { color: line } },
    },
    series: [
      {
        type: "bar",
        name: "Committed",
        data: velocity.sprints.map((s) => Number(s.committed)),
        color: "#a1a1aa",
        barMaxWidth: 28,
      },
      {
        type: "bar",
        name: "Completed",
        data: velocity.sprints.map((s) => Number(s.completed)),
        color: "#16a34a",
        barMaxWidth: 28,
        markLine:
          average === null
            ? undefined
            : {
                symbol: "none",
                silent: true,
                label: { formatter: `Average ${average}`, color: text, position: "insideEndTop" },
                lineStyle: { color: "#16a34a", type: "dashed" },
                data: [{ yAxis: average }],
              },
      },
    ],
  };
}

/** Committed against completed per completed sprint, with the average completed. */
export default function VelocityChart({ velocity }: { velocity: Velocity }) {
  const dark = useIsDark();
  const option = useMemo(() => optionOf(velocity, dark), [velocity, dark]);
  const element = useChart(option);
  return (
    <div
      ref={element}
      role="img"
      aria-label={`Velocity in ${velocity.unit}: committed and completed for the last ${velocity.sprints.length} sprints`}
      className="h-60 w-full"
      data-testid="sprint-velocity"
    />
  );
}
