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
import {
  axisColors,
  CHART_GRID,
  costAxes,
  escapeHtml,
  useChart,
  useIsDark,
} from "../charts/echarts.ts";
import type { MoneyFormat } from "../money.ts";
import { bucketLabel } from "../period.ts";
import type { BudgetDetail } from "./budget-format.ts";

use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type ChartOption = ComposeOption<
  LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

const ACTUAL = "#2563eb";
const FORECAST = "#7c3aed";
const PACE = "#a1a1aa";
const BUDGET = "#dc2626";

const num = (values: (string | null)[]) => values.map((v) => (v === null ? null : Number(v)));

function optionOf(budget: BudgetDetail, fmt: MoneyFormat, locale: string, dark: boolean) {
  const { burnDown: b } = budget;
  const { text } = axisColors(dark);
  const lower = num(b.forecastLower);
  const band = b.forecastUpper.map((u, i) =>
    u === null || lower[i] === null ? null : Number(u) - (lower[i] ?? 0),
  );
  const option: ChartOption = {
    animationDuration: 300,
    grid: CHART_GRID,
    legend: {
      top: 0,
      left: 0,
      textStyle: { color: text },
      data: ["Actual", "Forecast", "Even pace", "Budget"],
    },
    tooltip: {
      trigger: "axis",
      confine: true,
      formatter: (raw) => {
        const items = Array.isArray(raw) ? raw : [raw];
        const index = items[0]?.dataIndex ?? 0;
        const row = (label: string, value: string | null | undefined, color: string) =>
          value == null
            ? ""
            : `<div style="display:flex;gap:12px"><span style="color:${color}">●</span>${label}<b style="margin-left:auto">${escapeHtml(fmt.money(value))}</b></div>`;
        const range =
          b.forecast[index] !== null && b.actual[index] === null
            ? `<div style="color:${text}">${Math.round(budget.status.forecastLevel * 100)}% interval ${escapeHtml(fmt.money(b.forecastLower[index] ?? "0"))} – ${escapeHtml(fmt.money(b.forecastUpper[index] ?? "0"))}</div>`
            : "";
        return `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(bucketLabel(b.dates[index] ?? "", "day", locale))}</div>${row("Actual", b.actual[index], ACTUAL)}${row("Forecast", b.actual[index] === null ? b.forecast[index] : null, FORECAST)}${range}${row("Even pace", b.pace[index], PACE)}${row("Budget", budget.amount, BUDGET)}`;
      },
    },
    ...costAxes(
      b.dates.map((d) => bucketLabel(d, "day", locale)),
      fmt.compact,
      dark,
      { boundaryGap: false },
    ),
    series: [
      // The band: an invisible lower edge with the interval's width stacked on it.
      {
        type: "line",
        name: "band-low",
        stack: "band",
        data: lower,
        lineStyle: { opacity: 0 },
        symbol: "none",
        silent: true,
        tooltip: { show: false },
      },
      {
        type: "line",
        name: "band",
        stack: "band",
        data: band,
        lineStyle: { opacity: 0 },
        areaStyle: { color: FORECAST, opacity: 0.12 },
        symbol: "none",
        silent: true,
      },
      {
        type: "line",
        name: "Actual",
        data: num(b.actual),
        color: ACTUAL,
        symbol: "none",
        lineStyle: { width: 2.5 },
        markLine: {
          symbol: "none",
          silent: true,
          label: {
            formatter: `Budget ${fmt.money(budget.amount)}`,
            color: BUDGET,
            position: "insideEndTop",
          },
          lineStyle: { color: BUDGET, type: "solid" },
          data: [{ yAxis: Number(budget.amount) }],
        },
      },
      {
        type: "line",
        name: "Forecast",
        data: num(b.forecast),
        color: FORECAST,
        symbol: "none",
        lineStyle: { type: "dashed", width: 2 },
      },
      {
        type: "line",
        name: "Even pace",
        data: b.pace.map(Number),
        color: PACE,
        symbol: "none",
        lineStyle: { type: "dotted", width: 1.5 },
      },
      // A flat series rather than a mark line, so the axis always makes room for it.
      {
        type: "line",
        name: "Budget",
        data: b.dates.map(() => Number(budget.amount)),
        color: BUDGET,
        symbol: "none",
        lineStyle: { width: 1.5 },
      },
    ],
  };
  return option;
}

interface BurnDownChartProps {
  budget: BudgetDetail;
  fmt: MoneyFormat;
  locale: string;
  label: string;
}

/** Cumulative spend over the period against the budget, its even pace and the forecast. */
export default function BurnDownChart({ budget, fmt, locale, label }: BurnDownChartProps) {
  const dark = useIsDark();

  const option = useMemo(() => optionOf(budget, fmt, locale, dark), [budget, fmt, locale, dark]);
  const element = useChart(option);

  return (
    <div
      ref={element}
      role="img"
      aria-label={label}
      className="h-80 w-full"
      data-testid="budget-burn-down"
    />
  );
}
