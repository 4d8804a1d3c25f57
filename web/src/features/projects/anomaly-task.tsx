import { ListTodo, Plus } from "lucide-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { defaultProjectFor } from "./anomaly-project.ts";
import { FieldSelect } from "./task/field-select.tsx";

interface AnomalyTaskProps {
  anomalyId: string;
  /** The client the allocation rules give the anomaly's cost to, when they say. */
  client: { id: string; name: string } | null;
}

/**
 * On a cost anomaly's page: the tasks tracking it, or a button that makes it a task of a
 * project (titled from the anomaly, linked to it).
 */
export function AnomalyTask({ anomalyId, client }: AnomalyTaskProps) {
  const { role } = useSession();
  const canRead = can(role, "projects:read");
  const linked = useOperation(
    "tasks.linkedTo",
    { kind: "cost_anomaly", target: anomalyId },
    { enabled: canRead },
  );
  const [isOpen, setIsOpen] = useState(false);
  if (!canRead) return null;
  const tasks = linked.data ?? [];
  if (tasks.length > 0)
    return (
      <div className="flex flex-wrap items-center gap-2" data-testid="anomaly-tasks">
        {tasks.map((t) => (
          <Button key={t.id} variant="outline" size="sm" asChild>
            <Link to={`/projects/${t.projectKey}?task=${t.id}`} title={t.title}>
              <ListTodo aria-hidden /> {t.key}
              {t.isDone ? " (done)" : ""}
            </Link>
          </Button>
        ))}
      </div>
    );
  if (!can(role, "projects:write") || linked.isPending) return null;
  return (
    <>
      <Button
        variant="outline"
        size="sm"
        onClick={() => setIsOpen(true)}
        data-testid="anomaly-create-task"
      >
        <Plus aria-hidden /> Create task
      </Button>
      <Dialog open={isOpen} onOpenChange={setIsOpen}>
        <DialogContent>
          {isOpen && (
            <CreateForm anomalyId={anomalyId} client={client} onClose={() => setIsOpen(false)} />
          )}
        </DialogContent>
      </Dialog>
    </>
  );
}

function CreateForm({ anomalyId, client, onClose }: AnomalyTaskProps & { onClose: () => void }) {
  const navigate = useNavigate();
  const projects = useOperation("projects.list", {});
  const create = useOperationMutation("tasks.createFromAnomaly");
  const [projectId, setProjectId] = useState<string | null>(null);
  const chosen = projectId ?? defaultProjectFor(projects.data ?? [], client?.id ?? null);
  const key = projects.data?.find((p) => p.id === chosen)?.key;
  return (
    <>
      <DialogHeader>
        <DialogTitle>Create a task for this anomaly</DialogTitle>
        <DialogDescription>
          Titled from the service, the amount and the day, and linked back here.
          {client &&
            ` Its cost is allocated to ${client.name}${
              projects.data?.some((p) => p.clientId === client.id)
                ? "."
                : ", which has no project yet: pick the one to track it in."
            }`}
        </DialogDescription>
      </DialogHeader>
      {create.error && <Alert variant="destructive">{errorMessage(create.error)}</Alert>}
      {projects.data && projects.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          There is no project yet.{" "}
          <Link to="/projects" className="underline">
            Create one
          </Link>{" "}
          first.
        </p>
      ) : (
        <FieldSelect
          id="anomaly-project"
          label="Project"
          value={chosen}
          onChange={setProjectId}
          choices={(projects.data ?? []).map((p) => ({
            value: p.id,
            label: `${p.key} · ${p.name}`,
          }))}
          testId="anomaly-project"
        />
      )}
      <DialogFooter>
        <Button variant="outline" onClick={onClose}>
          Cancel
        </Button>
        <Button
          disabled={!chosen}
          loading={create.isPending}
          data-testid="anomaly-create-submit"
          onClick={() =>
            chosen &&
            create.mutate(
              { anomalyId, projectId: chosen },
              { onSuccess: (task) => navigate(`/projects/${key}?task=${task.id}`) },
            )
          }
        >
          Create task
        </Button>
      </DialogFooter>
    </>
  );
}
