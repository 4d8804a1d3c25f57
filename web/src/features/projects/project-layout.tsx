import {
  ArrowLeft,
  CalendarDays,
  Columns3,
  Flag,
  Keyboard,
  List,
  ListOrdered,
  Plus,
  Settings,
} from "lucide-react";
import { useState } from "react";
import { Link, NavLink, Outlet, useParams } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { SkeletonRows } from "../../components/ui/skeleton.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { useLatestSearchParams } from "../../lib/use-latest-search-params.ts";
import { cn } from "../../lib/utils.ts";
import { RequirePermission } from "../settings/settings-layout.tsx";
import type { ProjectContext } from "./project-context.ts";
import { focusSearch, ShortcutsDialog, useShortcuts } from "./shortcuts.tsx";
import { NewTaskDialog } from "./task/new-task-dialog.tsx";
import { TaskDialog } from "./task/task-dialog.tsx";

export type ProjectDetail = OperationOutput<"projects.get">;
/** What this layout passes to its tabs: the ProjectContext contract, with the full project. */
export interface ProjectLayoutContext extends ProjectContext {
  project: ProjectDetail;
}

const TABS = [
  { to: "", label: "Board", icon: Columns3, end: true },
  { to: "backlog", label: "Backlog", icon: ListOrdered, end: false },
  { to: "list", label: "List", icon: List, end: false },
  { to: "calendar", label: "Calendar", icon: CalendarDays, end: false },
  { to: "sprints", label: "Sprints", icon: Flag, end: false },
  { to: "settings", label: "Settings", icon: Settings, end: false },
];

function ProjectShell({ project }: { project: ProjectDetail }) {
  const { role } = useSession();
  const canWrite = can(role, "projects:write");
  const [params, setParams] = useLatestSearchParams();
  const [isCreating, setIsCreating] = useState(false);
  const [isHelpOpen, setIsHelpOpen] = useState(false);
  const openTaskId = params.get("task");
  const closeTask = () =>
    setParams(
      (p) => {
        p.delete("task");
        return p;
      },
      { replace: true },
    );
  useShortcuts({
    c: canWrite ? () => setIsCreating(true) : undefined,
    "/": focusSearch,
    "?": () => setIsHelpOpen(true),
  });
  const context: ProjectLayoutContext = { project };
  return (
    <>
      <Link
        to="/projects"
        className="mb-2 inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden /> All projects
      </Link>
      <PageHeader
        title={project.name}
        description={
          <>
            <span className="font-mono">{project.key}</span> · {project.taskCounts.open} open,{" "}
            {project.taskCounts.done} done
          </>
        }
        actions={
          <>
            <Button
              variant="ghost"
              size="icon-sm"
              onClick={() => setIsHelpOpen(true)}
              aria-label="Keyboard shortcuts"
            >
              <Keyboard aria-hidden />
            </Button>
            {canWrite && (
              <Button onClick={() => setIsCreating(true)} data-testid="new-task">
                <Plus aria-hidden /> New task
              </Button>
            )}
          </>
        }
      />
      <nav aria-label="Project" className="-mt-2 mb-4 border-b">
        <ul className="-mb-px flex gap-4 overflow-x-auto">
          {TABS.map(({ to, label, icon: Icon, end }) => (
            <li key={label}>
              <NavLink
                to={to ? `/projects/${project.key}/${to}` : `/projects/${project.key}`}
                end={end}
                className={({ isActive }) =>
                  cn(
                    "inline-flex items-center gap-2 border-b-2 border-transparent px-1 pb-2.5 text-sm font-medium whitespace-nowrap text-muted-foreground hover:text-foreground",
                    isActive && "border-foreground text-foreground",
                  )
                }
              >
                <Icon className="size-4" aria-hidden />
                {label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet context={context} />
      <NewTaskDialog project={project} open={isCreating} onOpenChange={setIsCreating} />
      {openTaskId && <TaskDialog project={project} taskId={openTaskId} onClose={closeTask} />}
      <ShortcutsDialog open={isHelpOpen} onOpenChange={setIsHelpOpen} />
    </>
  );
}

/** /projects/:key — the project's header and tabs; the task dialog opens over any tab. */
export function ProjectLayout() {
  const { key = "" } = useParams();
  const project = useOperation("projects.get", { key: key.toUpperCase() });
  return (
    <RequirePermission permission="projects:read">
      <QueryState query={project} loading={<SkeletonRows rows={6} label="Loading the project" />}>
        {(detail) => <ProjectShell project={detail} />}
      </QueryState>
    </RequirePermission>
  );
}
