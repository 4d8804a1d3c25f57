import { useSession } from "../../../lib/session.tsx";
import type { ProjectDetail } from "../project-layout.tsx";
import type { TaskDetail } from "../task-format.ts";
import { useMembers } from "../use-project-data.ts";
import { Section } from "./task-relations.tsx";

type Event = TaskDetail["history"][number];

/** One event in words: "moved from To do to In progress", "estimate 3 → 5". */
function describe(
  event: Event,
  columnName: (id: unknown) => string,
  personName: (id: unknown) => string,
) {
  if (event.type === "created") return `created it in ${columnName(event.to?.columnId)}`;
  if (event.type === "deleted") return "deleted it";
  const parts: string[] = [];
  const from = event.from ?? {};
  const to = event.to ?? {};
  if ("columnId" in to)
    parts.push(`moved it from ${columnName(from.columnId)} to ${columnName(to.columnId)}`);
  else if ("done" in to) parts.push(to.done ? "completed it" : "reopened it");
  if ("estimate" in to)
    parts.push(`changed the estimate ${from.estimate ?? "—"} → ${to.estimate ?? "—"}`);
  if ("assigneeId" in to)
    parts.push(to.assigneeId ? `assigned it to ${personName(to.assigneeId)}` : "unassigned it");
  if ("sprintId" in to)
    parts.push(to.sprintId ? "put it in a sprint" : "took it out of its sprint");
  return parts.join(", ");
}

/** The task's recorded history, newest first. */
export function TaskHistory({ task, project }: { task: TaskDetail; project: ProjectDetail }) {
  const { format } = useSession();
  const { byId } = useMembers();
  const columnName = (id: unknown) =>
    project.columns.find((c) => c.id === id)?.name ?? "a removed column";
  const personName = (id: unknown) => byId.get(String(id))?.name ?? "someone";
  return (
    <Section title="History">
      <ol className="grid gap-1.5 text-sm" data-testid="task-history">
        {task.history.map((e) => (
          <li key={e.id} className="flex flex-wrap gap-x-1 text-muted-foreground">
            <span className="font-medium text-foreground">{e.actorName ?? "Someone"}</span>
            <span>{describe(e, columnName, personName)}</span>
            <time
              dateTime={String(e.at)}
              className="ml-auto text-xs"
              title={format.dateTime(String(e.at))}
            >
              {format.relative(String(e.at))}
            </time>
          </li>
        ))}
      </ol>
    </Section>
  );
}
