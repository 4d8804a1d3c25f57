import { BarChart3, CalendarDays, Coins } from "lucide-react";
import { NavLink, Outlet, type RouteObject } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { cn } from "../../lib/utils.ts";
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
      <nav aria-label="Time" className="-mt-2 mb-6 border-b">
        <ul className="-mb-px flex gap-4">
          {TABS.filter((t) => can(role, t.permission)).map(({ to, label, icon: Icon, end }) => (
            <li key={to}>
              <NavLink
                to={to}
                end={end}
                className={({ isActive }) =>
                  cn(
                    "inline-flex items-center gap-2 border-b-2 border-transparent px-1 pb-2.5 text-sm font-medium text-muted-foreground hover:text-foreground",
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
