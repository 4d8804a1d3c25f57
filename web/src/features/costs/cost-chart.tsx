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
import { useCallback, useMemo, useRef } from "react";
import type { OperationOutput } from "../../lib/api.ts";
import {
  axisColors,
  CHART_GRID,
  type ChartInstance,
  costAxes,
  escapeHtml,
  useChart,
  useIsDark,
} from "./charts/echarts.ts";
import { REST_COLOR, SERIES_COLORS } from "./charts/palette.ts";
import { NONE_LABEL, OTHER_KEY } from "./labels.ts";
import type { MoneyFormat } from "./money.ts";
import { bucketLabel } from "./period.ts";

// Only the parts drawn here, so the chart chunk stays small.
use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type ChartOption = ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;
type Series = OperationOutput<"costs.timeseries">;

function optionOf(
  data: Series,
  fmt: MoneyFormat,
  locale: string,
  dark: boolean,
  options: { noneLabel: string; clickable: boolean },
): ChartOption {
  const { text } = axisColors(dark);
  const names = data.series.map((s) => s.key ?? options.noneLabel);
  return {
    color: [...SERIES_COLORS],
    animationDuration: 300,
    grid: CHART_GRID,
    legend: { type: "scroll", top: 0, left: 0, textStyle: { color: text }, icon: "roundRect" },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      confine: true,
      formatter: (raw) => {
        const items = (Array.isArray(raw) ? raw : [raw]).filter((p) => Number(p.value) !== 0);
        const index = items[0]?.dataIndex ?? 0;
        const day = data.dates[index] ?? "";
        const rows = items
          .sort((a, b) => Number(b.value) - Number(a.value))
          .map((p) => {
            const amount = data.series[p.seriesIndex ?? 0]?.values[index] ?? "0";
            return `<div style="display:flex;gap:12px;justify-content:space-between">${p.marker}${escapeHtml(p.seriesName ?? "")}<b style="margin-left:auto">${escapeHtml(fmt.money(amount))}</b></div>`;
          });
        return `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(bucketLabel(day, data.granularity, locale))}</div>${rows.join("") || "No cost"}`;
      },
    },
    ...costAxes(
      data.dates.map((d) => bucketLabel(d, data.granularity, locale)),
      fmt.compact,
      dark,
    ),
    series: data.series.map((s, i) => ({
      type: "bar",
      name: names[i],
      stack: "cost",
      barMaxWidth: 48,
      // "(not set)" and "No client" have lines too; "(other)" is many groups, not one filter.
      cursor: !options.clickable || s.key === OTHER_KEY ? "default" : "pointer",
      emphasis: { focus: "series" },
      // The rest, and what allocation rules leave ("Unallocated"), in the neutral colour.
      ...(s.key === OTHER_KEY || (s.key === null && options.noneLabel !== NONE_LABEL)
        ? { itemStyle: { color: REST_COLOR } }
        : {}),
      data: s.values.map(Number),
    })),
  };
}

interface CostChartProps {
  data: Series;
  fmt: MoneyFormat;
  locale: string;
  label: string;
  /** How the group without a value is named (default "(not set)"). */
  noneLabel?: string;
  /** A bar was clicked: its group (null: "(not set)", "No client") and day or month. */
  onBar?: (key: string | null, bucket: string) => void;
}

/** Stacked bars of cost per day or month, one colour per group. */
export default function CostChart(props: CostChartProps) {
  const { data, fmt, locale, label, onBar, noneLabel = NONE_LABEL } = props;
  const clicked = useRef(onBar);
  clicked.current = onBar;
  const dark = useIsDark();

  const clickable = onBar !== undefined;
  const option = useMemo(
    () => optionOf(data, fmt, locale, dark, { noneLabel, clickable }),
    [data, fmt, locale, dark, noneLabel, clickable],
  );
  const bindClick = useCallback(
    (chart: ChartInstance) => {
      chart.off("click");
      chart.on("click", (params) => {
        const key = data.series[params.seriesIndex ?? -1]?.key;
        const bucket = data.dates[params.dataIndex ?? -1];
        if (key !== undefined && key !== OTHER_KEY && bucket) clicked.current?.(key, bucket);
      });
    },
    [data],
  );
  const element = useChart(option, bindClick);

  return <div ref={element} role="img" aria-label={label} className="h-80 w-full" />;
}
