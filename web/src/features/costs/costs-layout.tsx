import { BarChart3, ChartPie, FileUp, HandCoins, PiggyBank, TriangleAlert } from "lucide-react";
import { Outlet } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { TabNav } from "../../components/tab-nav.tsx";
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
      <TabNav label="Costs" tabs={TABS} />
      <Outlet />
    </RequirePermission>
  );
}
