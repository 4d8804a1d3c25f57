import { ArrowRight, KeyRound, Settings, Users } from "lucide-react";
import { Link } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../components/ui/card.tsx";
import { can, isRole, ROLE_LABELS } from "../../lib/roles.ts";
import { useSession, useWorkspace } from "../../lib/session.tsx";
import { visibleModules } from "../modules/modules.ts";

function QuickLinks() {
  const { role } = useSession();
  const links = [
    { to: "/settings/workspace", label: "Workspace settings", icon: Settings, show: true },
    {
      to: "/settings/members",
      label: "Invite your team",
      icon: Users,
      show: can(role, "members:manage"),
    },
    {
      to: "/settings/tokens",
      label: "Create an API token",
      icon: KeyRound,
      show: can(role, "tokens:manage"),
    },
  ].filter((l) => l.show);
  return (
    <nav aria-label="Quick links" className="flex flex-wrap gap-2">
      {links.map(({ to, label, icon: Icon }) => (
        <Link
          key={to}
          to={to}
          className="inline-flex items-center gap-2 rounded-md border bg-card px-3 py-2 text-sm font-medium shadow-xs hover:bg-accent"
        >
          <Icon className="size-4 text-muted-foreground" aria-hidden />
          {label}
        </Link>
      ))}
    </nav>
  );
}

export function HomePage() {
  const { user, role } = useSession();
  const workspace = useWorkspace();
  const firstName = user.name.split(" ")[0] || user.name;
  return (
    <>
      <PageHeader
        title={`Welcome, ${firstName}`}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            You are in <strong className="font-medium text-foreground">{workspace.name}</strong>
            {role && isRole(role) && <Badge variant="outline">{ROLE_LABELS[role]}</Badge>}
            {workspace.isDemo && <Badge variant="warning">Demo data</Badge>}
          </span>
        }
      />
      <QuickLinks />
      <h2 className="mt-8 mb-3 text-sm font-medium text-muted-foreground">Modules</h2>
      <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {visibleModules(role).map((module) => {
          const Icon = module.icon;
          return (
            <li key={module.id}>
              <Card className="group relative h-full transition-colors hover:border-foreground/20 has-[a:focus-visible]:outline-2 has-[a:focus-visible]:outline-offset-2 has-[a:focus-visible]:outline-ring">
                <CardHeader className="pb-2">
                  <div className="flex size-9 items-center justify-center rounded-lg border bg-muted">
                    <Icon className="size-4" aria-hidden />
                  </div>
                  {!module.isAvailable && (
                    <Badge variant="outline" className="text-muted-foreground">
                      Coming
                    </Badge>
                  )}
                </CardHeader>
                <CardContent>
                  <CardTitle>
                    <Link
                      to={module.path}
                      className="after:absolute after:inset-0 focus-visible:outline-none"
                    >
                      {module.title}
                    </Link>
                  </CardTitle>
                  <CardDescription>{module.summary}</CardDescription>
                  <span className="mt-3 inline-flex items-center gap-1 text-xs font-medium text-muted-foreground group-hover:text-foreground">
                    {module.isAvailable ? "Open" : "What is planned"}
                    <ArrowRight className="size-3" aria-hidden />
                  </span>
                </CardContent>
              </Card>
            </li>
          );
        })}
      </ul>
    </>
  );
}
