import { Activity, BellRing, Route, ShieldAlert, Siren, SlidersHorizontal } from "lucide-react";
import { Outlet, type RouteObject } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { TabNav } from "../../components/tab-nav.tsx";
import { AlertsPage } from "./alerts-page.tsx";
import { CheckDetailPage } from "./check-detail-page.tsx";
import { ChecksPage } from "./checks-page.tsx";
import { IncidentDetailPage, IncidentsPage } from "./incidents-page.tsx";
import { RiskPage } from "./risk-page.tsx";
import { RoutingPage } from "./routing-page.tsx";
import { HealthSettingsPage } from "./settings-page.tsx";

function HealthLayout() {
  return (
    <>
      <PageHeader
        title="Health"
        description="Uptime checks, alerts and incidents for what you run."
      />
      <TabNav
        label="Health"
        tabs={[
          { to: "/health", label: "Checks", icon: Activity, end: true },
          { to: "/health/alerts", label: "Alerts", icon: BellRing },
          { to: "/health/incidents", label: "Incidents", icon: Siren },
          { to: "/health/risk", label: "Risk", icon: ShieldAlert },
          { to: "/health/routing", label: "Routing", icon: Route },
          { to: "/health/settings", label: "Settings", icon: SlidersHorizontal },
        ]}
      />
      <Outlet />
    </>
  );
}

export const healthRoutes: RouteObject[] = [
  {
    element: <HealthLayout />,
    children: [
      { index: true, element: <ChecksPage /> },
      { path: "checks/:id", element: <CheckDetailPage /> },
      { path: "alerts", element: <AlertsPage /> },
      { path: "incidents", element: <IncidentsPage /> },
      { path: "incidents/:id", element: <IncidentDetailPage /> },
      { path: "risk", element: <RiskPage /> },
      { path: "routing", element: <RoutingPage /> },
      { path: "settings", element: <HealthSettingsPage /> },
    ],
  },
];
