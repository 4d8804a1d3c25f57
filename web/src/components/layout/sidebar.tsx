import { NavLink } from "react-router";
import { useSession } from "../../lib/session.tsx";
import { cn } from "../../lib/utils.ts";
import { mainNav, type NavItem, SETTINGS_ENTRY } from "./nav.ts";

function NavEntry({
  item,
  onNavigate,
  end = false,
}: {
  item: NavItem;
  onNavigate?: () => void;
  /** Active only on its own path, not below it (another entry owns the pages below). */
  end?: boolean;
}) {
  const Icon = item.icon;
  return (
    <li>
      <NavLink
        to={item.to}
        end={end}
        onClick={onNavigate}
        className={({ isActive }) =>
          cn(
            "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-foreground",
            isActive && "bg-accent text-foreground",
          )
        }
      >
        <Icon className="size-4 shrink-0" aria-hidden />
        <span className="truncate">{item.label}</span>
      </NavLink>
    </li>
  );
}

export function Brand() {
  return (
    <div className="flex items-center gap-2 px-2.5">
      <img src="/favicon.svg" alt="" className="size-6 dark:invert" />
      <span className="text-[15px] font-semibold tracking-tight">Glass Pane</span>
    </div>
  );
}

/** The app's main navigation; in a drawer on narrow screens (onNavigate closes it). */
export function SidebarNav({ onNavigate }: { onNavigate?: () => void }) {
  const { role } = useSession();
  const [overview, ...modules] = mainNav(role);
  return (
    <nav aria-label="Main" className="flex min-h-0 flex-1 flex-col gap-6">
      <ul className="space-y-0.5">
        {overview && <NavEntry item={overview} onNavigate={onNavigate} end />}
      </ul>
      <div>
        <p className="mb-1 px-2.5 text-xs font-medium text-muted-foreground/80">Modules</p>
        <ul className="space-y-0.5">
          {modules.map((item) => (
            <NavEntry
              key={item.to}
              item={item}
              onNavigate={onNavigate}
              end={modules.some((other) => other.to.startsWith(`${item.to}/`))}
            />
          ))}
        </ul>
      </div>
      <ul className="mt-auto space-y-0.5">
        <NavEntry item={SETTINGS_ENTRY} onNavigate={onNavigate} />
      </ul>
    </nav>
  );
}

export function Sidebar() {
  return (
    <aside className="hidden w-60 shrink-0 border-r bg-sidebar lg:block">
      <div className="sticky top-0 flex h-dvh flex-col gap-6 overflow-y-auto px-3 py-4">
        <Brand />
        <SidebarNav />
      </div>
    </aside>
  );
}
