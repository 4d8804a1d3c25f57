import { LineChart, type LineSeriesOption } from "echarts/charts";
import {
  GridComponent,
  type GridComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import { type ComposeOption, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useMemo } from "react";
import { axisColors, escapeHtml, useChart, useIsDark } from "../../costs/charts/echarts.ts";
import { ANOMALOUS, type JudgedPoint } from "./metric-state.ts";
import { formatMetricValue, type MetricUnit } from "./metric-units.ts";

use([LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

type ChartOption = ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption>;

const ACTUAL = "#2563eb";
const ANOMALY = "#dc2626";
const EXPECTED = "#71717a";

/**
 * One series' actual values against what the anomaly engine expected and its band of usual
 * values; points outside the band are marked red, and the tooltip says by how much.
 */
export default function MetricAnomalyChart({
  points,
  period,
  locale,
  label,
  valueUnit,
}: {
  points: JudgedPoint[];
  period: { from: string; to: string };
  locale: string;
  label: string;
  valueUnit?: MetricUnit;
}) {
  const dark = useIsDark();
  const option = useMemo<ChartOption>(() => {
    const { text, line } = axisColors(dark);
    const number = { format: (v: number) => formatMetricValue(v, valueUnit, locale) };
    const time = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
    const at = (p: JudgedPoint) => Date.parse(String(p.time));
    const judged = points.filter((p) => !p.isWarmingUp);
    return {
      animationDuration: 300,
      grid: { left: 8, right: 16, top: 12, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        confine: true,
        formatter: (raw) => {
          const first = Array.isArray(raw) ? raw[0] : raw;
          const t = (first?.value as [number, number] | undefined)?.[0];
          const p = points.find((q) => at(q) === t);
          if (!p) return "";
          const rows = [
            ["Value", number.format(p.value)],
            ...(p.isWarmingUp
              ? [["Expected", "still learning"]]
              : [
                  ["Expected", number.format(p.expected)],
                  ["Usual", `${number.format(p.lower)} – ${number.format(p.upper)}`],
                  ["Anomaly score", p.score.toFixed(2)],
                ]),
          ].map(
            ([name, value]) =>
              `<div style="display:flex;gap:12px;justify-content:space-between">${escapeHtml(name ?? "")}<b>${escapeHtml(value ?? "")}</b></div>`,
          );
          return `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(time.format(p.time ? new Date(String(p.time)) : 0))}</div>${rows.join("")}`;
        },
      },
      xAxis: {
        type: "time",
        min: Date.parse(period.from),
        max: Date.parse(period.to),
        axisLabel: { color: text, hideOverlap: true },
        axisLine: { lineStyle: { color: line } },
      },
      yAxis: {
        type: "value",
        scale: true,
        axisLabel: { color: text, formatter: (v: number) => number.format(v) },
        splitLine: { lineStyle: { color: line } },
      },
      series: [
        // The band: an invisible lower edge with the band's height stacked on top of it.
        {
          type: "line",
          name: "Lower edge",
          stack: "band",
          symbol: "none",
          lineStyle: { opacity: 0 },
          data: judged.map((p) => [at(p), p.lower]),
        },
        {
          type: "line",
          name: "Usual range",
          stack: "band",
          symbol: "none",
          lineStyle: { opacity: 0 },
          areaStyle: { color: dark ? "rgba(161,161,170,0.18)" : "rgba(113,113,122,0.14)" },
          data: judged.map((p) => [at(p), p.upper - p.lower]),
        },
        {
          type: "line",
          name: "Expected",
          symbol: "none",
          itemStyle: { color: EXPECTED },
          lineStyle: { type: "dashed", width: 1.2 },
          data: judged.map((p) => [at(p), p.expected]),
        },
        {
          type: "line",
          name: "Value",
          showSymbol: true,
          symbolSize: 0,
          itemStyle: { color: ACTUAL },
          lineStyle: { width: 1.8 },
          data: points.map((p) =>
            p.score > ANOMALOUS
              ? { value: [at(p), p.value], symbolSize: 9, itemStyle: { color: ANOMALY } }
              : [at(p), p.value],
          ),
        },
      ],
    };
  }, [points, period, locale, dark, valueUnit]);
  const element = useChart(option);
  return (
    <div
      ref={element}
      role="img"
      aria-label={label}
      className="h-56 w-full"
      data-testid="metric-anomaly-chart"
    />
  );
}
