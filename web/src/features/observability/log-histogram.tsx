import { BarChart, type BarSeriesOption } from "echarts/charts";
import {
  GridComponent,
  type GridComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import { type ComposeOption, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useMemo } from "react";
import type { OperationOutput } from "../../lib/api.ts";
import { axisColors, useChart, useIsDark } from "../costs/charts/echarts.ts";
import { LEVEL_COLORS } from "./log-range.ts";

use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

type ChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;
type Histogram = OperationOutput<"logs.histogram">;

/** Lines per time bucket, stacked by level (the explorer's overview of the period). */
export default function LogHistogram({ data, locale }: { data: Histogram; locale: string }) {
  const dark = useIsDark();
  const option = useMemo<ChartOption>(() => {
    const { text, line } = axisColors(dark);
    const withDate = data.stepSeconds >= 86_400 || data.buckets.length * data.stepSeconds > 86_400;
    const label = new Intl.DateTimeFormat(locale, {
      ...(withDate ? { month: "short", day: "numeric" } : {}),
      hour: "2-digit",
      minute: "2-digit",
    });
    const levels = Object.keys(LEVEL_COLORS).filter((l) => data.buckets.some((b) => b.levels[l]));
    return {
      grid: { left: 8, right: 16, top: 12, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: {
        type: "category",
        data: data.buckets.map((b) => label.format(new Date(b.start))),
        axisLabel: { color: text },
        axisLine: { lineStyle: { color: line } },
      },
      yAxis: {
        type: "value",
        name: "lines",
        minInterval: 1,
        axisLabel: { color: text },
        splitLine: { lineStyle: { color: line } },
      },
      series: levels.map((level) => ({
        type: "bar",
        name: level,
        stack: "lines",
        color: LEVEL_COLORS[level],
        data: data.buckets.map((b) => b.levels[level] ?? 0),
      })),
    };
  }, [data, dark, locale]);
  const element = useChart(option);
  return (
    <div
      ref={element}
      className="h-40 w-full"
      role="img"
      aria-label={`Log lines per ${data.stepSeconds} seconds, by level`}
    />
  );
}
