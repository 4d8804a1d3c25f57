import { Boxes, History, LayoutGrid, Network, PlugZap, ShieldCheck } from "lucide-react";
import { Outlet, type RouteObject } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { TabNav } from "../../components/tab-nav.tsx";
import { RequirePermission } from "../settings/settings-layout.tsx";
import { ChangesPage } from "./changes-page.tsx";
import { CompliancePage } from "./compliance-page.tsx";
import { ConnectWizardPage } from "./connect-wizard-page.tsx";
import { ConnectorsPage } from "./connectors-page.tsx";
import { MapPage } from "./dependency-map.tsx";
import { ResourcePage } from "./resource-page.tsx";
import { ResourcesPage } from "./resources-page.tsx";
import { ServicePage, ServicesPage } from "./services-page.tsx";

const TABS = [
  { to: "/inventory", label: "Resources", icon: Boxes, end: true },
  { to: "/inventory/map", label: "Map", icon: Network, end: false },
  { to: "/inventory/services", label: "Services", icon: LayoutGrid, end: false },
  { to: "/inventory/changes", label: "Changes", icon: History, end: false },
  { to: "/inventory/compliance", label: "Compliance", icon: ShieldCheck, end: false },
  { to: "/inventory/connectors", label: "Connectors", icon: PlugZap, end: false },
];

/** The Inventory module: its header and tabs over resources and connectors. */
function InventoryLayout() {
  return (
    <RequirePermission permission="inventory:read">
      <PageHeader
        title="Cloud inventory"
        description="Every resource in every connected cloud, in one model, refreshed by discovery scans."
      />
      <TabNav label="Inventory" tabs={TABS} />
      <Outlet />
    </RequirePermission>
  );
}

/** Under /inventory: the resource table, one resource, the connectors and the connect wizard. */
export const inventoryRoutes: RouteObject[] = [
  {
    element: <InventoryLayout />,
    children: [
      { index: true, element: <ResourcesPage /> },
      { path: "resources/:resourceId", element: <ResourcePage /> },
      { path: "map", element: <MapPage /> },
      { path: "services", element: <ServicesPage /> },
      { path: "services/:serviceId", element: <ServicePage /> },
      { path: "changes", element: <ChangesPage /> },
      { path: "compliance", element: <CompliancePage /> },
      { path: "connectors", element: <ConnectorsPage /> },
      {
        path: "connectors/new",
        element: (
          <RequirePermission permission="connectors:manage">
            <ConnectWizardPage />
          </RequirePermission>
        ),
      },
    ],
  },
];
