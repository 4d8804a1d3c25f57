import { PieChart, type PieSeriesOption } from "echarts/charts";
import { TooltipComponent, type TooltipComponentOption } from "echarts/components";
import { type ComposeOption, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useMemo } from "react";
import { escapeHtml, useChart, useIsDark } from "../charts/echarts.ts";
import type { MoneyFormat } from "../money.ts";
import type { Slice } from "./allocation-slices.ts";

use([PieChart, TooltipComponent, CanvasRenderer]);

type ChartOption = ComposeOption<PieSeriesOption | TooltipComponentOption>;

function optionOf(slices: Slice[], fmt: MoneyFormat, dark: boolean): ChartOption {
  return {
    animationDuration: 300,
    tooltip: {
      trigger: "item",
      confine: true,
      formatter: (raw) => {
        const point = Array.isArray(raw) ? raw[0] : raw;
        const slice = slices[point?.dataIndex ?? -1];
        if (!slice) return "";
        return `${point?.marker ?? ""}${escapeHtml(slice.label)}<br/><b>${escapeHtml(fmt.money(slice.total))}</b> · ${escapeHtml(fmt.percent(slice.share))}`;
      },
    },
    series: [
      {
        type: "pie",
        radius: ["58%", "88%"],
        avoidLabelOverlap: true,
        label: { show: false },
        itemStyle: { borderColor: dark ? "#09090b" : "#ffffff", borderWidth: 2 },
        // A pie cannot draw a negative amount (net credits): those slices are left to the table.
        data: slices.map((s) => ({
          name: s.label,
          value: Math.max(0, Number(s.total)),
          itemStyle: { color: s.color },
        })),
      },
    ],
  };
}

interface AllocationChartProps {
  slices: Slice[];
  fmt: MoneyFormat;
  label: string;
  /** Shown in the hole of the donut. */
  total: string;
}

/** A donut of the period's cost by client and project, with the unallocated part in grey. */
export default function AllocationChart({ slices, fmt, label, total }: AllocationChartProps) {
  const dark = useIsDark();

  const option = useMemo(() => optionOf(slices, fmt, dark), [slices, fmt, dark]);
  const element = useChart(option);

  return (
    <div className="relative h-64 w-full">
      <div ref={element} role="img" aria-label={label} className="h-full w-full" />
      <div className="pointer-events-none absolute inset-0 flex flex-col items-center justify-center">
        <span className="text-xs text-muted-foreground">Total</span>
        <span className="text-lg font-semibold tabular-nums">{fmt.money(total)}</span>
      </div>
    </div>
  );
}
