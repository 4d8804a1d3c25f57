import { ChartGantt, Gauge, ShieldAlert } from "lucide-react";
import { Outlet, type RouteObject, useSearchParams } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { TabNav } from "../../components/tab-nav.tsx";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { useLatestSearchParams } from "../../lib/use-latest-search-params.ts";
import { RequirePermission } from "../settings/settings-layout.tsx";
import { CapacityPage } from "./capacity-page.tsx";
import { ProjectSelect } from "./project-select.tsx";
import { RisksPage } from "./risks-page.tsx";
import { RoadmapPage } from "./roadmap-page.tsx";

const TABS = [
  { to: "/planning", label: "Roadmap", icon: ChartGantt, end: true, permission: "projects:read" },
  { to: "/planning/capacity", label: "Capacity", icon: Gauge, end: false, permission: "time:read" },
  {
    to: "/planning/risks",
    label: "Risks",
    icon: ShieldAlert,
    end: false,
    permission: "projects:read",
  },
] as const;

/** The project the planning pages are narrowed to (`?project=<id>`), or undefined for all. */
export function useProjectFilter(): [string | undefined, (id: string | undefined) => void] {
  const [params, setParams] = useLatestSearchParams();
  const projectId = params.get("project") ?? undefined;
  const set = (id: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set("project", id);
        else next.delete("project");
        return next;
      },
      { replace: true },
    );
  return [projectId, set];
}

export function ProjectFilter({ allLabel = "All projects" }: { allLabel?: string }) {
  const [projectId, setProjectId] = useProjectFilter();
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor="planning-project" className="text-muted-foreground">
        Project
      </label>
      <ProjectSelect
        id="planning-project"
        className="h-9 w-48"
        value={projectId ?? ""}
        onChange={(id) => setProjectId(id || undefined)}
        emptyLabel={allLabel}
      />
    </div>
  );
}

/** Roadmap, capacity and risks across projects, each page narrowed by the project filter. */
function PlanningLayout() {
  const { role } = useSession();
  const [params] = useSearchParams();
  const search = params.toString() ? `?${params}` : "";
  return (
    <RequirePermission permission="projects:read">
      <PageHeader
        title="Planning"
        description="Milestones and epics on a timeline, who has room in which week, and what could go wrong."
        actions={<ProjectFilter />}
      />
      <TabNav
        label="Planning"
        tabs={TABS.filter((t) => can(role, t.permission)).map((t) => ({ ...t, to: t.to + search }))}
      />
      <Outlet />
    </RequirePermission>
  );
}

/** Under /planning. */
export const planningRoutes: RouteObject[] = [
  {
    element: <PlanningLayout />,
    children: [
      { index: true, element: <RoadmapPage /> },
      {
        path: "capacity",
        element: (
          <RequirePermission permission="time:read">
            <CapacityPage />
          </RequirePermission>
        ),
      },
      { path: "risks", element: <RisksPage /> },
    ],
  },
];
