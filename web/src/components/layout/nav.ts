import {
  Bot,
  Building2,
  Cog,
  FileClock,
  Home,
  KeyRound,
  LineChart,
  ListChecks,
  Lock,
  type LucideIcon,
  ScrollText,
  Search,
  ShieldCheck,
  UserRound,
  Users,
  Workflow,
  Wrench,
} from "lucide-react";
import { visibleModules } from "../../features/modules/modules.ts";
import { can, type WorkspacePermission } from "../../lib/roles.ts";

export interface NavItem {
  to: string;
  label: string;
  icon: LucideIcon;
  /** Hidden from roles without this permission; the server refuses them anyway. */
  permission?: WorkspacePermission;
}

export const SETTINGS_NAV: NavItem[] = [
  { to: "/settings/profile", label: "Profile", icon: UserRound },
  { to: "/settings/workspace", label: "Workspace", icon: Building2, permission: "workspace:read" },
  { to: "/settings/members", label: "Members", icon: Users, permission: "members:read" },
  { to: "/settings/tokens", label: "API tokens", icon: KeyRound, permission: "tokens:manage" },
  { to: "/settings/secrets", label: "Secrets", icon: Lock, permission: "secrets:read" },
  { to: "/settings/audit", label: "Audit log", icon: FileClock, permission: "audit:read" },
  { to: "/settings/jobs", label: "Jobs", icon: ListChecks, permission: "jobs:read" },
  { to: "/settings/ai", label: "AI model", icon: Bot, permission: "ai:chat" },
  { to: "/settings/tools", label: "AI tools", icon: Wrench, permission: "toolsources:read" },
];

/** Requests waiting for a person (MCP clients, the agent, automations). */
const APPROVALS_NAV: NavItem = {
  to: "/approvals",
  label: "Approvals",
  icon: ShieldCheck,
  permission: "approvals:read",
};

/** Triggers and steps that run on their own, with approval gates. */
const AUTOMATIONS_NAV: NavItem = {
  to: "/automations",
  label: "Automations",
  icon: Workflow,
  permission: "automations:read",
};
/** Logs sit right under the Observability module. */
const LOGS_NAV: NavItem = { to: "/logs", label: "Logs", icon: ScrollText, permission: "logs:read" };
/** Metrics (explorer and dashboards) sit beside Logs. */
const METRICS_NAV: NavItem = {
  to: "/observability/metrics",
  label: "Metrics",
  icon: LineChart,
  permission: "logs:read",
};

/** Search by meaning across pages, log patterns and resources. */
const SEARCH_NAV: NavItem = {
  to: "/search",
  label: "Search",
  icon: Search,
  permission: "search:read",
};

function allowed(role: string | undefined) {
  return (item: NavItem) => !item.permission || can(role, item.permission);
}

export function mainNav(role: string | undefined): NavItem[] {
  return [
    { to: "/", label: "Overview", icon: Home },
    ...[SEARCH_NAV].filter(allowed(role)),
    ...visibleModules(role).flatMap((m) => [
      { to: m.path, label: m.title, icon: m.icon },
      ...(m.id === "observability" ? [LOGS_NAV, METRICS_NAV].filter(allowed(role)) : []),
    ]),
    ...[AUTOMATIONS_NAV, APPROVALS_NAV].filter(allowed(role)),
  ];
}

export function settingsNav(role: string | undefined): NavItem[] {
  return SETTINGS_NAV.filter(allowed(role));
}

export const SETTINGS_ENTRY: NavItem = { to: "/settings", label: "Settings", icon: Cog };
