import { Play, Square } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
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
import { useToast } from "../../components/ui/toast.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { fieldError, formError } from "../../lib/form-errors.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { type Target, TargetPicker } from "./target-picker.tsx";
import { formatClock, formatDuration } from "./time-format.ts";

type Entry = NonNullable<OperationOutput<"time.current">>;

/** Seconds since `startedAt`, re-rendered every second. */
function useElapsed(startedAt: string | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!startedAt) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [startedAt]);
  return startedAt ? (now - Date.parse(startedAt)) / 1000 : 0;
}

const labelOf = (entry: Entry) =>
  entry.taskNumber !== null
    ? `${entry.projectKey}-${entry.taskNumber} ${entry.taskTitle}`
    : (entry.projectName ?? (entry.description || "No project"));

function StartDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (v: boolean) => void;
}) {
  const toast = useToast();
  const [target, setTarget] = useState<Target>({ projectId: null, taskId: null });
  const [description, setDescription] = useState("");
  const [billable, setBillable] = useState<boolean | null>(null);
  const start = useOperationMutation("time.start");
  const isBillable = billable ?? target.projectId !== null;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate(
      {
        description: description.trim(),
        billable: isBillable,
        ...(target.taskId ? { taskId: target.taskId } : {}),
        ...(!target.taskId && target.projectId ? { projectId: target.projectId } : {}),
      },
      {
        onSuccess: (result) => {
          if (result.stopped)
            toast({
              title: `Stopped the previous timer at ${formatDuration(result.stopped.seconds ?? 0)}`,
            });
          setDescription("");
          onOpenChange(false);
        },
      },
    );
  };
  const top = formError(start.error, ["description", "projectId", "taskId"]);
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>Start a timer</DialogTitle>
          <DialogDescription>
            One timer runs at a time: starting another stops this one.
          </DialogDescription>
        </DialogHeader>
        <form className="grid gap-4" onSubmit={onSubmit} noValidate aria-label="Start a timer">
          {top && <Alert variant="destructive">{top}</Alert>}
          <FormField
            id="timer-description"
            label="What are you working on?"
            error={fieldError(start.error, "description")}
          >
            <Input
              id="timer-description"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              placeholder="e.g. Checkout review"
              autoComplete="off"
              aria-describedby={describedBy(
                "timer-description",
                fieldError(start.error, "description"),
              )}
              data-testid="timer-description"
            />
          </FormField>
          <TargetPicker
            id="timer"
            value={target}
            onChange={setTarget}
            projectError={fieldError(start.error, "projectId")}
            taskError={fieldError(start.error, "taskId")}
          />
          <div className="flex items-center gap-2">
            <Checkbox
              id="timer-billable"
              checked={isBillable}
              onCheckedChange={(v) => setBillable(v === true)}
            />
            <Label htmlFor="timer-billable">Billable</Label>
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={start.isPending} data-testid="timer-start-submit">
              <Play aria-hidden /> Start
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function Running({ entry }: { entry: Entry }) {
  const toast = useToast();
  const elapsed = useElapsed(entry.startedAt);
  const stop = useOperationMutation("time.stop", {
    onSuccess: (done) =>
      toast({ title: `Logged ${formatDuration(done.seconds ?? 0)} on ${labelOf(done)}` }),
    onError: (error) => toast({ title: error.message, variant: "error" }),
  });
  return (
    <div
      className="flex items-center gap-1 rounded-md border bg-muted/40 py-0.5 pr-0.5 pl-2.5"
      data-testid="timer-running"
    >
      <span
        className="hidden max-w-40 truncate text-xs text-muted-foreground md:inline"
        title={labelOf(entry)}
      >
        {labelOf(entry)}
      </span>
      <span
        className="font-mono text-sm font-medium tabular-nums"
        role="timer"
        aria-label={`Timer running: ${formatClock(elapsed)}`}
        data-testid="timer-elapsed"
      >
        {formatClock(elapsed)}
      </span>
      <Button
        variant="ghost"
        size="icon-sm"
        aria-label="Stop the timer"
        onClick={() => stop.mutate({})}
        disabled={stop.isPending}
        data-testid="timer-stop"
      >
        <Square className="fill-current text-destructive" aria-hidden />
      </Button>
    </div>
  );
}

/** The header's timer: the running one ticking (read from the server, so it survives a reload). */
export function TimerWidget() {
  const { role } = useSession();
  const [starting, setStarting] = useState(false);
  const allowed = can(role, "time:track");
  const current = useOperation("time.current", {}, { enabled: allowed, refetchInterval: 60_000 });
  if (!allowed || current.isPending || current.isError) return null;
  return current.data ? (
    <Running entry={current.data} />
  ) : (
    <>
      <Button
        variant="ghost"
        size="sm"
        onClick={() => setStarting(true)}
        aria-label="Start a timer"
        data-testid="timer-start"
      >
        <Play aria-hidden /> <span className="hidden sm:inline">Start timer</span>
      </Button>
      <StartDialog open={starting} onOpenChange={setStarting} />
    </>
  );
}
