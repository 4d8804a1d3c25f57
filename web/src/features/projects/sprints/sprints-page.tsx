import { Flag, Pencil, Play, Plus, Trash2 } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { ConfirmDialog } from "../../../components/confirm-dialog.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { Alert } from "../../../components/ui/alert.tsx";
import { Badge } from "../../../components/ui/badge.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../../components/ui/card.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { Skeleton } from "../../../components/ui/skeleton.tsx";
import { Tabs, TabsList, TabsTrigger } from "../../../components/ui/tabs.tsx";
import { errorMessage } from "../../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import { can } from "../../../lib/roles.ts";
import { useSession } from "../../../lib/session.tsx";
import { useProjectContext } from "../project-context.ts";
import { CompleteDialog } from "./complete-dialog.tsx";
import { PlanDialog } from "./plan-dialog.tsx";
import { type Sprint, SprintDialog } from "./sprint-dialog.tsx";

const BurndownChart = lazy(() => import("./burndown-chart.tsx"));
const VelocityChart = lazy(() => import("./velocity-chart.tsx"));

const STATE_BADGE = { active: "success", planned: "secondary", completed: "outline" } as const;
const chartFallback = <Skeleton className="h-72 w-full" />;

function Burndown({ sprint }: { sprint: Sprint }) {
  const { format } = useSession();
  const chart = useOperation("sprints.burndown", { id: sprint.id });
  const [mode, setMode] = useState<"estimate" | "tasks" | null>(null);
  return (
    <QueryState query={chart} loading={chartFallback}>
      {(c) => {
        // A team that does not estimate still gets a burndown: of task counts.
        const byTasks = (mode ?? (Number(c.start.scope) === 0 ? "tasks" : "estimate")) === "tasks";
        return (
          <div className="grid gap-2 px-6 pb-4">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p className="text-xs text-muted-foreground">
                Remaining work at the end of each UTC day; scope rises when tasks join mid-sprint.
                {c.unestimatedTasks > 0 && ` ${c.unestimatedTasks} tasks have no estimate.`}
              </p>
              <Tabs
                value={byTasks ? "tasks" : "estimate"}
                onValueChange={(v) => setMode(v as "tasks")}
              >
                <TabsList aria-label="Burndown of">
                  <TabsTrigger value="estimate">
                    {c.unit === "points" ? "Points" : "Hours"}
                  </TabsTrigger>
                  <TabsTrigger value="tasks">Tasks</TabsTrigger>
                </TabsList>
              </Tabs>
            </div>
            <Suspense fallback={chartFallback}>
              <BurndownChart chart={c} byTasks={byTasks} locale={format.locale} />
            </Suspense>
          </div>
        );
      }}
    </QueryState>
  );
}

interface RowActions {
  onPlan: (s: Sprint) => void;
  onEdit: (s: Sprint) => void;
  onComplete: (s: Sprint) => void;
  onDelete: (s: Sprint) => void;
  onShow: (s: Sprint) => void;
}

function SprintRow({
  sprint,
  unit,
  canWrite,
  isShown,
  actions,
}: {
  sprint: Sprint;
  unit: string;
  canWrite: boolean;
  isShown: boolean;
  actions: RowActions;
}) {
  const { format } = useSession();
  const start = useOperationMutation("sprints.start");
  const progress =
    sprint.state === "completed"
      ? `${sprint.completed ?? "0"} of ${sprint.committed ?? "0"} ${unit} committed done`
      : `${sprint.doneEstimate} of ${sprint.scope} ${unit} done · ${sprint.doneTaskCount}/${sprint.taskCount} tasks`;
  return (
    <li className="grid gap-2 px-6 py-4" data-testid="sprint-row" data-state={sprint.state}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{sprint.name}</span>
            <Badge variant={STATE_BADGE[sprint.state]}>{sprint.state}</Badge>
          </div>
          <p className="mt-0.5 text-xs text-muted-foreground">
            {format.day(sprint.startDate)} – {format.day(sprint.endDate)} · {progress}
          </p>
          {sprint.goal && <p className="mt-1 text-sm">{sprint.goal}</p>}
        </div>
        <div className="flex flex-wrap items-center gap-1">
          {sprint.state !== "active" && (
            <Button
              variant={isShown ? "secondary" : "ghost"}
              size="sm"
              onClick={() => actions.onShow(sprint)}
            >
              Burndown
            </Button>
          )}
          {canWrite && sprint.state !== "completed" && (
            <Button
              variant="outline"
              size="sm"
              onClick={() => actions.onPlan(sprint)}
              data-testid="plan-sprint"
            >
              Plan
            </Button>
          )}
          {canWrite && sprint.state === "planned" && (
            <Button
              size="sm"
              onClick={() => start.mutate({ id: sprint.id })}
              disabled={start.isPending}
              data-testid="start-sprint"
            >
              <Play aria-hidden /> Start
            </Button>
          )}
          {canWrite && sprint.state === "active" && (
            <Button
              size="sm"
              onClick={() => actions.onComplete(sprint)}
              data-testid="complete-sprint"
            >
              Complete
            </Button>
          )}
          {canWrite && (
            <Button
              variant="ghost"
              size="icon-sm"
              aria-label={`Edit ${sprint.name}`}
              onClick={() => actions.onEdit(sprint)}
            >
              <Pencil aria-hidden />
            </Button>
          )}
          {canWrite && sprint.state === "planned" && (
            <Button
              variant="danger"
              size="icon-sm"
              aria-label={`Delete ${sprint.name}`}
              onClick={() => actions.onDelete(sprint)}
            >
              <Trash2 aria-hidden />
            </Button>
          )}
        </div>
      </div>
      {start.error && <Alert variant="destructive">{errorMessage(start.error)}</Alert>}
    </li>
  );
}

function Velocity({ projectId }: { projectId: string }) {
  const velocity = useOperation("sprints.velocity", { projectId, last: 6 });
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Velocity</CardTitle>
          <CardDescription>
            Committed at the start against completed at the end, for the last completed sprints
            {velocity.data?.averageCompleted
              ? `: ${velocity.data.averageCompleted} ${velocity.data.unit} on average`
              : ""}
            .
          </CardDescription>
        </div>
      </CardHeader>
      <QueryState
        query={velocity}
        loading={chartFallback}
        isEmpty={(v) => v.sprints.length === 0}
        empty={
          <p className="px-6 pb-6 text-sm text-muted-foreground">
            Complete a sprint to see its velocity.
          </p>
        }
      >
        {(v) => (
          <div className="px-6 pb-4">
            <Suspense fallback={chartFallback}>
              <VelocityChart velocity={v} />
            </Suspense>
          </div>
        )}
      </QueryState>
    </Card>
  );
}

/** The project's sprints: the active one with its burndown, those planned and those done. */
export function SprintsPage() {
  const { project } = useProjectContext();
  const { role } = useSession();
  const canWrite = can(role, "projects:write");
  const sprints = useOperation("sprints.list", { projectId: project.id });
  const remove = useOperationMutation("sprints.delete");
  const [editing, setEditing] = useState<Sprint | "new">();
  const [planning, setPlanning] = useState<Sprint>();
  const [completing, setCompleting] = useState<Sprint>();
  const [deleting, setDeleting] = useState<Sprint>();
  const [shownId, setShownId] = useState<string>();
  const list = sprints.data ?? [];
  const active = list.find((s) => s.state === "active");
  const planned = list.filter((s) => s.state === "planned");
  const last = [...list].sort((a, b) => b.endDate.localeCompare(a.endDate))[0];
  const shown =
    list.find((s) => s.id === shownId) ?? active ?? list.find((s) => s.state === "completed");
  const unit = project.estimateUnit;
  const actions: RowActions = {
    onPlan: setPlanning,
    onEdit: setEditing,
    onComplete: setCompleting,
    onDelete: setDeleting,
    onShow: (s) => setShownId(s.id),
  };
  const newButton = canWrite && (
    <Button onClick={() => setEditing("new")} data-testid="new-sprint">
      <Plus aria-hidden /> New sprint
    </Button>
  );
  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Sprints</CardTitle>
            <CardDescription>
              Plan from the backlog, start, and complete with carry-over.
            </CardDescription>
          </div>
          {list.length > 0 && newButton}
        </CardHeader>
        <QueryState
          query={sprints}
          empty={
            <EmptyState
              icon={Flag}
              title="No sprints yet"
              description="A sprint is a time box of one to four weeks for a set of backlog tasks."
              action={newButton || undefined}
            />
          }
        >
          {(rows) => (
            <>
              {shown && (
                <div className="border-t pt-4">
                  <h3 className="px-6 pb-2 text-sm font-medium">Burndown · {shown.name}</h3>
                  <Burndown sprint={shown} />
                </div>
              )}
              <ul className="divide-y border-t" aria-label="Sprints" data-testid="sprints-list">
                {rows.map((s) => (
                  <SprintRow
                    key={s.id}
                    sprint={s}
                    unit={unit}
                    canWrite={canWrite}
                    isShown={shown?.id === s.id}
                    actions={actions}
                  />
                ))}
              </ul>
            </>
          )}
        </QueryState>
      </Card>
      <Velocity projectId={project.id} />
      <SprintDialog
        open={!!editing}
        onOpenChange={(open) => !open && setEditing(undefined)}
        projectId={project.id}
        sprint={editing === "new" ? undefined : editing}
        after={last}
        count={list.length}
      />
      {planning && (
        <PlanDialog
          open
          onOpenChange={(open) => !open && setPlanning(undefined)}
          projectId={project.id}
          sprint={planning}
          unit={unit}
        />
      )}
      {completing && (
        <CompleteDialog
          open
          onOpenChange={(open) => !open && setCompleting(undefined)}
          sprint={completing}
          planned={planned}
        />
      )}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(open) => !open && setDeleting(undefined)}
        title={`Delete ${deleting?.name ?? "the sprint"}?`}
        description="Its tasks go back to the backlog."
        confirmLabel="Delete sprint"
        onConfirm={() => remove.mutateAsync({ id: deleting?.id ?? "" })}
      />
    </div>
  );
}
