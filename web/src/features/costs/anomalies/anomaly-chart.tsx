import { LineChart, type LineSeriesOption } from "echarts/charts";
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  MarkLineComponent,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import { type ComposeOption, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useMemo } from "react";
import type { OperationOutput } from "../../../lib/api.ts";
import {
  axisColors,
  CHART_GRID,
  costAxes,
  escapeHtml,
  useChart,
  useIsDark,
} from "../charts/echarts.ts";
import type { MoneyFormat } from "../money.ts";

use([
  LineChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

type ChartOption = ComposeOption<
  LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;
type Day = OperationOutput<"costs.anomalies.get">["series"][number];

const ACTUAL = "#2563eb";
const ANOMALY = "#dc2626";
const EXPECTED = "#71717a";

const numberOrGap = (value: string | null) => (value === null ? "-" : Number(value));

function optionOf(
  days: Day[],
  anomalyDay: string,
  fmt: MoneyFormat,
  locale: string,
  dark: boolean,
) {
  const { text } = axisColors(dark);
  const dayLabel = new Intl.DateTimeFormat(locale, {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });
  const labels = days.map((d) => dayLabel.format(new Date(`${d.date}T00:00:00Z`)));
  const marked = days.findIndex((d) => d.date === anomalyDay);
  const option: ChartOption = {
    animationDuration: 300,
    grid: CHART_GRID,
    legend: {
      top: 0,
      left: 0,
      textStyle: { color: text },
      data: ["Actual", "Expected", "Expected range"],
    },
    tooltip: {
      trigger: "axis",
      confine: true,
      formatter: (raw) => {
        const index = (Array.isArray(raw) ? raw[0] : raw)?.dataIndex ?? 0;
        const day = days[index];
        if (!day) return "";
        const rows = [
          ["Actual", fmt.money(day.actual)],
          ["Expected", day.expected === null ? "—" : fmt.money(day.expected)],
          [
            "Range",
            day.lower === null || day.upper === null
              ? "not enough history"
              : `${fmt.money(day.lower)} – ${fmt.money(day.upper)}`,
          ],
        ].map(
          ([name, value]) =>
            `<div style="display:flex;gap:12px;justify-content:space-between">${name}<b>${escapeHtml(value ?? "")}</b></div>`,
        );
        return `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(labels[index] ?? "")}</div>${rows.join("")}`;
      },
    },
    ...costAxes(labels, fmt.compact, dark, { boundaryGap: false }),
    series: [
      // The band: an invisible lower edge with the band's height stacked on top of it.
      {
        type: "line",
        name: "Lower edge",
        stack: "band",
        symbol: "none",
        lineStyle: { opacity: 0 },
        data: days.map((d) => numberOrGap(d.lower)),
        tooltip: { show: false },
      },
      {
        type: "line",
        name: "Expected range",
        stack: "band",
        symbol: "none",
        lineStyle: { opacity: 0 },
        areaStyle: { color: dark ? "rgba(161,161,170,0.18)" : "rgba(113,113,122,0.14)" },
        itemStyle: { color: dark ? "rgba(161,161,170,0.5)" : "rgba(113,113,122,0.35)" },
        data: days.map((d) =>
          d.lower === null || d.upper === null ? "-" : Number(d.upper) - Number(d.lower),
        ),
      },
      {
        type: "line",
        name: "Expected",
        symbol: "none",
        itemStyle: { color: EXPECTED },
        lineStyle: { type: "dashed", width: 1.5 },
        data: days.map((d) => numberOrGap(d.expected)),
      },
      {
        type: "line",
        name: "Actual",
        symbolSize: 5,
        itemStyle: { color: ACTUAL },
        lineStyle: { width: 2 },
        data: days.map((d, i) =>
          i === marked
            ? { value: Number(d.actual), symbolSize: 11, itemStyle: { color: ANOMALY } }
            : Number(d.actual),
        ),
        markLine:
          marked >= 0
            ? {
                silent: true,
                symbol: "none",
                label: { show: false },
                lineStyle: { color: ANOMALY, type: "dotted" },
                data: [{ xAxis: marked }],
              }
            : undefined,
      },
    ],
  };
  return option;
}

interface AnomalyChartProps {
  days: Day[];
  anomalyDay: string;
  fmt: MoneyFormat;
  locale: string;
  label: string;
}

/** Actual cost per day against the detector's expected value and band, the anomaly marked. */
export default function AnomalyChart({ days, anomalyDay, fmt, locale, label }: AnomalyChartProps) {
  const dark = useIsDark();

  const option = useMemo(
    () => optionOf(days, anomalyDay, fmt, locale, dark),
    [days, anomalyDay, fmt, locale, dark],
  );
  const element = useChart(option);

  return <div ref={element} role="img" aria-label={label} className="h-80 w-full" />;
}
