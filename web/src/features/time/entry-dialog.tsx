import { type FormEvent, useState } from "react";
import { describedBy, FormField } from "../../components/form-field.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Checkbox } from "../../components/ui/checkbox.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog.tsx";
import { Input } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { fieldError, formError } from "../../lib/form-errors.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { useWorkspace } from "../../lib/session.tsx";
import { type Target, TargetPicker } from "./target-picker.tsx";
import {
  formatDuration,
  localDayOf,
  localInstant,
  localTimeOf,
  parseDuration,
} from "./time-format.ts";

export type TimeEntry = OperationOutput<"time.entries.list">[number];

const FIELDS = ["startedAt", "seconds", "endedAt", "description", "projectId", "taskId"];

interface EntryDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The entry to edit; a new one when absent. */
  entry?: TimeEntry;
  /** The workspace day a new entry starts on. */
  day: string;
}

/** Logs time by hand, or corrects an entry: day, start (workspace zone), duration, project, task. */
export function EntryDialog({ open, onOpenChange, entry, day }: EntryDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-lg">
        {open && <EntryForm entry={entry} day={day} onClose={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}

/** The instant a day and time in the zone name; left as typed when incomplete, for the server to refuse. */
function startOf(date: string, time: string, timeZone: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time))
    return `${date}T${time}:00Z`;
  return localInstant(date, time, timeZone).toISOString();
}

function EntryForm({
  entry,
  day,
  onClose,
}: {
  entry?: TimeEntry;
  day: string;
  onClose: () => void;
}) {
  const { timezone } = useWorkspace();
  const [date, setDate] = useState(entry ? localDayOf(new Date(entry.startedAt), timezone) : day);
  const [time, setTime] = useState(
    entry ? localTimeOf(new Date(entry.startedAt), timezone) : "09:00",
  );
  const [duration, setDuration] = useState(entry?.seconds ? formatDuration(entry.seconds) : "");
  const [target, setTarget] = useState<Target>({
    projectId: entry?.projectId ?? null,
    taskId: entry?.taskId ?? null,
  });
  const [description, setDescription] = useState(entry?.description ?? "");
  const [billable, setBillable] = useState<boolean | null>(entry?.billable ?? null);
  const [durationError, setDurationError] = useState<string>();
  const create = useOperationMutation("time.entries.create");
  const update = useOperationMutation("time.entries.update");
  const saving = entry ? update : create;
  const isRunning = entry?.isRunning ?? false;
  const isBillable = billable ?? target.projectId !== null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const seconds = isRunning ? undefined : parseDuration(duration);
    if (!isRunning && !seconds) {
      setDurationError("Type a duration such as 1:30, 1.5 or 90m");
      return;
    }
    setDurationError(undefined);
    const startedAt = startOf(date, time, timezone);
    const fields = { description: description.trim(), billable: isBillable, startedAt };
    if (entry) {
      update.mutate(
        {
          id: entry.id,
          ...fields,
          ...(seconds ? { seconds } : {}),
          projectId: target.projectId,
          taskId: target.taskId,
        },
        { onSuccess: onClose },
      );
    } else {
      create.mutate(
        {
          ...fields,
          seconds: seconds ?? 0,
          ...(target.taskId ? { taskId: target.taskId } : {}),
          ...(!target.taskId && target.projectId ? { projectId: target.projectId } : {}),
        },
        { onSuccess: onClose },
      );
    }
  };

  const error = (field: string) => fieldError(saving.error, field);
  const top = formError(saving.error, FIELDS);
  const secondsError = durationError ?? error("seconds") ?? error("endedAt");
  return (
    <>
      <DialogHeader>
        <DialogTitle>{entry ? "Edit time entry" : "Add time"}</DialogTitle>
        <DialogDescription>
          Days and start times are in the workspace's time zone ({timezone}), as the timesheet
          counts them. At most 24 hours per entry.
        </DialogDescription>
      </DialogHeader>
      <form className="grid gap-4" onSubmit={onSubmit} noValidate aria-label="Time entry">
        {top && <Alert variant="destructive">{top}</Alert>}
        <div className="grid gap-4 sm:grid-cols-3">
          <FormField id="entry-date" label="Day" error={error("startedAt")}>
            <Input
              id="entry-date"
              type="date"
              required
              value={date}
              onChange={(e) => setDate(e.target.value)}
              aria-invalid={!!error("startedAt")}
              data-testid="entry-date"
            />
          </FormField>
          <FormField id="entry-time" label="Start">
            <Input
              id="entry-time"
              type="time"
              required
              value={time}
              onChange={(e) => setTime(e.target.value)}
            />
          </FormField>
          <FormField
            id="entry-duration"
            label="Duration"
            error={isRunning ? undefined : secondsError}
          >
            <Input
              id="entry-duration"
              value={isRunning ? "running" : duration}
              disabled={isRunning}
              onChange={(e) => setDuration(e.target.value)}
              placeholder="1:30"
              inputMode="decimal"
              aria-invalid={!!secondsError}
              aria-describedby={describedBy("entry-duration", secondsError)}
              data-testid="entry-duration"
            />
          </FormField>
        </div>
        <TargetPicker
          id="entry"
          value={target}
          onChange={setTarget}
          projectError={error("projectId")}
          taskError={error("taskId")}
        />
        <FormField id="entry-description" label="Description" error={error("description")}>
          <Input
            id="entry-description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            autoComplete="off"
            data-testid="entry-description"
          />
        </FormField>
        <div className="flex items-center gap-2">
          <Checkbox
            id="entry-billable"
            checked={isBillable}
            onCheckedChange={(v) => setBillable(v === true)}
          />
          <Label htmlFor="entry-billable">Billable</Label>
        </div>
        <DialogFooter>
          <Button type="button" variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={saving.isPending} data-testid="entry-save">
            {entry ? "Save" : "Add time"}
          </Button>
        </DialogFooter>
      </form>
    </>
  );
}
