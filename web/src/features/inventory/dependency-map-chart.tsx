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
import { useCallback, useMemo } from "react";
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

function optionOf(graph: Graph, centre: string | undefined, dark: boolean): ChartOption {
  const { text } = axisColors(dark);
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
    legend: { top: 0, left: 0, textStyle: { color: text }, data: types },
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
        top: 40,
        categories,
        force: { repulsion: 160, edgeLength: [50, 120], gravity: 0.08 },
        label: { show: graph.nodes.length <= 60, position: "right", color: text, fontSize: 11 },
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
  const option = useMemo(
    () => optionOf(props.graph, props.centre, dark),
    [props.graph, props.centre, dark],
  );
  const onUpdate = useCallback(
    (chart: ChartInstance) => {
      chart.off("click");
      chart.on("click", (p) => {
        const id = (p.data as { id?: string } | undefined)?.id;
        if (p.dataType === "node" && id && !id.startsWith("native:"))
          navigate(`/inventory/resources/${id}`);
      });
    },
    [navigate],
  );
  const element = useChart(option, onUpdate);
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
