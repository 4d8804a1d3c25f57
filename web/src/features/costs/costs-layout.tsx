import { BarChart3, ChartPie, FileUp, HandCoins, PiggyBank, TriangleAlert } from "lucide-react";
import { NavLink, Outlet } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { cn } from "../../lib/utils.ts";
import { RequirePermission } from "../settings/settings-layout.tsx";

const TABS = [
  { to: "/costs", label: "Explorer", icon: BarChart3, end: true },
  { to: "/costs/imports", label: "Imports", icon: FileUp, end: false },
  { to: "/costs/budgets", label: "Budgets", icon: PiggyBank, end: false },
  { to: "/costs/anomalies", label: "Anomalies", icon: TriangleAlert, end: false },
  { to: "/costs/allocation", label: "Allocation", icon: ChartPie, end: false },
  { to: "/costs/savings", label: "Savings", icon: HandCoins, end: false },
];

/** The Costs module: its header and tabs over the explorer and the imports. */
export function CostsLayout() {
  return (
    <RequirePermission permission="costs:read">
      <PageHeader
        title="Costs"
        description="What your clouds cost, from the billing files you import, on a FOCUS 1.2 ledger."
      />
      <nav aria-label="Costs" className="-mt-2 mb-6 border-b">
        <ul className="-mb-px flex gap-4">
          {TABS.map(({ to, label, icon: Icon, end }) => (
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
