import { Radio } from "lucide-react";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { useFormat } from "../../lib/session.tsx";
import { LEVEL_COLORS } from "./log-range.ts";
import type { LiveTail } from "./use-live-tail.ts";

/** The lines arriving while Live is on, newest first, with what fell behind. */
export function LiveTailView({ tail }: { tail: LiveTail }) {
  const format = useFormat();
  return (
    <div data-testid="live-tail">
      <p
        className="flex items-center gap-2 border-b px-4 py-2 text-sm text-muted-foreground"
        aria-live="polite"
      >
        <Radio className="size-4 text-red-600" aria-hidden />
        {tail.status === "live"
          ? `Live: ${format.number(tail.lines.length)} new ${tail.lines.length === 1 ? "line" : "lines"}`
          : tail.status === "closed"
            ? "Live tail disconnected: turn Live off and on to reconnect"
            : "Connecting…"}
        {tail.dropped > 0 && (
          <span className="text-amber-700" data-testid="live-dropped">
            · {format.number(tail.dropped)} skipped while this browser caught up
          </span>
        )}
      </p>
      {tail.lines.length === 0 ? (
        <EmptyState
          icon={Radio}
          title="Waiting for new lines"
          description="Lines matching the filters appear here as they are ingested."
        />
      ) : (
        <ul className="divide-y font-mono text-xs" aria-label="Live log lines">
          {tail.lines.map((line, i) => (
            // Live lines have no id until stored; their position in this list is stable enough.
            // biome-ignore lint/suspicious/noArrayIndexKey: lines only ever prepend
            <li key={tail.lines.length - i} className="flex items-start gap-3 px-4 py-1.5">
              <time className="shrink-0 text-muted-foreground" dateTime={line.time}>
                {format.dateTime(line.time)}
              </time>
              <span
                className="w-12 shrink-0 font-semibold uppercase"
                style={{ color: LEVEL_COLORS[line.level] }}
              >
                {line.level}
              </span>
              <span className="w-28 shrink-0 truncate text-muted-foreground">{line.service}</span>
              <span className="min-w-0 flex-1 whitespace-pre-wrap break-all">{line.message}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
