// Colours of the cost charts, kept apart from echarts so tables and legends can use them too.

/** One colour a series, in order; the slate one reads as neutral next to the others. */
export const SERIES_COLORS = [
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
] as const;

/** The grey of what is left over: "Other" in the explorer, "Unallocated" in allocation. */
export const REST_COLOR = "#a1a1aa";
