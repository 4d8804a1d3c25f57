import { BarChart, type BarSeriesOption } from "echarts/charts";
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import { type ComposeOption, init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef, useState } from "react";
import type { OperationOutput } from "../../lib/api.ts";
import { NONE_LABEL, OTHER_KEY } from "./labels.ts";
import type { MoneyFormat } from "./money.ts";
import { bucketLabel } from "./period.ts";

// Only the parts drawn here, so the chart chunk stays small.
use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type ChartOption = ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;
type Series = OperationOutput<"costs.timeseries">;

const PALETTE = [
  "#2563eb",
  "#16a34a",
  "#f59e0b",
  "#db2777",
  "#7c3aed",
  "#0891b2",
  "#ea580c",
  "#65a30d",
  "#64748b",
  "#be123c",
];
const OTHER_COLOR = "#a1a1aa";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

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

function optionOf(data: Series, fmt: MoneyFormat, locale: string, dark: boolean): ChartOption {
  const text = dark ? "#a1a1aa" : "#71717a";
  const line = dark ? "#27272a" : "#e4e4e7";
  const names = data.series.map((s) => s.key ?? NONE_LABEL);
  return {
    color: PALETTE,
    animationDuration: 300,
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
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
    xAxis: {
      type: "category",
      data: data.dates.map((d) => bucketLabel(d, data.granularity, locale)),
      axisLabel: { color: text },
      axisLine: { lineStyle: { color: line } },
      axisTick: { show: false },
    },
    yAxis: {
      type: "value",
      axisLabel: { color: text, formatter: (v: number) => fmt.compact(v) },
      splitLine: { lineStyle: { color: line } },
    },
    series: data.series.map((s, i) => ({
      type: "bar",
      name: names[i],
      stack: "cost",
      barMaxWidth: 48,
      cursor: s.key === null || s.key === OTHER_KEY ? "default" : "pointer",
      emphasis: { focus: "series" },
      ...(s.key === OTHER_KEY ? { itemStyle: { color: OTHER_COLOR } } : {}),
      data: s.values.map(Number),
    })),
  };
}

interface CostChartProps {
  data: Series;
  fmt: MoneyFormat;
  locale: string;
  label: string;
  /** A bar was clicked: the group value it stands for. */
  onDrill: (key: string) => void;
}

/** Stacked bars of cost per day or month, one colour per group. */
export default function CostChart({ data, fmt, locale, label, onDrill }: CostChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init>>(null);
  const drill = useRef(onDrill);
  drill.current = onDrill;
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
    const instance = chart.current;
    if (!instance) return;
    instance.setOption(optionOf(data, fmt, locale, dark), { notMerge: true });
    instance.off("click");
    instance.on("click", (params) => {
      const key = data.series[params.seriesIndex ?? -1]?.key;
      if (key && key !== OTHER_KEY) drill.current(key);
    });
  }, [data, fmt, locale, dark]);

  return <div ref={element} role="img" aria-label={label} className="h-80 w-full" />;
}
