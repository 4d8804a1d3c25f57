import type { LucideIcon } from "lucide-react";
import { NavLink } from "react-router";
import { cn } from "../lib/utils.ts";

export interface Tab {
  to: string;
  label: string;
  icon: LucideIcon;
  /** Active only on exactly this path (the module's index tab). */
  end?: boolean;
}

/** A module's tabs under its page header: links, underlined when their page is open. */
export function TabNav({ label, tabs }: { label: string; tabs: Tab[] }) {
  return (
    // On a phone the tabs scroll sideways inside the bar instead of widening the page. The
    // bottom line is an inset shadow, not a border, so the active tab's underline can cover it
    // without overflowing the scroll box.
    <nav
      aria-label={label}
      className="-mt-2 mb-6 overflow-x-auto shadow-[inset_0_-1px_0_var(--color-border)]"
    >
      <ul className="flex gap-4">
        {tabs.map(({ to, label: text, icon: Icon, end }) => (
          <li key={to} className="shrink-0">
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
              {text}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
