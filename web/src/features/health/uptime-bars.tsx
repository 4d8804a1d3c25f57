import { useFormat } from "../../lib/session.tsx";
import { percent } from "./status-badge.tsx";

const DAY_MS = 86_400_000;

export interface DayRuns {
  day: string;
  upCount: number;
  totalCount: number;
}

/** A day's colour, by the status page's thresholds: 99.9 % up, 95 %, worse; grey without runs. */
function tone(day: DayRuns | undefined): string {
  if (!day || day.totalCount === 0) return "bg-slate-200 dark:bg-slate-700";
  const up = day.upCount / day.totalCount;
  if (up >= 0.999) return "bg-green-500";
  if (up >= 0.95) return "bg-amber-500";
  return "bg-red-500";
}

/**
 * One bar per UTC day of the last `count` (today last), coloured by the share of runs that were
 * up; a day without runs is grey. Each bar names its day and figures on hover.
 */
export function UptimeBars({
  days,
  count,
  height = 24,
}: {
  days: DayRuns[];
  count: number;
  height?: number;
}) {
  const fmt = useFormat();
  const byDay = new Map(days.map((d) => [d.day, d]));
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const shown = Array.from({ length: count }, (_, i) =>
    new Date(today - (count - 1 - i) * DAY_MS).toISOString().slice(0, 10),
  );
  const withRuns = days.filter((d) => d.totalCount > 0).length;
  return (
    <div
      className="flex w-full items-stretch gap-px"
      style={{ height }}
      role="img"
      aria-label={`Uptime per day, last ${count} days: ${withRuns} days with runs`}
    >
      {shown.map((day) => {
        const runs = byDay.get(day);
        const label = runs?.totalCount
          ? `${fmt.day(day)}: ${percent(runs.upCount / runs.totalCount)} up (${runs.totalCount} runs)`
          : `${fmt.day(day)}: no runs`;
        return (
          <span key={day} title={label} className={`min-w-0 flex-1 rounded-[1px] ${tone(runs)}`} />
        );
      })}
    </div>
  );
}
