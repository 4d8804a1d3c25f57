import type { RouteObject } from "react-router";
import { AllocationPage } from "./allocation/allocation-page.tsx";
import { AnomalyDetailPage } from "./anomalies/anomaly-detail-page.tsx";
import { AnomaliesPage } from "./anomalies-page.tsx";
import { BudgetDetailPage } from "./budgets/budget-detail-page.tsx";
import { BudgetsPage } from "./budgets-page.tsx";
import { CostsLayout } from "./costs-layout.tsx";
import { ExplorerPage } from "./explorer-page.tsx";
import { ImportDetailPage } from "./import-detail-page.tsx";
import { ImportsPage } from "./imports-page.tsx";
import { SavingsPage } from "./savings/savings-page.tsx";

/** Under /costs: the explorer, the imports and one import's details, the budgets. */
export const costsRoutes: RouteObject[] = [
  {
    element: <CostsLayout />,
    children: [
      { index: true, element: <ExplorerPage /> },
      { path: "imports", element: <ImportsPage /> },
      { path: "imports/:importId", element: <ImportDetailPage /> },
      { path: "budgets", element: <BudgetsPage /> },
      { path: "budgets/:budgetId", element: <BudgetDetailPage /> },
      { path: "anomalies", element: <AnomaliesPage /> },
      { path: "anomalies/:anomalyId", element: <AnomalyDetailPage /> },
      { path: "allocation", element: <AllocationPage /> },
      { path: "savings", element: <SavingsPage /> },
    ],
  },
];
