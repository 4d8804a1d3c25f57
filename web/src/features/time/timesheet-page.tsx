import { ChevronLeft, ChevronRight, Clock, Pencil, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../components/ui/select.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { EntryDialog, type TimeEntry } from "./entry-dialog.tsx";
import {
  addDays,
  dayHeading,
  formatDuration,
  localDayOf,
  localTimeOf,
  mondayOf,
  todayIn,
} from "./time-format.ts";

function WeekPicker({ weekStart, onChange }: { weekStart: string; onChange: (w: string) => void }) {
  const { format, workspace } = useSession();
  const first = dayHeading(weekStart, format.locale);
  const last = dayHeading(addDays(weekStart, 6), format.locale);
  const thisWeek = mondayOf(todayIn(workspace?.timezone ?? "UTC"));
  return (
    <div className="flex items-center gap-1">
      <Button
        variant="outline"
        size="icon-sm"
        aria-label="Previous week"
        onClick={() => onChange(addDays(weekStart, -7))}
      >
        <ChevronLeft aria-hidden />
      </Button>
      <span className="min-w-36 text-center text-sm font-medium" data-testid="timesheet-week">
        {first.date} – {last.date} {weekStart.slice(0, 4)}
      </span>
      <Button
        variant="outline"
        size="icon-sm"
        aria-label="Next week"
        onClick={() => onChange(addDays(weekStart, 7))}
      >
        <ChevronRight aria-hidden />
      </Button>
      {weekStart !== thisWeek && (
        <Button variant="ghost" size="sm" onClick={() => onChange(thisWeek)}>
          This week
        </Button>
      )}
    </div>
  );
}

function PersonPicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const members = useOperation("members.list", {});
  const people = (members.data ?? []).filter((m) => m.role !== "client" && m.role !== "viewer");
  if (people.length < 2) return null;
  return (
    <Select value={value} onValueChange={onChange}>
      <SelectTrigger className="w-44" aria-label="Whose time">
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {people.map((m) => (
          <SelectItem key={m.userId} value={m.userId}>
            {m.name}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

const targetLabel = (r: {
  projectKey: string | null;
  projectName: string | null;
  taskNumber: number | null;
  taskTitle: string | null;
}) => ({
  project: r.projectName ? `${r.projectKey} · ${r.projectName}` : "No project",
  task: r.taskNumber !== null ? `${r.projectKey}-${r.taskNumber} ${r.taskTitle}` : null,
});

function WeekGrid({ weekStart, userId }: { weekStart: string; userId: string }) {
  const { format } = useSession();
  const sheet = useOperation("time.timesheet", { weekStart, userId });
  return (
    <QueryState
      query={sheet}
      isEmpty={(s) => s.rows.length === 0}
      empty={
        <EmptyState
          icon={Clock}
          title="No time this week"
          description="Start the timer in the top bar, or add time by hand."
        />
      }
    >
      {(s) => (
        <Table data-testid="timesheet">
          <TableHeader>
            <TableRow>
              <TableHead>Project / task</TableHead>
              {s.days.map((d) => {
                const h = dayHeading(d, format.locale);
                return (
                  <TableHead key={d} className="text-right">
                    <span className="block">{h.weekday}</span>
                    <span className="block text-xs font-normal">{h.date}</span>
                  </TableHead>
                );
              })}
              <TableHead className="text-right">Total</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {s.rows.map((r) => {
              const label = targetLabel(r);
              return (
                <TableRow key={`${r.projectId}|${r.taskId}`} data-testid="timesheet-row">
                  <TableCell className="max-w-72">
                    <div className="truncate font-medium">{label.task ?? label.project}</div>
                    {label.task && (
                      <div className="truncate text-xs text-muted-foreground">{label.project}</div>
                    )}
                  </TableCell>
                  {r.seconds.map((sec, i) => (
                    <TableCell key={s.days[i]} className="text-right tabular-nums">
                      {formatDuration(sec, true)}
                    </TableCell>
                  ))}
                  <TableCell className="text-right font-medium tabular-nums">
                    {formatDuration(r.total)}
                  </TableCell>
                </TableRow>
              );
            })}
            <TableRow className="bg-muted/40 font-semibold">
              <TableCell>Total</TableCell>
              {s.dayTotals.map((sec, i) => (
                <TableCell key={s.days[i]} className="text-right tabular-nums">
                  {formatDuration(sec, true)}
                </TableCell>
              ))}
              <TableCell className="text-right tabular-nums" data-testid="timesheet-total">
                {formatDuration(s.total)}
              </TableCell>
            </TableRow>
          </TableBody>
        </Table>
      )}
    </QueryState>
  );
}

function EntryList({
  weekStart,
  userId,
  onEdit,
}: {
  weekStart: string;
  userId: string;
  onEdit: (e: TimeEntry) => void;
}) {
  const { format, role, user, workspace } = useSession();
  const timeZone = workspace?.timezone ?? "UTC";
  const entries = useOperation("time.entries.list", {
    from: weekStart,
    to: addDays(weekStart, 7),
    userId,
  });
  const remove = useOperationMutation("time.entries.delete");
  const [deleting, setDeleting] = useState<TimeEntry>();
  const canEdit = (e: TimeEntry) =>
    !e.isLocked && (e.userId === user?.id ? can(role, "time:track") : can(role, "time:manage"));
  return (
    <QueryState query={entries} empty={null}>
      {(rows) => (
        <ul className="divide-y border-t" aria-label="Entries this week" data-testid="time-entries">
          {[...rows].reverse().map((e) => {
            const label = targetLabel(e);
            return (
              <li
                key={e.id}
                className="flex items-center gap-3 px-6 py-2.5"
                data-testid="time-entry"
              >
                <div className="w-16 shrink-0 text-xs text-muted-foreground tabular-nums sm:w-24">
                  {dayHeading(localDayOf(new Date(e.startedAt), timeZone), format.locale).weekday}{" "}
                  {localTimeOf(new Date(e.startedAt), timeZone)}
                </div>
                <div className="min-w-0 flex-1">
                  {/* The badges ride beside the description: at the row's end they took a
                      phone's whole width and left the description none. */}
                  <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-0.5 text-sm">
                    <span className="truncate">{e.description || label.task || label.project}</span>
                    {e.isRunning && <Badge variant="success">Running</Badge>}
                    {e.isLocked && <Badge variant="outline">Invoiced</Badge>}
                    {!e.billable && <Badge variant="outline">Not billable</Badge>}
                  </div>
                  <div className="truncate text-xs text-muted-foreground">
                    {label.task ? `${label.task} · ` : ""}
                    {label.project}
                  </div>
                </div>
                <div className="w-14 text-right font-medium tabular-nums">
                  {e.seconds === null ? "…" : formatDuration(e.seconds)}
                </div>
                {canEdit(e) ? (
                  <div className="flex">
                    <Button
                      variant="ghost"
                      size="icon-sm"
                      aria-label="Edit entry"
                      onClick={() => onEdit(e)}
                    >
                      <Pencil aria-hidden />
                    </Button>
                    <Button
                      variant="danger"
                      size="icon-sm"
                      aria-label="Delete entry"
                      onClick={() => setDeleting(e)}
                    >
                      <Trash2 aria-hidden />
                    </Button>
                  </div>
                ) : (
                  <div className="w-16" />
                )}
              </li>
            );
          })}
          <ConfirmDialog
            open={!!deleting}
            onOpenChange={(open) => !open && setDeleting(undefined)}
            title="Delete this time entry?"
            description={
              deleting
                ? `${formatDuration(deleting.seconds ?? 0)}: ${deleting.description || "no description"}`
                : ""
            }
            confirmLabel="Delete"
            onConfirm={() => remove.mutateAsync({ id: deleting?.id ?? "" })}
          />
        </ul>
      )}
    </QueryState>
  );
}

/** One person's week: hours per project and task per day, and the entries behind them. */
export function TimesheetPage() {
  const { user, role, workspace } = useSession();
  const timeZone = workspace?.timezone ?? "UTC";
  const [weekStart, setWeekStart] = useState(() => mondayOf(todayIn(timeZone)));
  const [userId, setUserId] = useState(user?.id ?? "");
  const [editing, setEditing] = useState<TimeEntry | "new">();
  const today = todayIn(timeZone);
  const day = today >= weekStart && today < addDays(weekStart, 7) ? today : weekStart;
  const isMine = userId === user?.id;
  const canAdd = isMine ? can(role, "time:track") : can(role, "time:manage");
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Timesheet</CardTitle>
          <CardDescription>
            Hours per project and task, per day in {timeZone}. Running timers count once stopped.
          </CardDescription>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <PersonPicker value={userId} onChange={setUserId} />
          <WeekPicker weekStart={weekStart} onChange={setWeekStart} />
          {canAdd && isMine && (
            <Button onClick={() => setEditing("new")} data-testid="add-time">
              <Plus aria-hidden /> Add time
            </Button>
          )}
        </div>
      </CardHeader>
      <WeekGrid weekStart={weekStart} userId={userId} />
      <EntryList weekStart={weekStart} userId={userId} onEdit={setEditing} />
      <EntryDialog
        open={!!editing}
        onOpenChange={(open) => !open && setEditing(undefined)}
        entry={editing === "new" ? undefined : editing}
        day={day}
      />
    </Card>
  );
}
