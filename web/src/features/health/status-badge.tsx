import { Badge } from "../../components/ui/badge.tsx";

const TONE: Record<string, string> = {
  up: "bg-green-600 text-white",
  down: "bg-red-600 text-white",
  firing: "bg-red-600 text-white",
  open: "bg-red-600 text-white",
  pending: "bg-amber-500 text-white",
  acknowledged: "bg-amber-500 text-white",
  resolved: "bg-slate-500 text-white",
  unknown: "bg-slate-400 text-white",
  paused: "border-slate-400 bg-transparent text-slate-600 dark:text-slate-300",
};

/** A status word on its colour; the word is always there, colour only repeats it. */
export function StatusBadge({ status }: { status: string }) {
  return <Badge className={TONE[status] ?? ""}>{status}</Badge>;
}

/**
 * A check's status; a paused one says so, beside the status its last run left (a paused check
 * probes nothing, so that status is history, not news).
 */
export function CheckStatus({ check }: { check: { isEnabled: boolean; status: string } }) {
  if (check.isEnabled) return <StatusBadge status={check.status} />;
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap">
      <StatusBadge status="paused" />
      {check.status !== "unknown" && (
        <span className="text-xs text-muted-foreground">was {check.status}</span>
      )}
    </span>
  );
}

/** Latency of the last runs as a line; failed runs are red ticks along the bottom. */
export function Sparkline({ points }: { points: { isUp: boolean; latencyMs: number | null }[] }) {
  if (points.length === 0)
    return <span className="text-xs text-muted-foreground">no runs yet</span>;
  const width = 120;
  const height = 28;
  const max = Math.max(1, ...points.map((p) => p.latencyMs ?? 0));
  const step = points.length > 1 ? width / (points.length - 1) : width;
  const line = points
    .map(
      (p, i) =>
        `${(i * step).toFixed(1)},${(height - 2 - ((p.latencyMs ?? 0) / max) * (height - 6)).toFixed(1)}`,
    )
    .join(" ");
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label={`Latency of the last ${points.length} runs`}
    >
      <polyline
        points={line}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        className="text-sky-600"
      />
      <path
        d={points
          .map((p, i) => (p.isUp ? "" : `M${(i * step).toFixed(1)} ${height - 4}v4`))
          .join("")}
        className="stroke-red-600"
        strokeWidth="2"
      />
    </svg>
  );
}
