import { FileText, type LucideIcon, Settings2, TrendingUp, Users } from "lucide-react";
import { NavLink, Outlet } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { can, type WorkspacePermission } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { cn } from "../../lib/utils.ts";
import { RequirePermission } from "../settings/settings-layout.tsx";

interface Tab {
  to: string;
  label: string;
  icon: LucideIcon;
  end: boolean;
  permission: WorkspacePermission;
  /** Hidden from client guests even when the permission would let them read. */
  isStaffOnly?: boolean;
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
            ? "The invoices and credit notes you have received, to view and download."
            : "Clients, their pricing, the invoices built from allocated cloud cost and time, and what they earn you."
        }
      />
      <nav aria-label="Clients & invoices" className="-mt-2 mb-6 border-b">
        <ul className="-mb-px flex gap-4">
          {TABS.filter((t) => can(role, t.permission) && !(isGuest && t.isStaffOnly)).map(
            ({ to, label, icon: Icon, end }) => (
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
            ),
          )}
        </ul>
      </nav>
      <Outlet />
    </RequirePermission>
  );
}
