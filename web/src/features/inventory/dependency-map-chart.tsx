// The dependency map's canvas: an echarts force-directed graph. Loaded with React.lazy.
import { GraphChart, type GraphSeriesOption } from "echarts/charts";
import {
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import { type ComposeOption, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { type RefObject, useCallback, useEffect, useMemo, useState } from "react";
import { useNavigate } from "react-router";
import type { OperationOutput } from "../../lib/api.ts";
import {
  axisColors,
  type ChartInstance,
  escapeHtml,
  useChart,
  useIsDark,
} from "../costs/charts/echarts.ts";
import { REST_COLOR, SERIES_COLORS } from "../costs/charts/palette.ts";
import { typeLabel } from "./resource-labels.ts";

use([GraphChart, LegendComponent, TooltipComponent, CanvasRenderer]);

type ChartOption = ComposeOption<
  GraphSeriesOption | LegendComponentOption | TooltipComponentOption
>;
type Graph = OperationOutput<"inventory.graph">;

const UNKNOWN = "Not discovered";

/**
 * The chart's width in steps of 80 px: the layout's spacing follows it, and a step (not every
 * pixel of a resize) lays the graph out again.
 */
function useWidthStep(
  element: RefObject<HTMLDivElement | null>,
  setWidth: (width: number) => void,
) {
  useEffect(() => {
    if (!element.current) return;
    const observer = new ResizeObserver(([entry]) => {
      const next = Math.round((entry?.contentRect.width ?? 0) / 80) * 80;
      if (next > 0) setWidth(next);
    });
    observer.observe(element.current);
    return () => observer.disconnect();
  }, [element, setWidth]);
}

/**
 * Spacing for the force layout: wide enough on a desktop that labels clear their neighbours,
 * tight enough on a phone that the graph stays inside its box.
 */
function forceFor(width: number) {
  const isNarrow = width > 0 && width < 640;
  return {
    isNarrow,
    force: {
      repulsion: isNarrow ? 85 : 240,
      edgeLength: isNarrow ? [40, 70] : [70, 150],
      gravity: isNarrow ? 0.12 : 0.06,
      // Laid out before it is drawn, so labels are placed (and overlaps hidden) on the final
      // positions rather than on the first frame of an animation.
      layoutAnimation: false,
    },
  };
}

function optionOf(
  graph: Graph,
  centre: string | undefined,
  dark: boolean,
  width: number,
): ChartOption {
  const { text } = axisColors(dark);
  const { isNarrow, force } = forceFor(width);
  // One category (colour, legend entry) per resource type present.
  const types = [...new Set(graph.nodes.map((n) => (n.type ? typeLabel(n.type) : UNKNOWN)))].sort();
  const categories = types.map((name, i) => ({
    name,
    itemStyle: { color: name === UNKNOWN ? REST_COLOR : SERIES_COLORS[i % SERIES_COLORS.length] },
  }));
  const degree = new Map<string, number>();
  for (const e of graph.edges)
    for (const id of [e.source, e.target]) degree.set(id, (degree.get(id) ?? 0) + 1);
  return {
    animationDuration: 300,
    // One scrolling row on a phone, where a wrapped legend ran into the graph below it.
    legend: {
      type: isNarrow ? "scroll" : "plain",
      top: 0,
      left: 0,
      right: 0,
      textStyle: { color: text },
      pageTextStyle: { color: text },
      data: types,
    },
    tooltip: {
      confine: true,
      formatter: (p) => {
        const data = (p as { data: { name?: string; tip?: string } }).data;
        return escapeHtml(data.tip ?? data.name ?? "");
      },
    },
    series: [
      {
        type: "graph",
        layout: "force",
        roam: true,
        draggable: true,
        top: isNarrow ? 40 : 64,
        bottom: 16,
        left: 16,
        // Labels sit right of their node: room for them at the right edge.
        right: isNarrow ? 48 : 96,
        categories,
        force,
        label: {
          show: graph.nodes.length <= 60,
          position: "right",
          color: text,
          fontSize: isNarrow ? 10 : 11,
          // On the card's colour, so an edge passing behind a label does not strike it through.
          backgroundColor: dark ? "#101010" : "#ffffff",
          padding: [1, 3],
          borderRadius: 3,
        },
        // A label that would cover another is left out (hover shows every name); zooming in
        // spreads the nodes and brings it back.
        labelLayout: { hideOverlap: true },
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 7,
        lineStyle: { color: "source", opacity: 0.6, curveness: 0.1 },
        emphasis: { focus: "adjacency" },
        data: graph.nodes.map((n) => ({
          id: n.id,
          name: n.name,
          category: types.indexOf(n.type ? typeLabel(n.type) : UNKNOWN),
          symbolSize: (n.id === centre ? 22 : 10) + Math.min(12, (degree.get(n.id) ?? 0) * 2),
          tip: `${n.name} — ${n.type ? typeLabel(n.type) : UNKNOWN}${n.provider ? ` (${n.provider}${n.region ? ` ${n.region}` : ""})` : ""}`,
        })),
        links: graph.edges.map((e) => ({
          source: e.source,
          target: e.target,
          tip: e.type,
          label: { show: false, formatter: e.type },
        })),
      },
    ],
  };
}

/** The graph; clicking a discovered resource opens its page. */
export default function DependencyMapChart(props: {
  graph: Graph;
  centre?: string;
  height?: number;
}) {
  const dark = useIsDark();
  const navigate = useNavigate();
  const [width, setWidth] = useState(0);
  const option = useMemo(
    () => optionOf(props.graph, props.centre, dark, width),
    [props.graph, props.centre, dark, width],
  );
  const onUpdate = useCallback(
    (chart: ChartInstance) => {
      chart.off("click");
      chart.on("click", (p) => {
        const id = (p.data as { id?: string } | undefined)?.id;
        if (p.dataType === "node" && id && !id.startsWith("native:"))
          navigate(`/inventory/resources/${id}`);
      });
      // echarts places labels (and hides overlapping ones) on the nodes' first positions and
      // again only on zoom; the layout has run by now, so a zoom by 1 places them on the final ones.
      chart.dispatchAction({ type: "graphRoam", seriesIndex: 0, zoom: 1, originX: 0, originY: 0 });
    },
    [navigate],
  );
  const element = useChart(option, onUpdate);
  useWidthStep(element, setWidth);
  return (
    <div
      ref={element}
      style={{ height: props.height ?? 420 }}
      className="w-full"
      role="img"
      aria-label={`Dependency map: ${props.graph.nodes.length} resources, ${props.graph.edges.length} relations`}
      data-testid="dependency-map"
    />
  );
}
