import { FolderKanban, Plus } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { SkeletonRows } from "../../components/ui/skeleton.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { createMoneyFormat } from "../costs/money.ts";
import { RequirePermission } from "../settings/settings-layout.tsx";
import { ProjectDialog } from "./project-dialog.tsx";

type Listed = OperationOutput<"projects.list">[number];

function ProjectCard({ project }: { project: Listed }) {
  const { format } = useSession();
  const { taskCounts: counts, monthCost } = project;
  const percent = counts.total ? Math.round((counts.done / counts.total) * 100) : 0;
  const fmt = createMoneyFormat(format.locale, monthCost?.currency ?? null);
  return (
    <li>
      <Card className="h-full transition-colors hover:border-foreground/30">
        <Link
          to={`/projects/${project.key}`}
          className="grid h-full gap-3 p-5 focus-visible:outline-2 focus-visible:outline-ring"
          data-testid="project-card"
        >
          <div className="flex items-start justify-between gap-2">
            <div className="min-w-0">
              <p className="font-mono text-xs text-muted-foreground">{project.key}</p>
              <h2 className="truncate font-medium">{project.name}</h2>
            </div>
            {project.status === "archived" && <Badge variant="outline">Archived</Badge>}
          </div>
          {project.description && (
            <p className="line-clamp-2 text-sm text-muted-foreground">
              {project.description.replace(/[*_`#]/g, "")}
            </p>
          )}
          <div className="mt-auto grid gap-2">
            <div
              className="h-1.5 overflow-hidden rounded-full bg-muted"
              role="img"
              aria-label={`${percent}% of tasks done`}
            >
              <div className="h-full bg-success" style={{ width: `${percent}%` }} />
            </div>
            <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground">
              <div>
                <dt className="sr-only">Open</dt>
                <dd>
                  <span className="font-medium text-foreground tabular-nums">
                    {format.number(counts.open)}
                  </span>{" "}
                  open
                </dd>
              </div>
              <div>
                <dt className="sr-only">Done</dt>
                <dd>
                  <span className="tabular-nums">{format.number(counts.done)}</span> done
                </dd>
              </div>
              {counts.overdue > 0 && (
                <div>
                  <dt className="sr-only">Overdue</dt>
                  <dd className="text-destructive">{format.number(counts.overdue)} overdue</dd>
                </div>
              )}
              {monthCost && (
                <div className="ml-auto">
                  <dt className="sr-only">Cloud cost this month</dt>
                  <dd>
                    <span className="font-medium text-foreground tabular-nums">
                      {fmt.money(monthCost.total)}
                    </span>{" "}
                    this month
                  </dd>
                </div>
              )}
            </dl>
          </div>
        </Link>
      </Card>
    </li>
  );
}

/** Every project of the workspace as a card; new ones are made here. */
export function ProjectsPage() {
  const { role } = useSession();
  const canWrite = can(role, "projects:write");
  const [showArchived, setShowArchived] = useState(false);
  const projects = useOperation("projects.list", { includeArchived: showArchived });
  const [creating, setCreating] = useState(false);
  const newButton = (
    <Button onClick={() => setCreating(true)} data-testid="new-project">
      <Plus aria-hidden /> New project
    </Button>
  );
  return (
    <RequirePermission permission="projects:read">
      <PageHeader
        title="Projects"
        description="Boards, backlogs and sprints, with the cloud spend behind each project."
        actions={
          <>
            <Button variant="ghost" size="sm" onClick={() => setShowArchived((v) => !v)}>
              {showArchived ? "Hide archived" : "Show archived"}
            </Button>
            {canWrite && newButton}
          </>
        }
      />
      <QueryState
        query={projects}
        loading={<SkeletonRows rows={3} label="Loading projects" />}
        empty={
          <Card>
            <EmptyState
              icon={FolderKanban}
              title="No projects yet"
              description="Create a project for a client or for your own work: a kanban board, a backlog, sprints and the cloud cost it runs on."
              action={canWrite ? newButton : undefined}
            />
          </Card>
        }
      >
        {(rows) => (
          <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Projects">
            {rows.map((p) => (
              <ProjectCard key={p.id} project={p} />
            ))}
          </ul>
        )}
      </QueryState>
      <ProjectDialog open={creating} onOpenChange={setCreating} />
    </RequirePermission>
  );
}
