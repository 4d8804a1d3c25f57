import { type FormEvent, useState } from "react";
import { describedBy, FormField } from "../../../components/form-field.tsx";
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
import { Input, Textarea } from "../../../components/ui/input.tsx";
import type { OperationOutput } from "../../../lib/api.ts";
import { fieldError, formError } from "../../../lib/form-errors.ts";
import { useOperationMutation } from "../../../lib/operations.ts";
import { useWorkspace } from "../../../lib/session.tsx";
import { addDays, mondayOf, todayIn } from "../../time/time-format.ts";

export type Sprint = OperationOutput<"sprints.list">[number];

const FIELDS = ["name", "goal", "startDate", "endDate"];

interface SprintDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  projectId: string;
  /** The sprint to edit; a new one when absent. */
  sprint?: Sprint;
  /** Where a new sprint starts: the day after the last one ends. */
  after?: Sprint;
  count: number;
}

/** Plans a new sprint (two weeks after the last by default) or changes one. */
export function SprintDialog(props: SprintDialogProps) {
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange}>
      <DialogContent className="max-w-lg">
        {props.open && <SprintForm {...props} onClose={() => props.onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}

function SprintForm({
  projectId,
  sprint,
  after,
  count,
  onClose,
}: SprintDialogProps & { onClose: () => void }) {
  const { timezone } = useWorkspace();
  const start = after ? addDays(after.endDate, 1) : mondayOf(todayIn(timezone));
  const [name, setName] = useState(sprint?.name ?? `Sprint ${count + 1}`);
  const [goal, setGoal] = useState(sprint?.goal ?? "");
  const [startDate, setStartDate] = useState(sprint?.startDate ?? start);
  const [endDate, setEndDate] = useState(sprint?.endDate ?? addDays(start, 13));
  const create = useOperationMutation("sprints.create");
  const update = useOperationMutation("sprints.update");
  const saving = sprint ? update : create;
  const isCompleted = sprint?.state === "completed";
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const fields = { name: name.trim(), goal: goal.trim() };
    const dates = isCompleted ? {} : { startDate, endDate };
    if (sprint) update.mutate({ id: sprint.id, ...fields, ...dates }, { onSuccess: onClose });
    else create.mutate({ projectId, ...fields, startDate, endDate }, { onSuccess: onClose });
  };
  const error = (field: string) => fieldError(saving.error, field);
  const top = formError(saving.error, FIELDS);
  return (
    <>
      <DialogHeader>
        <DialogTitle>{sprint ? `Edit ${sprint.name}` : "New sprint"}</DialogTitle>
        <DialogDescription>
          A time box for a set of tasks. Plan it from the backlog, then start it.
        </DialogDescription>
      </DialogHeader>
      <form className="grid gap-4" onSubmit={onSubmit} noValidate aria-label="Sprint">
        {top && <Alert variant="destructive">{top}</Alert>}
        <FormField id="sprint-name" label="Name" error={error("name")}>
          <Input
            id="sprint-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={!!error("name")}
            aria-describedby={describedBy("sprint-name", error("name"))}
            data-testid="sprint-name"
          />
        </FormField>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="sprint-start" label="First day" error={error("startDate")}>
            <Input
              id="sprint-start"
              type="date"
              value={startDate}
              disabled={isCompleted}
              onChange={(e) => setStartDate(e.target.value)}
              aria-invalid={!!error("startDate")}
            />
          </FormField>
          <FormField id="sprint-end" label="Last day" error={error("endDate")}>
            <Input
              id="sprint-end"
              type="date"
              value={endDate}
              disabled={isCompleted}
              onChange={(e) => setEndDate(e.target.value)}
              aria-invalid={!!error("endDate")}
            />
          </FormField>
        </div>
        <FormField id="sprint-goal" label="Goal (optional)" error={error("goal")}>
          <Textarea
            id="sprint-goal"
            value={goal}
            onChange={(e) => setGoal(e.target.value)}
            placeholder="What the sprint should achieve"
          />
        </FormField>
        <DialogFooter>
          <Button type="button" variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={saving.isPending} data-testid="sprint-save">
            {sprint ? "Save" : "Create sprint"}
          </Button>
        </DialogFooter>
      </form>
    </>
  );
}
