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
import { type ComposeOption, init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef, useState } from "react";
import type { OperationOutput } from "../../../lib/api.ts";
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

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const numberOrGap = (value: string | null) => (value === null ? "-" : Number(value));

function useIsDark(): boolean {
  const [dark, setDark] = useState(() => document.documentElement.classList.contains("dark"));
  useEffect(() => {
    const root = document.documentElement;
    const observer = new MutationObserver(() => setDark(root.classList.contains("dark")));
    observer.observe(root, { attributes: true, attributeFilter: ["class"] });
    return () => observer.disconnect();
  }, []);
  return dark;
}

function optionOf(
  days: Day[],
  anomalyDay: string,
  fmt: MoneyFormat,
  locale: string,
  dark: boolean,
) {
  const text = dark ? "#a1a1aa" : "#71717a";
  const line = dark ? "#27272a" : "#e4e4e7";
  const dayLabel = new Intl.DateTimeFormat(locale, {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });
  const labels = days.map((d) => dayLabel.format(new Date(`${d.date}T00:00:00Z`)));
  const marked = days.findIndex((d) => d.date === anomalyDay);
  const option: ChartOption = {
    animationDuration: 300,
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
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
      axisLabel: { color: text, formatter: (v: number) => fmt.compact(v) },
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
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init>>(null);
  const dark = useIsDark();

  useEffect(() => {
    if (!element.current) return;
    const instance = init(element.current, undefined, { renderer: "canvas" });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element.current);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(optionOf(days, anomalyDay, fmt, locale, dark), { notMerge: true });
  }, [days, anomalyDay, fmt, locale, dark]);

  return <div ref={element} role="img" aria-label={label} className="h-80 w-full" />;
}
