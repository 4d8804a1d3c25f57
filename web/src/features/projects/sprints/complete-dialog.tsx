import { useState } from "react";
import { FormField } from "../../../components/form-field.tsx";
import { Alert } from "../../../components/ui/alert.tsx";
import { Button } from "../../../components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../../components/ui/dialog.tsx";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../../components/ui/select.tsx";
import { errorMessage } from "../../../lib/api.ts";
import { useOperationMutation } from "../../../lib/operations.ts";
import type { Sprint } from "./sprint-dialog.tsx";

interface CompleteDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  sprint: Sprint;
  /** Planned sprints of the project, first to come first. */
  planned: Sprint[];
}

/** Completes the active sprint and says where its unfinished tasks go. */
export function CompleteDialog({ open, onOpenChange, sprint, planned }: CompleteDialogProps) {
  const [carryOver, setCarryOver] = useState<string>(planned[0]?.id ?? "backlog");
  const complete = useOperationMutation("sprints.complete");
  const unfinished = sprint.taskCount - sprint.doneTaskCount;
  const close = () => {
    complete.reset();
    onOpenChange(false);
  };
  return (
    <Dialog open={open} onOpenChange={(o) => (o ? onOpenChange(true) : close())}>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>Complete {sprint.name}</DialogTitle>
          <DialogDescription>
            {sprint.doneTaskCount} of {sprint.taskCount} tasks are done.{" "}
            {unfinished > 0
              ? `Where should the ${unfinished} unfinished ${unfinished === 1 ? "task" : "tasks"} go?`
              : "Nothing is left to carry over."}
          </DialogDescription>
        </DialogHeader>
        {complete.error && <Alert variant="destructive">{errorMessage(complete.error)}</Alert>}
        {unfinished > 0 && (
          <FormField id="carry-over" label="Carry unfinished tasks over to">
            <Select value={carryOver} onValueChange={setCarryOver}>
              <SelectTrigger id="carry-over" data-testid="carry-over">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="backlog">The backlog</SelectItem>
                {planned.map((s) => (
                  <SelectItem key={s.id} value={s.id}>
                    {s.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>
        )}
        <DialogFooter>
          <Button variant="outline" onClick={close}>
            Cancel
          </Button>
          <Button
            disabled={complete.isPending}
            onClick={() => complete.mutate({ id: sprint.id, carryOver }, { onSuccess: close })}
            data-testid="complete-sprint-confirm"
          >
            Complete sprint
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
