import type { OperationOutput } from "../../../lib/api.ts";
import { shareOf } from "../money.ts";
import { KIND_LABELS, type TargetKind } from "./allocation-rules.ts";

export type Allocation = OperationOutput<"costs.allocation">;

export interface Slice {
  id: string;
  /** The client or project as the rules name it. */
  name: string;
  /** How charts list it: "Client · acme". */
  label: string;
  /** null for what no rule took. */
  kind: TargetKind | null;
  total: string;
  /** 0–1 of the period's total. */
  share: number;
  color: string;
}

// The explorer chart's palette without its grey, which is kept for "Unallocated".
const PALETTE = [
  "#2563eb",
  "#16a34a",
  "#f59e0b",
  "#db2777",
  "#7c3aed",
  "#0891b2",
  "#ea580c",
  "#65a30d",
  "#be123c",
];
export const UNALLOCATED_COLOR = "#a1a1aa";
export const UNALLOCATED_LABEL = "Unallocated";

/** The targets, largest first, then what is unallocated (always, even when it is zero). */
export function slicesOf(allocation: Allocation): Slice[] {
  const targets = allocation.targets.map(
    (t, i): Slice => ({
      id: `${t.kind}:${t.key}`,
      name: t.key,
      label: `${KIND_LABELS[t.kind]} · ${t.key}`,
      kind: t.kind,
      total: t.total,
      share: shareOf(t.total, allocation.total),
      color: PALETTE[i % PALETTE.length] as string,
    }),
  );
  return [
    ...targets,
    {
      id: "unallocated",
      name: UNALLOCATED_LABEL,
      label: UNALLOCATED_LABEL,
      kind: null,
      total: allocation.unallocated,
      share: shareOf(allocation.unallocated, allocation.total),
      color: UNALLOCATED_COLOR,
    },
  ];
}
