import { Activity, KeyRound, ScrollText, Shapes } from "lucide-react";
import { Outlet, type RouteObject } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { TabNav } from "../../components/tab-nav.tsx";
import { RequirePermission } from "../settings/settings-layout.tsx";
import { IngestKeysPage } from "./ingest-keys-page.tsx";
import { LogsPage } from "./logs-page.tsx";
import { PatternsPage } from "./patterns-page.tsx";
import { ScrapeTargetsPage } from "./scrape-targets-page.tsx";

const TABS = [
  { to: "/logs", label: "Explorer", icon: ScrollText, end: true },
  { to: "/logs/patterns", label: "Patterns", icon: Shapes, end: false },
  { to: "/logs/sources", label: "Sources", icon: KeyRound, end: false },
  { to: "/logs/scrape", label: "Scrape targets", icon: Activity, end: false },
];

function LogsLayout() {
  return (
    <RequirePermission permission="logs:read">
      <PageHeader
        title="Logs"
        description="Every line your services send over OTLP, Loki, syslog or JSON, searchable in one place."
      />
      <TabNav label="Logs" tabs={TABS} />
      <Outlet />
    </RequirePermission>
  );
}

/** Under /logs: the explorer, the patterns (templates), the ingest sources (keys) and the Prometheus scrape targets. */
export const logsRoutes: RouteObject[] = [
  {
    element: <LogsLayout />,
    children: [
      { index: true, element: <LogsPage /> },
      { path: "patterns", element: <PatternsPage /> },
      { path: "sources", element: <IngestKeysPage /> },
      { path: "scrape", element: <ScrapeTargetsPage /> },
    ],
  },
];
