import { BarChart3, CalendarDays, Coins } from "lucide-react";
import { Outlet, type RouteObject } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { TabNav } from "../../components/tab-nav.tsx";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { RequirePermission } from "../settings/settings-layout.tsx";
import { RatesPage } from "./rates-page.tsx";
import { ReportsPage } from "./reports-page.tsx";
import { TimesheetPage } from "./timesheet-page.tsx";

const TABS = [
  { to: "/time", label: "Timesheet", icon: CalendarDays, end: true, permission: "time:read" },
  { to: "/time/reports", label: "Reports", icon: BarChart3, end: false, permission: "time:read" },
  { to: "/time/rates", label: "Rates", icon: Coins, end: false, permission: "time:manage" },
] as const;

/** The Time module: the timesheet, reports and (for admins) member rates. */
function TimeLayout() {
  const { role } = useSession();
  return (
    <RequirePermission permission="time:read">
      <PageHeader title="Time" description="Your week, what it adds up to, and what it bills." />
      <TabNav label="Time" tabs={TABS.filter((t) => can(role, t.permission))} />
      <Outlet />
    </RequirePermission>
  );
}

/** Under /time. */
export const timeRoutes: RouteObject[] = [
  {
    element: <TimeLayout />,
    children: [
      { index: true, element: <TimesheetPage /> },
      { path: "reports", element: <ReportsPage /> },
      {
        path: "rates",
        element: (
          <RequirePermission permission="time:manage">
            <RatesPage />
          </RequirePermission>
        ),
      },
    ],
  },
];
