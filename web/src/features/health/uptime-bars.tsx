import {
  dayTone,
  uptimePercent,
} from "../../../../server/modules/observability/uptime/uptime-tone.ts";
import { useFormat } from "../../lib/session.tsx";

const DAY_MS = 86_400_000;

export interface DayRuns {
  day: string;
  upCount: number;
  totalCount: number;
}

const TONE_CLASS = {
  up: "bg-green-500",
  partial: "bg-amber-500",
  down: "bg-red-500",
  none: "bg-slate-200 dark:bg-slate-700",
} as const;

/** A day's colour by the status page's thresholds; grey without runs. */
const tone = (day: DayRuns | undefined) =>
  TONE_CLASS[dayTone(day?.totalCount ? day.upCount / day.totalCount : null)];

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
          ? `${fmt.day(day)}: ${uptimePercent(runs.upCount / runs.totalCount)} up (${runs.totalCount} runs)`
          : `${fmt.day(day)}: no runs`;
        return (
          <span key={day} title={label} className={`min-w-0 flex-1 rounded-[1px] ${tone(runs)}`} />
        );
      })}
    </div>
  );
}
