import type { RealtimeStatus } from "../../lib/realtime.ts";
import { cn } from "../../lib/utils.ts";

const LABELS: Record<RealtimeStatus, string> = {
  live: "Live updates on",
  connecting: "Connecting to live updates",
  offline: "Live updates paused, reconnecting",
};

export function LiveIndicator({ status }: { status: RealtimeStatus }) {
  return (
    <span
      role="status"
      title={LABELS[status]}
      className="hidden items-center gap-1.5 text-xs text-muted-foreground sm:inline-flex"
    >
      <span
        aria-hidden
        className={cn(
          "size-2 rounded-full",
          status === "live" && "bg-success",
          status === "connecting" && "bg-muted-foreground/50",
          status === "offline" && "bg-warning",
        )}
      />
      <span className="sr-only">{LABELS[status]}</span>
      <span aria-hidden>{status === "live" ? "Live" : status === "offline" ? "Offline" : ""}</span>
    </span>
  );
}
