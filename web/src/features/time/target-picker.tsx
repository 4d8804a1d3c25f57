import { FormField } from "../../components/form-field.tsx";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../components/ui/select.tsx";
import { useOperation } from "../../lib/operations.ts";

/** Radix selects take no empty value: this one stands for "none". */
const NONE = "none";

export interface Target {
  projectId: string | null;
  taskId: string | null;
}

interface TargetPickerProps {
  id: string;
  value: Target;
  onChange: (value: Target) => void;
  projectError?: string;
  taskError?: string;
}

/** What time is logged against: a project, and optionally one of its open tasks. */
export function TargetPicker({ id, value, onChange, projectError, taskError }: TargetPickerProps) {
  const projects = useOperation("projects.list", {});
  const tasks = useOperation(
    "tasks.list",
    { projectId: value.projectId ?? undefined, limit: 500, sort: "number", includeDone: true },
    { enabled: !!value.projectId },
  );
  const projectList = projects.data ?? [];
  const taskList = value.projectId ? (tasks.data?.tasks ?? []) : [];
  return (
    <div className="grid gap-4 sm:grid-cols-2 [&>*]:min-w-0">
      <FormField id={`${id}-project`} label="Project" error={projectError}>
        <Select
          value={value.projectId ?? NONE}
          onValueChange={(v) => onChange({ projectId: v === NONE ? null : v, taskId: null })}
        >
          <SelectTrigger id={`${id}-project`} className="min-w-0" data-testid={`${id}-project`}>
            <SelectValue placeholder={projects.isPending ? "Loading…" : "No project"} />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={NONE}>No project</SelectItem>
            {projectList.map((p) => (
              <SelectItem key={p.id} value={p.id}>
                {p.key} · {p.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </FormField>
      <FormField id={`${id}-task`} label="Task" error={taskError}>
        <Select
          value={value.taskId ?? NONE}
          onValueChange={(v) => onChange({ ...value, taskId: v === NONE ? null : v })}
          disabled={!value.projectId}
        >
          <SelectTrigger id={`${id}-task`} className="min-w-0" data-testid={`${id}-task`}>
            <SelectValue placeholder="No task" />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={NONE}>No task</SelectItem>
            {taskList.map((t) => (
              <SelectItem key={t.id} value={t.id}>
                {t.key} {t.title}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </FormField>
    </div>
  );
}
