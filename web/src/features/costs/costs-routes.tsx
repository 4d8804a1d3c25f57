import type { RouteObject } from "react-router";
import { CostsLayout } from "./costs-layout.tsx";
import { ExplorerPage } from "./explorer-page.tsx";
import { ImportDetailPage } from "./import-detail-page.tsx";
import { ImportsPage } from "./imports-page.tsx";

/** Under /costs: the explorer, the imports and one import's details. */
export const costsRoutes: RouteObject[] = [
  {
    element: <CostsLayout />,
    children: [
      { index: true, element: <ExplorerPage /> },
      { path: "imports", element: <ImportsPage /> },
      { path: "imports/:importId", element: <ImportDetailPage /> },
    ],
  },
];
