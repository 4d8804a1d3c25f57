import { ChevronLeft, ChevronRight, Gauge } from "lucide-react";
import { useState } from "react";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { Input } from "../../components/ui/input.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession, useToday } from "../../lib/session.tsx";
import { cn } from "../../lib/utils.ts";
import { addDays, mondayOf, shortDate } from "./dates.ts";
import { useProjectFilter } from "./planning-routes.tsx";

type Person = OperationOutput<"planning.capacity">["people"][number];
type Week = Person["weeks"][number];

const WEEKS = 8;

/** How full a week is: free, comfortably used, nearly full, over. */
function loadClass(week: Week): string {
  if (week.capacity === 0) return week.planned > 0 ? "bg-destructive/25" : "bg-muted";
  const ratio = week.planned / week.capacity;
  if (ratio > 1) return "bg-destructive/25";
  if (ratio > 0.85) return "bg-amber-400/30";
  if (ratio > 0) return "bg-emerald-500/20";
  return "";
}

function DefaultHours({ person }: { person: Person }) {
  const set = useOperationMutation("planning.capacity.set");
  const [hours, setHours] = useState(String(person.defaultHours));
  return (
    <form
      className="flex items-center gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        set.mutate({ userId: person.userId, hours: Number(hours), weekStart: null });
      }}
    >
      <Input
        aria-label={`Weekly hours of ${person.name}`}
        className="h-7 w-16"
        inputMode="decimal"
        value={hours}
        onChange={(e) => setHours(e.target.value)}
      />
      <span className="text-xs text-muted-foreground">h/wk</span>
      {set.error && <span className="text-xs text-destructive">{set.error.message}</span>}
    </form>
  );
}

/** Capacity per person and week against the hours planned (estimates) and logged. */
export function CapacityPage() {
  const { role, format } = useSession();
  const today = useToday();
  const [projectId] = useProjectFilter();
  const [from, setFrom] = useState(() => mondayOf(today));
  const report = useOperation("planning.capacity", {
    from,
    weeks: WEEKS,
    ...(projectId ? { projectId } : {}),
  });
  const canManage = can(role, "time:manage");
  return (
    <section aria-label="Capacity" className="grid gap-4">
      <div className="flex items-center gap-2">
        <Button
          variant="outline"
          size="icon"
          aria-label="Earlier weeks"
          onClick={() => setFrom(addDays(from, -7 * WEEKS))}
        >
          <ChevronLeft className="size-4" aria-hidden />
        </Button>
        <Button
          variant="outline"
          size="icon"
          aria-label="Later weeks"
          onClick={() => setFrom(addDays(from, 7 * WEEKS))}
        >
          <ChevronRight className="size-4" aria-hidden />
        </Button>
        <p className="text-sm text-muted-foreground">
          Planned = hour estimates of open assigned tasks, by due date or spread over their sprint.
          Projects estimated in points are not counted.
        </p>
      </div>
      <QueryState
        query={report}
        isEmpty={(data) => data.people.length === 0}
        empty={
          <EmptyState
            icon={Gauge}
            title="No one to plan for"
            description="Invite members to plan their weeks."
          />
        }
      >
        {(data) => (
          <div className="overflow-x-auto rounded-md border">
            <table className="w-full text-sm" aria-label="Capacity by person and week">
              <thead className="bg-muted/60 text-xs text-muted-foreground">
                <tr>
                  <th className="px-3 py-2 text-left font-medium">Person</th>
                  {data.weeks.map((week) => (
                    <th key={week} className="px-2 py-2 text-center font-medium">
                      {shortDate(week, format.locale)}
                    </th>
                  ))}
                  <th className="px-2 py-2 text-right font-medium">Unscheduled</th>
                </tr>
              </thead>
              <tbody>
                {data.people.map((person) => (
                  <tr key={person.userId} className="border-t">
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      <div className="font-medium">{person.name}</div>
                      {canManage ? (
                        <DefaultHours person={person} />
                      ) : (
                        <div className="text-xs text-muted-foreground">
                          {person.defaultHours} h/wk
                        </div>
                      )}
                    </th>
                    {person.weeks.map((week) => (
                      <td
                        key={week.week}
                        className={cn("px-2 py-2 text-center tabular-nums", loadClass(week))}
                        title={`${week.planned} h planned of ${week.capacity} h, ${week.logged} h logged`}
                        data-testid="capacity-cell"
                      >
                        <div
                          className={cn(
                            week.planned > week.capacity && "font-semibold text-destructive",
                          )}
                        >
                          {week.planned}/{week.capacity} h
                        </div>
                        <div className="text-xs text-muted-foreground">{week.logged} h logged</div>
                      </td>
                    ))}
                    <td className="px-2 py-2 text-right tabular-nums text-muted-foreground">
                      {person.unscheduled} h
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}
