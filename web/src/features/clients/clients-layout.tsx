import { Cloud, FileText, Settings2, TrendingUp, Users } from "lucide-react";
import { Outlet } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { type Tab as NavTab, TabNav } from "../../components/tab-nav.tsx";
import { can, type WorkspacePermission } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { RequirePermission } from "../settings/settings-layout.tsx";

interface Tab extends NavTab {
  permission: WorkspacePermission;
  /** Hidden from client guests even when the permission would let them read. */
  isStaffOnly?: boolean;
  /** Only for client guests (staff see a client's costs on its page). */
  isGuestOnly?: boolean;
}

const TABS: Tab[] = [
  {
    to: "/clients",
    label: "Clients",
    icon: Users,
    end: true,
    permission: "clients:read",
    isStaffOnly: true,
  },
  {
    to: "/clients/invoices",
    label: "Invoices",
    icon: FileText,
    end: false,
    permission: "invoices:read",
  },
  {
    to: "/clients/costs",
    label: "Cloud costs",
    icon: Cloud,
    end: false,
    permission: "clients:read",
    isGuestOnly: true,
  },
  {
    to: "/clients/profit",
    label: "Profit",
    icon: TrendingUp,
    end: false,
    permission: "invoices:profit",
  },
  {
    to: "/clients/settings",
    label: "Settings",
    icon: Settings2,
    end: false,
    permission: "invoices:issue",
  },
];

/** Clients & invoices: the header and the tabs the caller's role may use. */
export function ClientsLayout() {
  const { role } = useSession();
  const isGuest = role === "client";
  return (
    <RequirePermission permission="invoices:read">
      <PageHeader
        title={isGuest ? "Invoices" : "Clients & invoices"}
        description={
          isGuest
            ? "The invoices and credit notes you have received, to view and download, and your cloud costs."
            : "Clients, their pricing, the invoices built from allocated cloud cost and time, and what they earn you."
        }
      />
      <TabNav
        label="Clients & invoices"
        tabs={TABS.filter(
          (t) => can(role, t.permission) && (isGuest ? !t.isStaffOnly : !t.isGuestOnly),
        )}
      />
      <Outlet />
    </RequirePermission>
  );
}
