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
import {
  axisColors,
  CHART_GRID,
  costAxes,
  escapeHtml,
  useChart,
  useIsDark,
} from "../costs/charts/echarts.ts";
import type { MoneyFormat } from "../costs/money.ts";

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

/** One month's figures as the server computed them (exact decimal strings). */
export interface ProfitMonth {
  label: string;
  revenue: string;
  cloudCost: string;
  timeCost: string;
  margin: string;
}

const SERIES = [
  { key: "revenue", name: "Revenue", color: "#2563eb" },
  { key: "cloudCost", name: "Cloud cost", color: "#f59e0b" },
  { key: "timeCost", name: "Time cost", color: "#db2777" },
] as const;

function optionOf(months: ProfitMonth[], fmt: MoneyFormat, dark: boolean): ChartOption {
  const { text } = axisColors(dark);
  return {
    animationDuration: 300,
    grid: CHART_GRID,
    legend: { top: 0, left: 0, textStyle: { color: text }, icon: "roundRect" },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      confine: true,
      formatter: (raw) => {
        const items = Array.isArray(raw) ? raw : [raw];
        const month = months[items[0]?.dataIndex ?? 0];
        if (!month) return "";
        const row = (label: string, value: string) =>
          `<div style="display:flex;gap:12px;justify-content:space-between">${escapeHtml(label)}<b style="margin-left:auto">${escapeHtml(fmt.money(value))}</b></div>`;
        return `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(month.label)}</div>${[
          row("Revenue", month.revenue),
          row("Cloud cost", month.cloudCost),
          row("Time cost", month.timeCost),
          row("Margin", month.margin),
        ].join("")}`;
      },
    },
    ...costAxes(
      months.map((m) => m.label),
      fmt.compact,
      dark,
    ),
    series: [
      ...SERIES.map((s) => ({
        type: "bar" as const,
        name: s.name,
        // Costs stack beside the revenue they are set against.
        stack: s.key === "revenue" ? "revenue" : "cost",
        barMaxWidth: 36,
        itemStyle: { color: s.color },
        data: months.map((m) => Number(m[s.key])),
      })),
      {
        type: "line" as const,
        name: "Margin",
        itemStyle: { color: "#16a34a" },
        lineStyle: { width: 2 },
        symbolSize: 6,
        data: months.map((m) => Number(m.margin)),
      },
    ],
  };
}

interface ProfitChartProps {
  months: ProfitMonth[];
  fmt: MoneyFormat;
  label: string;
}

/** Revenue against stacked cloud and time cost per month, with the margin as a line. */
export default function ProfitChart({ months, fmt, label }: ProfitChartProps) {
  const dark = useIsDark();
  const option = useMemo(() => optionOf(months, fmt, dark), [months, fmt, dark]);
  const element = useChart(option);
  return (
    <div
      ref={element}
      role="img"
      aria-label={label}
      className="h-80 w-full"
      data-testid="profit-chart"
    />
  );
}
