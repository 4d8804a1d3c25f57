import { ListX } from "lucide-react";
import { useMemo, useState } from "react";
import { QueryState } from "../../../components/query-state.tsx";
import { Card } from "../../../components/ui/card.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { SkeletonRows } from "../../../components/ui/skeleton.tsx";
import { useOperation } from "../../../lib/operations.ts";
import { can } from "../../../lib/roles.ts";
import { useSession } from "../../../lib/session.tsx";
import { useShortcuts } from "../shortcuts.tsx";
import { PRIORITIES, PRIORITY_LABELS, type TaskRow } from "../task-format.ts";
import { TaskLine } from "../task-row.tsx";
import { useOpenTask, useProject } from "../use-project.ts";
import { useMembers } from "../use-project-data.ts";
import { type Filters, type Grouping, ListFilters } from "./list-filters.tsx";
import { SavedViews } from "./saved-views.tsx";

const LIMIT = 1000;

interface Group {
  key: string;
  label: string;
  tasks: TaskRow[];
}

/** The list view: server-side filters, grouping, saved views. */
export function ListPage() {
  const project = useProject();
  const { role } = useSession();
  const openTask = useOpenTask();
  const { members, byId } = useMembers();
  const [filters, setFilters] = useState<Filters>({});
  const [groupBy, setGroupBy] = useState<Grouping>("status");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const input = useMemo(
    () => ({ ...filters, projectId: project.id, limit: LIMIT }),
    [filters, project.id],
  );
  const query = useOperation("tasks.list", input, { placeholderData: (previous) => previous });
  const columnName = (id: string) => project.columns.find((c) => c.id === id)?.name;

  const groups = useMemo((): Group[] => {
    const columnOf = (id: string) => project.columns.find((c) => c.id === id)?.name ?? "?";
    const tasks = query.data?.tasks ?? [];
    if (groupBy === "none") return [{ key: "all", label: "All tasks", tasks }];
    const by = new Map<string, Group>();
    const add = (key: string, label: string, task: TaskRow) => {
      if (!by.has(key)) by.set(key, { key, label, tasks: [] });
      by.get(key)!.tasks.push(task);
    };
    for (const task of tasks) {
      if (groupBy === "status") add(task.columnId, columnOf(task.columnId), task);
      else if (groupBy === "assignee")
        add(
          task.assigneeId ?? "none",
          task.assigneeId ? (byId.get(task.assigneeId)?.name ?? "Someone") : "Unassigned",
          task,
        );
      else if (groupBy === "priority") add(task.priority, PRIORITY_LABELS[task.priority], task);
      else if (task.labels.length === 0) add("", "No label", task);
      else for (const l of task.labels) add(`label:${l}`, l, task);
    }
    const order = (g: Group) =>
      groupBy === "status"
        ? project.columns.findIndex((c) => c.id === g.key)
        : groupBy === "priority"
          ? PRIORITIES.indexOf(g.key as never)
          : g.key === "none" || g.key === ""
            ? Number.MAX_SAFE_INTEGER
            : 0;
    return [...by.values()].sort((a, b) => order(a) - order(b) || a.label.localeCompare(b.label));
  }, [query.data, groupBy, byId, project.columns]);

  const flat = useMemo(
    () => groups.flatMap((g) => g.tasks.map((t) => `${g.key}|${t.id}`)),
    [groups],
  );
  const step = (by: number) => {
    const at = selectedId ? flat.indexOf(selectedId) : -1;
    setSelectedId(flat[Math.min(flat.length - 1, Math.max(0, at + by))] ?? null);
  };
  useShortcuts({
    j: () => step(1),
    k: () => step(-1),
    enter: () => selectedId && openTask(selectedId.split("|")[1]!),
  });

  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b px-3 py-2">
        <SavedViews
          projectId={project.id}
          filters={filters}
          groupBy={groupBy}
          canWrite={can(role, "projects:write")}
          onApply={(view) => {
            const { projectId: _, ...rest } = view.query.filters;
            setFilters(rest);
            setGroupBy(view.query.groupBy);
          }}
        />
        {query.data && (
          <p className="text-xs text-muted-foreground" aria-live="polite">
            {query.data.total} tasks{query.data.total > LIMIT ? `, the first ${LIMIT} shown` : ""}
          </p>
        )}
      </div>
      <ListFilters
        project={project}
        members={members}
        filters={filters}
        onChange={setFilters}
        groupBy={groupBy}
        onGroupBy={setGroupBy}
      />
      <QueryState
        query={query}
        loading={<SkeletonRows rows={8} label="Loading tasks" />}
        isEmpty={(d) => d.tasks.length === 0}
        empty={
          <EmptyState
            icon={ListX}
            title="No tasks match"
            description="Change or clear the filters."
          />
        }
      >
        {() => (
          <div data-testid="task-list">
            {groups.map((g) => (
              <section key={g.key} aria-label={g.label}>
                {groupBy !== "none" && (
                  <h3 className="sticky top-0 z-[1] flex items-center gap-2 border-b bg-muted/60 px-3 py-1.5 text-xs font-semibold backdrop-blur">
                    {g.label}{" "}
                    <span className="font-normal text-muted-foreground">{g.tasks.length}</span>
                  </h3>
                )}
                {g.tasks.map((t) => (
                  <TaskLine
                    key={t.id}
                    task={t}
                    columnName={groupBy === "status" ? undefined : columnName(t.columnId)}
                    assignee={t.assigneeId ? byId.get(t.assigneeId) : undefined}
                    isSelected={selectedId === `${g.key}|${t.id}`}
                    onClick={() => openTask(t.id)}
                    className="cursor-pointer"
                    role="button"
                    tabIndex={0}
                    onKeyDown={(e) => e.key === "Enter" && openTask(t.id)}
                  />
                ))}
              </section>
            ))}
          </div>
        )}
      </QueryState>
    </Card>
  );
}
