import type { OperationOutput } from "../../../lib/api.ts";
import { REST_COLOR, SERIES_COLORS } from "../charts/palette.ts";
import { shareOf } from "../money.ts";
import { KIND_LABELS, type TargetKind } from "./allocation-rules.ts";

export type Allocation = OperationOutput<"costs.allocation">;

export interface Slice {
  id: string;
  /** The client's or project's name, else its key as the rules name it. */
  name: string;
  /** A rule's key that no client or project has: no invoice bills this cost. */
  unbilled: boolean;
  /** How charts list it: "Client · acme". */
  label: string;
  /** null for what no rule took. */
  kind: TargetKind | null;
  total: string;
  /** 0–1 of the period's total. */
  share: number;
  color: string;
}

// The explorer's colours without its slate, which would read as the grey of "Unallocated".
const PALETTE = SERIES_COLORS.filter((color) => color !== "#64748b");
export const UNALLOCATED_COLOR = REST_COLOR;
export const UNALLOCATED_LABEL = "Unallocated";

/** The targets, largest first, then what is unallocated (always, even when it is zero). */
export function slicesOf(allocation: Allocation): Slice[] {
  const targets = allocation.targets.map(
    (t, i): Slice => ({
      id: `${t.kind}:${t.key}`,
      name: t.name ?? t.key,
      unbilled: t.name === null,
      label: `${KIND_LABELS[t.kind]} · ${t.name ?? t.key}`,
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
      unbilled: false,
      label: UNALLOCATED_LABEL,
      kind: null,
      total: allocation.unallocated,
      share: shareOf(allocation.unallocated, allocation.total),
      color: UNALLOCATED_COLOR,
    },
  ];
}
