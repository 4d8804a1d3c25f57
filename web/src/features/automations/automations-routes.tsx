import type { RouteObject } from "react-router";
import { RequirePermission } from "../settings/settings-layout.tsx";
import { AutomationEditorPage } from "./automation-editor-page.tsx";
import { AutomationsPage } from "./automations-page.tsx";
import { RunDetailPage } from "./run-detail-page.tsx";
import { RunsPage } from "./runs-page.tsx";

const guarded = (page: React.ReactNode) => (
  <RequirePermission permission="automations:read">{page}</RequirePermission>
);

export const automationsRoutes: RouteObject[] = [
  { index: true, element: guarded(<AutomationsPage />) },
  { path: "new", element: guarded(<AutomationEditorPage />) },
  { path: ":id", element: guarded(<AutomationEditorPage />) },
  { path: ":id/runs", element: guarded(<RunsPage />) },
  { path: ":id/runs/:runId", element: guarded(<RunDetailPage />) },
  // From where only the run is known (an approval request): the page reads its automation.
  { path: "runs/:runId", element: guarded(<RunDetailPage />) },
];
