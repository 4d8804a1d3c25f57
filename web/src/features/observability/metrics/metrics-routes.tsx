import { LayoutDashboard, LineChart } from "lucide-react";
import { Outlet, type RouteObject } from "react-router";
import { PageHeader } from "../../../components/page-header.tsx";
import { TabNav } from "../../../components/tab-nav.tsx";
import { RequirePermission } from "../../settings/settings-layout.tsx";
import { DashboardPage } from "../dashboards/dashboard-page.tsx";
import { DashboardsPage } from "../dashboards/dashboards-page.tsx";
import { MetricsPage } from "./metrics-page.tsx";

const TABS = [
  { to: "/observability/metrics", label: "Explorer", icon: LineChart, end: true },
  {
    to: "/observability/metrics/dashboards",
    label: "Dashboards",
    icon: LayoutDashboard,
    end: false,
  },
];

function MetricsLayout() {
  return (
    <RequirePermission permission="logs:read">
      <PageHeader
        title="Metrics"
        description="Every series your services and hosts send, charted by label, with dashboards the whole workspace shares."
      />
      <TabNav label="Metrics" tabs={TABS} />
      <Outlet />
    </RequirePermission>
  );
}

/** Under /metrics: the explorer, the dashboards list and one dashboard. */
export const metricsRoutes: RouteObject[] = [
  {
    element: <MetricsLayout />,
    children: [
      { index: true, element: <MetricsPage /> },
      { path: "dashboards", element: <DashboardsPage /> },
      { path: "dashboards/:dashboardId", element: <DashboardPage /> },
    ],
  },
];
