import { createBrowserRouter, Navigate, type RouteObject } from "react-router";
import { AppShell } from "./components/layout/app-shell.tsx";
import { aiRoutes } from "./features/ai/ai-routes.tsx";
import { AiSettingsPage } from "./features/ai/ai-settings-page.tsx";
import { ApprovalsPage } from "./features/approvals/approvals-page.tsx";
import { InvitePage } from "./features/auth/invite-page.tsx";
import { LoginPage } from "./features/auth/login-page.tsx";
import { RequireSession } from "./features/auth/require-session.tsx";
import { SetupPage } from "./features/auth/setup-page.tsx";
import { automationsRoutes } from "./features/automations/automations-routes.tsx";
import { clientsRoutes } from "./features/clients/clients-routes.tsx";
import { costsRoutes } from "./features/costs/costs-routes.tsx";
import { docsRoutes } from "./features/docs/docs-routes.tsx";
import { healthRoutes } from "./features/health/health-routes.tsx";
import { HomePage } from "./features/home/home-page.tsx";
import { inventoryRoutes } from "./features/inventory/inventory-routes.tsx";
import { ComingSoonPage } from "./features/modules/coming-soon-page.tsx";
import { MODULES } from "./features/modules/modules.ts";
import { NotFoundPage } from "./features/not-found-page.tsx";
import { logsRoutes } from "./features/observability/logs-routes.tsx";
import { metricsRoutes } from "./features/observability/metrics/metrics-routes.tsx";
import { ObservabilityOverviewPage } from "./features/observability/overview-page.tsx";
import { planningRoutes } from "./features/planning/planning-routes.tsx";
import { projectsRoutes } from "./features/projects/projects-routes.tsx";
import { SearchPage } from "./features/search/search-page.tsx";
import { AuditPage } from "./features/settings/audit/audit-page.tsx";
import { JobsPage } from "./features/settings/jobs/jobs-page.tsx";
import { MembersPage } from "./features/settings/members/members-page.tsx";
import { ProfilePage } from "./features/settings/profile/profile-page.tsx";
import { SecretsPage } from "./features/settings/secrets/secrets-page.tsx";
import { RequirePermission, SettingsLayout } from "./features/settings/settings-layout.tsx";
import { TokensPage } from "./features/settings/tokens/tokens-page.tsx";
import { ToolSourcesPage } from "./features/settings/tools/tool-sources-page.tsx";
import { WorkspacePage } from "./features/settings/workspace/workspace-page.tsx";
import { timeRoutes } from "./features/time/time-routes.tsx";

const settingsRoutes: RouteObject[] = [
  { index: true, element: <Navigate to="profile" replace /> },
  { path: "profile", element: <ProfilePage /> },
  { path: "workspace", element: <WorkspacePage /> },
  {
    path: "members",
    element: (
      <RequirePermission permission="members:read">
        <MembersPage />
      </RequirePermission>
    ),
  },
  {
    path: "tokens",
    element: (
      <RequirePermission permission="tokens:manage">
        <TokensPage />
      </RequirePermission>
    ),
  },
  {
    path: "secrets",
    element: (
      <RequirePermission permission="secrets:read">
        <SecretsPage />
      </RequirePermission>
    ),
  },
  {
    path: "audit",
    element: (
      <RequirePermission permission="audit:read">
        <AuditPage />
      </RequirePermission>
    ),
  },
  {
    path: "ai",
    element: (
      <RequirePermission permission="ai:chat">
        <AiSettingsPage />
      </RequirePermission>
    ),
  },
  {
    path: "tools",
    element: (
      <RequirePermission permission="toolsources:read">
        <ToolSourcesPage />
      </RequirePermission>
    ),
  },
  {
    path: "jobs",
    element: (
      <RequirePermission permission="jobs:read">
        <JobsPage />
      </RequirePermission>
    ),
  },
];

export const router = createBrowserRouter([
  { path: "/setup", element: <SetupPage /> },
  { path: "/login", element: <LoginPage /> },
  { path: "/invite/:token", element: <InvitePage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppShell />,
        children: [
          { index: true, element: <HomePage /> },
          ...MODULES.filter((m) => !m.isAvailable).map((m) => ({
            path: m.path,
            element: <ComingSoonPage moduleId={m.id} />,
          })),
          { path: "inventory", children: inventoryRoutes },
          { path: "services", element: <Navigate to="/inventory/services" replace /> },
          { path: "costs", children: costsRoutes },
          { path: "health", children: healthRoutes },
          { path: "clients", children: clientsRoutes },
          { path: "projects", children: projectsRoutes },
          { path: "planning", children: planningRoutes },
          { path: "time", children: timeRoutes },
          { path: "docs", children: docsRoutes },
          { path: "logs", children: logsRoutes },
          { path: "observability", element: <ObservabilityOverviewPage /> },
          { path: "observability/metrics", children: metricsRoutes },
          { path: "search", element: <SearchPage /> },
          { path: "approvals", element: <ApprovalsPage /> },
          { path: "approvals/:id", element: <ApprovalsPage /> },
          { path: "ai", children: aiRoutes },
          { path: "automations", children: automationsRoutes },
          { path: "settings", element: <SettingsLayout />, children: settingsRoutes },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
