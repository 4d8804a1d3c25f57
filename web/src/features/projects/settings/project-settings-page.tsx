import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { ConfirmDialog } from "../../../components/confirm-dialog.tsx";
import { describedBy, FormField } from "../../../components/form-field.tsx";
import { Alert } from "../../../components/ui/alert.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../../components/ui/card.tsx";
import { Input, Textarea } from "../../../components/ui/input.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { fieldError, formError } from "../../../lib/form-errors.ts";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import { can } from "../../../lib/roles.ts";
import { useSession } from "../../../lib/session.tsx";
import { toExplorerFilters } from "../../costs/budgets/budget-format.ts";
import { type ExplorerFilters, toApiFilters } from "../../costs/explorer-state.ts";
import { FiltersBar } from "../../costs/filters-bar.tsx";
import { rangeOf } from "../../costs/period.ts";
import type { ProjectDetail } from "../project-layout.tsx";
import { FieldSelect } from "../task/field-select.tsx";
import { useProject } from "../use-project.ts";
import { ColumnsEditor } from "./columns-editor.tsx";
import { ProjectCostCard } from "./project-cost-card.tsx";

const FIELDS = [
  "name",
  "key",
  "description",
  "estimateUnit",
  "hourlyRate",
  "currency",
  "timeRounding.minutes",
  "costScope",
];
type Rounding = ProjectDetail["timeRounding"]["mode"];

function GeneralForm({ project, canWrite }: { project: ProjectDetail; canWrite: boolean }) {
  const toast = useToast();
  const navigate = useNavigate();
  const update = useOperationMutation("projects.update");
  const dimensions = useOperation("costs.dimensions", rangeOf("90d"));
  const [name, setName] = useState(project.name);
  const [key, setKey] = useState(project.key);
  const [description, setDescription] = useState(project.description);
  const [estimateUnit, setEstimateUnit] = useState(project.estimateUnit);
  const [hourlyRate, setHourlyRate] = useState(project.hourlyRate ?? "");
  const [currency, setCurrency] = useState(project.currency ?? "");
  const [mode, setMode] = useState<Rounding>(project.timeRounding.mode);
  const [minutes, setMinutes] = useState(String(project.timeRounding.minutes));
  const [scope, setScope] = useState<ExplorerFilters>(toExplorerFilters(project.costScope));
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (event.target !== event.currentTarget) return;
    update.mutate(
      {
        id: project.id,
        name: name.trim(),
        key: key.trim(),
        description,
        estimateUnit,
        hourlyRate: hourlyRate.trim() || null,
        currency: currency.trim().toUpperCase() || null,
        timeRounding: { mode, minutes: Number(minutes) },
        costScope: toApiFilters(scope) ?? {},
      },
      {
        onSuccess: (saved) => {
          toast({ title: "Project saved" });
          if (saved.key !== project.key)
            navigate(`/projects/${saved.key}/settings`, { replace: true });
        },
      },
    );
  };
  const error = (field: string) => fieldError(update.error, field);
  const top = formError(update.error, FIELDS);
  const input = (
    id: string,
    field: string,
    value: string,
    set: (v: string) => void,
    extra = {},
  ) => (
    <Input
      id={id}
      value={value}
      onChange={(e) => set(e.target.value)}
      disabled={!canWrite}
      aria-invalid={!!error(field)}
      aria-describedby={describedBy(id, error(field))}
      {...extra}
    />
  );
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Project</CardTitle>
          <CardDescription>
            Name, key, estimates, billing rate and the costs that belong to it.
          </CardDescription>
        </div>
      </CardHeader>
      <form
        className="grid gap-4 border-t p-6"
        onSubmit={onSubmit}
        noValidate
        aria-label="Project settings"
      >
        {top && <Alert variant="destructive">{top}</Alert>}
        <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
          <FormField id="settings-name" label="Name" error={error("name")}>
            {input("settings-name", "name", name, setName)}
          </FormField>
          <FormField id="settings-key" label="Key" error={error("key")}>
            {input("settings-key", "key", key, (v) => setKey(v.toUpperCase()), {
              className: "font-mono",
              maxLength: 10,
            })}
          </FormField>
        </div>
        <FormField
          id="settings-description"
          label="Description (Markdown)"
          error={error("description")}
        >
          <Textarea
            id="settings-description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            rows={3}
            disabled={!canWrite}
          />
        </FormField>
        <div className="grid gap-4 sm:grid-cols-4">
          <FormField id="settings-unit" label="Estimates in" error={error("estimateUnit")}>
            <FieldSelect
              id="settings-unit"
              label="Estimates in"
              value={estimateUnit}
              disabled={!canWrite}
              onChange={(v) => setEstimateUnit((v ?? "points") as typeof estimateUnit)}
              choices={[
                { value: "points", label: "Points" },
                { value: "hours", label: "Hours" },
              ]}
            />
          </FormField>
          <FormField id="settings-rate" label="Hourly rate" error={error("hourlyRate")}>
            {input("settings-rate", "hourlyRate", hourlyRate, setHourlyRate, {
              inputMode: "decimal",
              placeholder: "95",
            })}
          </FormField>
          <FormField id="settings-currency" label="Currency" error={error("currency")}>
            {input("settings-currency", "currency", currency, setCurrency, {
              maxLength: 3,
              placeholder: "USD",
            })}
          </FormField>
          <FormField
            id="settings-rounding"
            label="Round billable time"
            error={error("timeRounding.minutes")}
          >
            <div className="flex gap-2">
              <FieldSelect
                id="settings-rounding"
                label="Rounding"
                value={mode}
                disabled={!canWrite}
                onChange={(v) => setMode((v ?? "none") as Rounding)}
                choices={[
                  { value: "none", label: "Exact" },
                  { value: "up", label: "Up" },
                  { value: "nearest", label: "Nearest" },
                  { value: "down", label: "Down" },
                ]}
              />
              <Input
                aria-label="Rounding minutes"
                value={minutes}
                onChange={(e) => setMinutes(e.target.value)}
                className="w-16"
                inputMode="numeric"
                disabled={!canWrite || mode === "none"}
              />
            </div>
          </FormField>
        </div>
        <div className="grid gap-2">
          <p className="text-sm font-medium">Cost scope</p>
          <p className="text-xs text-muted-foreground">
            The costs explorer&apos;s filters that pick this project&apos;s resources, e.g. a tag.
            Without one, the project shows no cloud cost.
          </p>
          <FiltersBar
            filters={scope}
            dimensions={dimensions.data}
            range={rangeOf("90d")}
            onChange={setScope}
          />
        </div>
        {canWrite && (
          <div className="flex justify-end">
            <Button type="submit" loading={update.isPending} data-testid="settings-save">
              Save
            </Button>
          </div>
        )}
      </form>
    </Card>
  );
}

function DangerZone({ project }: { project: ProjectDetail }) {
  const navigate = useNavigate();
  const update = useOperationMutation("projects.update");
  const remove = useOperationMutation("projects.delete");
  const [isDeleting, setIsDeleting] = useState(false);
  const isArchived = project.status === "archived";
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Archive or delete</CardTitle>
          <CardDescription>
            Archived projects leave the project list but keep everything.
          </CardDescription>
        </div>
        <div className="flex gap-2">
          <Button
            variant="outline"
            loading={update.isPending}
            onClick={() =>
              update.mutate({ id: project.id, status: isArchived ? "active" : "archived" })
            }
          >
            {isArchived ? "Restore" : "Archive"}
          </Button>
          <Button variant="destructive" onClick={() => setIsDeleting(true)}>
            Delete
          </Button>
        </div>
      </CardHeader>
      <ConfirmDialog
        open={isDeleting}
        onOpenChange={setIsDeleting}
        title={`Delete ${project.name}?`}
        description={`Its ${project.taskCounts.total} tasks, columns, views and history are deleted for good. Logged time stays, without the project.`}
        confirmLabel="Delete project"
        onConfirm={async () => {
          await remove.mutateAsync({ id: project.id });
          navigate("/projects");
        }}
      />
    </Card>
  );
}

/** Settings: the project's fields, its cost scope, its columns and WIP limits. */
export function ProjectSettingsPage() {
  const project = useProject();
  const { role } = useSession();
  const canWrite = can(role, "projects:write");
  return (
    <div className="grid gap-6">
      <ProjectCostCard project={project} />
      <GeneralForm key={project.updatedAt} project={project} canWrite={canWrite} />
      <ColumnsEditor project={project} canWrite={canWrite} />
      {canWrite && <DangerZone project={project} />}
    </div>
  );
}
