import type { RouteObject } from "react-router";
import { BacklogPage } from "./backlog-page.tsx";
import { BoardPage } from "./board/board-page.tsx";
import { CalendarPage } from "./calendar-page.tsx";
import { ListPage } from "./list/list-page.tsx";
import { ProjectLayout } from "./project-layout.tsx";
import { ProjectsPage } from "./projects-page.tsx";
import { ProjectSettingsPage } from "./settings/project-settings-page.tsx";
import { SprintsPage } from "./sprints/sprints-page.tsx";

/** Under /projects: the project list, and each project's board, backlog, list, calendar… */
export const projectsRoutes: RouteObject[] = [
  { index: true, element: <ProjectsPage /> },
  {
    path: ":key",
    element: <ProjectLayout />,
    children: [
      { index: true, element: <BoardPage /> },
      { path: "backlog", element: <BacklogPage /> },
      { path: "list", element: <ListPage /> },
      { path: "calendar", element: <CalendarPage /> },
      { path: "sprints", element: <SprintsPage /> },
      { path: "settings", element: <ProjectSettingsPage /> },
    ],
  },
];
