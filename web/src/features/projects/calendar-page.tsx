import { ChevronLeft, ChevronRight } from "lucide-react";
import { useMemo, useState } from "react";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card } from "../../components/ui/card.tsx";
import { SkeletonRows } from "../../components/ui/skeleton.tsx";
import { useOperation } from "../../lib/operations.ts";
import { useSession, useToday } from "../../lib/session.tsx";
import { cn } from "../../lib/utils.ts";
import { PriorityIcon } from "./board/task-card.tsx";
import { useShortcuts } from "./shortcuts.tsx";
import { isOverdue, type TaskRow } from "./task-format.ts";
import { useOpenTask, useProject } from "./use-project.ts";

const iso = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/** The weeks (Monday first) that show a month, as YYYY-MM-DD days. */
export function monthGrid(year: number, month: number): string[][] {
  const first = new Date(year, month, 1);
  const start = new Date(year, month, 1 - ((first.getDay() + 6) % 7));
  const weeks: string[][] = [];
  const day = new Date(start);
  do {
    const week: string[] = [];
    for (let i = 0; i < 7; i++) {
      week.push(iso(day));
      day.setDate(day.getDate() + 1);
    }
    weeks.push(week);
  } while (day.getMonth() === month);
  return weeks;
}

const MAX_PER_DAY = 4;

/** Tasks by due date on a month grid. */
export function CalendarPage() {
  const project = useProject();
  const { format } = useSession();
  const openTask = useOpenTask();
  // Today and the month it is in are the workspace's, as due dates and "overdue" are.
  const today = useToday();
  const currentMonth = useMemo(
    () => ({ year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) - 1 }),
    [today],
  );
  const [month, setMonth] = useState(currentMonth);
  const weeks = useMemo(() => monthGrid(month.year, month.month), [month]);
  const input = useMemo(
    () => ({
      projectId: project.id,
      dueFrom: weeks[0]![0]!,
      dueTo: weeks.at(-1)![6]!,
      includeDone: true,
      limit: 5000,
      sort: "priority" as const,
    }),
    [project.id, weeks],
  );
  const query = useOperation("tasks.list", input, { placeholderData: (previous) => previous });
  const byDay = useMemo(() => {
    const map = new Map<string, TaskRow[]>();
    for (const t of query.data?.tasks ?? [])
      if (t.dueDate) map.set(t.dueDate, [...(map.get(t.dueDate) ?? []), t]);
    return map;
  }, [query.data]);
  const shift = (by: number) =>
    setMonth(({ year, month: m }) => {
      const d = new Date(year, m + by, 1);
      return { year: d.getFullYear(), month: d.getMonth() };
    });
  useShortcuts({ n: () => shift(1), p: () => shift(-1) });
  const title = new Intl.DateTimeFormat(format.locale, { month: "long", year: "numeric" }).format(
    new Date(month.year, month.month, 1),
  );
  const weekdays = weeks[0]!.map((d) =>
    new Intl.DateTimeFormat(format.locale, { weekday: "short" }).format(new Date(`${d}T12:00:00`)),
  );
  const thisMonth = `${month.year}-${String(month.month + 1).padStart(2, "0")}`;
  return (
    <Card>
      <div className="flex items-center gap-2 border-b px-4 py-3">
        <h2 className="text-lg font-semibold" aria-live="polite">
          {title}
        </h2>
        <div className="ml-auto flex gap-1">
          <Button
            variant="outline"
            size="icon-sm"
            onClick={() => shift(-1)}
            aria-label="Previous month (p)"
          >
            <ChevronLeft aria-hidden />
          </Button>
          <Button variant="outline" size="sm" onClick={() => setMonth(currentMonth)}>
            Today
          </Button>
          <Button
            variant="outline"
            size="icon-sm"
            onClick={() => shift(1)}
            aria-label="Next month (n)"
          >
            <ChevronRight aria-hidden />
          </Button>
        </div>
      </div>
      <QueryState query={query} loading={<SkeletonRows rows={6} label="Loading the calendar" />}>
        {() => (
          <table className="w-full table-fixed border-collapse text-sm" data-testid="calendar">
            <caption className="sr-only">Tasks due in {title}</caption>
            <thead>
              <tr>
                {weekdays.map((w) => (
                  <th
                    key={w}
                    scope="col"
                    className="border-b px-2 py-1.5 text-left text-xs font-medium text-muted-foreground"
                  >
                    {w}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weeks.map((week) => (
                <tr key={week[0]}>
                  {week.map((day) => {
                    const tasks = byDay.get(day) ?? [];
                    return (
                      <td
                        key={day}
                        className={cn(
                          "h-28 border-r border-b p-1 align-top last:border-r-0",
                          !day.startsWith(thisMonth) && "bg-muted/40 text-muted-foreground",
                        )}
                      >
                        <div
                          className={cn(
                            "mb-1 flex size-6 items-center justify-center rounded-full text-xs",
                            day === today && "bg-primary font-semibold text-primary-foreground",
                          )}
                        >
                          {Number(day.slice(8))}
                        </div>
                        {/* One shrinkable column: long titles truncate instead of spilling into the next day. */}
                        <ul className="grid grid-cols-1 gap-0.5">
                          {tasks.slice(0, MAX_PER_DAY).map((t) => (
                            <li key={t.id}>
                              <button
                                type="button"
                                onClick={() => openTask(t.id)}
                                className={cn(
                                  "flex w-full items-center gap-1 truncate rounded px-1 py-0.5 text-left text-xs hover:bg-accent",
                                  t.completedAt && "text-muted-foreground line-through",
                                  isOverdue(t, today) && "text-destructive",
                                )}
                                title={`${t.key} ${t.title}`}
                              >
                                <PriorityIcon priority={t.priority} className="size-3" />
                                <span className="truncate">{t.title}</span>
                              </button>
                            </li>
                          ))}
                          {tasks.length > MAX_PER_DAY && (
                            <li className="px-1 text-xs text-muted-foreground">
                              +{tasks.length - MAX_PER_DAY} more
                            </li>
                          )}
                        </ul>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </Card>
  );
}
