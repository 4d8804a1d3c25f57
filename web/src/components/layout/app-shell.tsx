import { Menu } from "lucide-react";
import { useEffect, useState } from "react";
import { Outlet, useLocation } from "react-router";
import { TimerWidget } from "../../features/time/timer-widget.tsx";
import { rememberPage } from "../../lib/agent-events.ts";
import { useRealtime } from "../../lib/realtime.ts";
import { useSession } from "../../lib/session.tsx";
import { Button } from "../ui/button.tsx";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "../ui/dialog.tsx";
import { LiveIndicator } from "./live-indicator.tsx";
import { NotificationsBell } from "./notifications-bell.tsx";
import { Brand, Sidebar, SidebarNav } from "./sidebar.tsx";
import { ThemeToggle } from "./theme-toggle.tsx";
import { UserMenu } from "./user-menu.tsx";
import { WorkspaceSwitcher } from "./workspace-switcher.tsx";

function MobileNav() {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button
        variant="ghost"
        size="icon"
        className="lg:hidden"
        aria-label="Open navigation"
        onClick={() => setOpen(true)}
      >
        <Menu aria-hidden />
      </Button>
      <DialogContent className="top-0 left-0 flex h-dvh max-h-dvh w-72 max-w-[85vw] translate-x-0 translate-y-0 flex-col gap-6 rounded-none border-y-0 border-l-0 px-3 py-4">
        <DialogTitle className="sr-only">Navigation</DialogTitle>
        <DialogDescription className="sr-only">Pages of Glass Pane</DialogDescription>
        <Brand />
        <SidebarNav onNavigate={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}

/** Sidebar, top bar and the page; keeps the realtime channel of the workspace open. */
export function AppShell() {
  const { workspace } = useSession();
  const live = useRealtime(workspace?.id);
  const location = useLocation();
  useEffect(() => {
    // After the page has rendered its heading: that is what the person sees as its title.
    const timer = setTimeout(() => {
      const heading = document.querySelector("main h1")?.textContent ?? document.title;
      rememberPage(location.pathname, location.search, heading);
    }, 300);
    return () => clearTimeout(timer);
  }, [location.pathname, location.search]);
  return (
    <div className="flex min-h-dvh">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-background px-3 py-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <Sidebar />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b bg-background/85 px-3 backdrop-blur sm:px-6">
          <MobileNav />
          <WorkspaceSwitcher />
          <div className="ml-auto flex items-center gap-1">
            <LiveIndicator status={live} />
            {workspace && <TimerWidget />}
            {workspace && <NotificationsBell />}
            <ThemeToggle />
            <UserMenu />
          </div>
        </header>
        <main
          id="main"
          tabIndex={-1}
          className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 outline-none sm:px-6"
        >
          <Outlet />
        </main>
      </div>
    </div>
  );
}
