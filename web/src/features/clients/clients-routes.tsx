import type { ReactNode } from "react";
import { Navigate, type RouteObject } from "react-router";
import { useSession } from "../../lib/session.tsx";
import { GuestCostsPage } from "./client-costs.tsx";
import { ClientDetailPage } from "./client-detail-page.tsx";
import { ClientsLayout } from "./clients-layout.tsx";
import { ClientsPage } from "./clients-page.tsx";
import { InvoiceDetailPage } from "./invoice-detail-page.tsx";
import { InvoicesPage } from "./invoices-page.tsx";
import { ProfitPage } from "./profit-page.tsx";
import { InvoicingSettingsPage } from "./settings-page.tsx";

/** A client guest has no client list or pricing to see: it is sent to its invoices. */
function StaffOnly({ children }: { children: ReactNode }) {
  const { role } = useSession();
  if (role === "client") return <Navigate to="/clients/invoices" replace />;
  return children;
}

/** Under /clients: clients, invoices, a guest's own cloud costs, profit and invoicing settings. */
export const clientsRoutes: RouteObject[] = [
  {
    element: <ClientsLayout />,
    children: [
      {
        index: true,
        element: (
          <StaffOnly>
            <ClientsPage />
          </StaffOnly>
        ),
      },
      { path: "invoices", element: <InvoicesPage /> },
      { path: "invoices/:invoiceId", element: <InvoiceDetailPage /> },
      { path: "costs", element: <GuestCostsPage /> },
      { path: "profit", element: <ProfitPage /> },
      { path: "settings", element: <InvoicingSettingsPage /> },
      {
        path: ":clientId",
        element: (
          <StaffOnly>
            <ClientDetailPage />
          </StaffOnly>
        ),
      },
    ],
  },
];
