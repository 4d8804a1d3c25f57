// What every cost chart shares: the echarts instance's life in a React element, the light or
// dark theme, and its axis colours. Import it only from chart files that are loaded with
// React.lazy, so echarts stays out of the main chunk.
import type { EChartsCoreOption } from "echarts/core";
import { init } from "echarts/core";
import { useEffect, useRef, useState } from "react";

export type ChartInstance = ReturnType<typeof init>;

/** Escapes text put into a tooltip, which echarts renders as HTML. */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Whether the app is in dark mode (the `dark` class on <html>), following changes. */
export function useIsDark(): boolean {
  const [dark, setDark] = useState(() => document.documentElement.classList.contains("dark"));
  useEffect(() => {
    const root = document.documentElement;
    const observer = new MutationObserver(() => setDark(root.classList.contains("dark")));
    observer.observe(root, { attributes: true, attributeFilter: ["class"] });
    return () => observer.disconnect();
  }, []);
  return dark;
}

/** Text and grid-line colours for axes and legends in the current theme. */
export function axisColors(dark: boolean): { text: string; line: string } {
  return { text: dark ? "#a1a1aa" : "#71717a", line: dark ? "#27272a" : "#e4e4e7" };
}

/**
 * A canvas chart in the returned element, resized with it and disposed on unmount; `option`
 * replaces the chart's option whenever it changes. `onUpdate` runs after each replacement
 * (event handlers that close over the data).
 */
export function useChart(option: EChartsCoreOption, onUpdate?: (chart: ChartInstance) => void) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartInstance>(null);

  useEffect(() => {
    if (!element.current) return;
    const instance = init(element.current, undefined, { renderer: "canvas" });
    chart.current = instance;
    // A chart whose page is left is taken out of the document before this effect's cleanup
    // runs, and reports a size of 0 in between: echarts' graph layout throws on a 0×0 view
    // (the inventory map did, on every switch to another tab), so that resize is skipped.
    const resize = new ResizeObserver(([entry]) => {
      const size = entry?.contentRect;
      if (size && size.width > 0 && size.height > 0 && !instance.isDisposed()) instance.resize();
    });
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
    instance.setOption(option, { notMerge: true });
    onUpdate?.(instance);
  }, [option, onUpdate]);

  return element;
}

/** Room for the legend above and the axis labels, as every cost chart lays out. */
export const CHART_GRID = { left: 8, right: 16, top: 40, bottom: 8, containLabel: true };

/**
 * Days or months along the bottom and money up the side, in the theme's colours. Lines start
 * on the first label (`boundaryGap: false`); bars sit between them.
 */
export function costAxes(
  labels: string[],
  compact: (value: number) => string,
  dark: boolean,
  { boundaryGap = true } = {},
) {
  const { text, line } = axisColors(dark);
  return {
    xAxis: {
      type: "category" as const,
      data: labels,
      boundaryGap,
      axisLabel: { color: text },
      axisLine: { lineStyle: { color: line } },
      axisTick: { show: false },
    },
    yAxis: {
      type: "value" as const,
      axisLabel: { color: text, formatter: (v: number) => compact(v) },
      splitLine: { lineStyle: { color: line } },
    },
  };
}
