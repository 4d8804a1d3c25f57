import { ShieldOff } from "lucide-react";
import type { ReactNode } from "react";
import { NavLink, Outlet } from "react-router";
import { settingsNav } from "../../components/layout/nav.ts";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { can, type WorkspacePermission } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { cn } from "../../lib/utils.ts";

/** Settings with their own navigation: a column on wide screens, a scrolling row on phones. */
export function SettingsLayout() {
  const { role } = useSession();
  return (
    <div className="flex flex-col gap-8 md:flex-row">
      <nav aria-label="Settings" className="md:w-48 md:shrink-0">
        <h1 className="mb-3 hidden text-sm font-medium text-muted-foreground md:block">Settings</h1>
        <ul className="-mx-1 flex gap-1 overflow-x-auto px-1 pb-1 md:flex-col md:overflow-visible">
          {settingsNav(role).map(({ to, label, icon: Icon }) => (
            <li key={to}>
              <NavLink
                to={to}
                className={({ isActive }) =>
                  cn(
                    "flex items-center gap-2 rounded-md px-2.5 py-1.5 text-sm font-medium whitespace-nowrap text-muted-foreground hover:bg-accent hover:text-foreground",
                    isActive && "bg-accent text-foreground",
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
      <div className="min-w-0 flex-1">
        <Outlet />
      </div>
    </div>
  );
}

/** Shows the page only to roles that hold the permission (the server checks again). */
export function RequirePermission({
  permission,
  children,
}: {
  permission: WorkspacePermission;
  children: ReactNode;
}) {
  const { role } = useSession();
  if (can(role, permission)) return <>{children}</>;
  return (
    <EmptyState
      icon={ShieldOff}
      title="Not available for your role"
      description="Ask an owner or admin of this workspace if you need access."
    />
  );
}
