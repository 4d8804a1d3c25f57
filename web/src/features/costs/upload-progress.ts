import type { UploadItem } from "./use-uploads.ts";

/** What an upload's row says about it and how its bar looks. */
export interface UploadProgressView {
  /** The words after the file's size: "Uploading 42%", "Processing: 12,000 rows…". */
  status: string;
  /** What the bar measures; no bar once the file is done, failed or cancelled. */
  bar?: {
    label: "Upload" | "Processing";
    /** 0–100. */
    percent: number;
    /** Work goes on that cannot be measured: the bar pulses rather than stand still. */
    isPulsing: boolean;
  };
}

/** After the file is read, the import's later steps (server: costs import phases). */
const LATER_PHASES: Record<string, string> = {
  replacing: "replacing earlier imports of the same periods",
  rollups: "building roll-ups",
};

const percentOf = (done: number, total: number) =>
  total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;

/**
 * How an upload shows: bytes sent while uploading; then, as the server reports (over
 * /api/events), rows read and the share of the file's bytes behind them; a pulsing full bar
 * while nothing measurable is reported (no report yet, or the steps after reading).
 */
export function uploadProgressView(
  item: Pick<UploadItem, "status" | "bytes" | "sent" | "processed">,
  formatNumber: (value: number) => string,
): UploadProgressView {
  switch (item.status) {
    case "queued":
      return { status: "Waiting", bar: { label: "Upload", percent: 0, isPulsing: false } };
    case "uploading": {
      const percent = percentOf(item.sent, item.bytes);
      return {
        status: `Uploading ${percent}%`,
        bar: { label: "Upload", percent, isPulsing: false },
      };
    }
    case "importing": {
      const { processed } = item;
      if (!processed)
        return {
          status: "Processing…",
          bar: { label: "Processing", percent: 100, isPulsing: true },
        };
      const rows = `Processing: ${formatNumber(processed.rows)} rows`;
      const later = processed.phase ? LATER_PHASES[processed.phase] : undefined;
      if (later)
        return {
          status: `${rows} — ${later}…`,
          bar: { label: "Processing", percent: 100, isPulsing: true },
        };
      return {
        status: `${rows}…`,
        bar: {
          label: "Processing",
          percent: percentOf(processed.done, processed.total),
          isPulsing: false,
        },
      };
    }
    case "done":
      return { status: "Imported" };
    case "failed":
      return { status: "Failed" };
    case "cancelled":
      return { status: "Cancelled" };
  }
}
