import {
  Activity,
  BookOpen,
  Bot,
  Boxes,
  ChartGantt,
  Code2,
  FolderKanban,
  HeartPulse,
  LayoutDashboard,
  type LucideIcon,
  Receipt,
  Timer,
  Wallet,
} from "lucide-react";

export interface ModuleInfo {
  id: string;
  path: string;
  title: string;
  icon: LucideIcon;
  summary: string;
  /** What the module will hold, in the words a user would look for. */
  coming: string[];
  /** Parts that already work outside the web app (CLI commands), said plainly. */
  availableNow?: string[];
  /** A client guest sees only modules that can show rows linked to their client. */
  forClients: boolean;
  /** Built: the router mounts the module's own pages instead of the "coming soon" one. */
  isAvailable?: boolean;
}

export const MODULES: ModuleInfo[] = [
  {
    id: "inventory",
    path: "/inventory",
    title: "Cloud inventory",
    icon: Boxes,
    summary:
      "Every resource across AWS, GCP, Azure, DigitalOcean, Cloudflare and your own servers.",
    coming: [
      "One resource model over all providers, with tags, owners and client links",
      "Incremental, resumable discovery scans that never drop resources on a failed scan",
      "Search and filter by provider, region, type and client",
    ],
    forClients: false,
    isAvailable: true,
  },
  {
    id: "costs",
    path: "/costs",
    title: "Costs",
    icon: Wallet,
    summary: "What your clouds cost and who pays for it, on a FOCUS 1.2 ledger.",
    coming: [
      "Imports from AWS CUR, Azure cost details, GCP billing export and FOCUS files",
      "Billed and estimated cost kept apart and labelled",
      "Breakdowns by provider, service, tag and client, with budgets",
    ],
    forClients: false,
    isAvailable: true,
  },
  {
    id: "clients",
    path: "/clients",
    title: "Clients & invoices",
    icon: Receipt,
    summary: "Your clients, how they are charged, the invoices you send and what each earns you.",
    coming: [
      "Pricing per client: cloud cost with markup, retainers, hours, fees, discounts and tax",
      "Invoices drafted from allocated costs and time, numbered gaplessly, downloaded as PDF",
      "Payments and credit notes, with margins per client and month; guests see their invoices",
    ],
    forClients: true,
    isAvailable: true,
  },
  {
    id: "projects",
    path: "/projects",
    title: "Projects",
    icon: FolderKanban,
    summary: "Boards, sprints and tasks linked to the resources, alerts and costs they touch.",
    coming: [
      "Kanban boards with WIP limits, a ranked backlog, list and calendar views",
      "Sprints with burndown and velocity",
      "Tasks linked to resources, alerts, cost anomalies and invoices",
    ],
    forClients: false,
    isAvailable: true,
  },
  {
    id: "planning",
    path: "/planning",
    title: "Planning",
    icon: ChartGantt,
    summary: "Roadmaps of milestones and epics, weekly capacity per person and a risk register.",
    coming: [
      "A timeline of milestones and epics with dependencies; drag to reschedule",
      "Capacity per person and week against estimated and logged hours",
      "Risks with likelihood, impact, owner and mitigation",
    ],
    forClients: false,
    isAvailable: true,
  },
  {
    id: "time",
    path: "/time",
    title: "Time",
    icon: Timer,
    summary: "A timer, a weekly timesheet and billable hours ready for invoicing.",
    coming: [
      "One running timer per person that survives a reload",
      "Weekly timesheet with manual entries and rounding rules",
      "Totals per task, project, client and person",
    ],
    forClients: false,
    isAvailable: true,
  },
  {
    id: "docs",
    path: "/docs",
    title: "Wiki & runbooks",
    icon: BookOpen,
    summary: "Knowledge base, runbooks and post-mortems in Markdown, with history.",
    coming: [
      "Page tree with templates for runbooks, playbooks, post-mortems and ADRs",
      "Version history with diff and restore; Mermaid diagrams",
      "Full-text search and links to resources and alerts",
    ],
    forClients: false,
    isAvailable: true,
  },
  {
    id: "observability",
    path: "/observability",
    title: "Observability",
    icon: Activity,
    summary: "Metrics, logs, uptime and alerts for what you run.",
    coming: [
      "Live tail across several server instances (today a browser sees lines ingested by its own instance)",
    ],
    availableNow: [
      "Logs (/logs): ingest over OTLP/HTTP, Loki push, syslog and JSON with per-source keys; full-text search, histogram, context, live tail, saved searches and patterns (templates with trends, new-pattern alerts)",
      "Metrics (/observability/metrics): OTLP/HTTP, Prometheus remote_write and Prometheus scrape of targets (node_exporter on your hosts), 1m/1h roll-ups; an explorer with group-by and label filters, shared dashboards, metrics on resource pages, capacity forecasts (metrics.forecast)",
      "Health (/health): uptime checks, alerts on failing checks, cost anomalies, metric thresholds, missing metrics, metric anomalies, forecasts, log counts and new log patterns, incidents, a public status page, failure risk per service and resource (/health/risk, health.risk)",
      "glasspane logs templates [file]: groups log lines into templates (one id and template per line)",
      "glasspane anomalies score <csv>: scores a timestamp,value series from 0 to 1, seasonality-aware",
    ],
    forClients: false,
    isAvailable: true,
  },
  {
    id: "health",
    path: "/health",
    title: "Health",
    icon: HeartPulse,
    summary: "Uptime checks, alert rules, incidents and a public status page.",
    coming: [],
    forClients: false,
    isAvailable: true,
  },
  {
    id: "dev",
    path: "/dev",
    title: "Developer workspace",
    icon: Code2,
    summary: "Code, pipelines, terminals and databases you touch daily.",
    coming: [
      "Repositories and CI pipelines across your forges",
      "Browser terminals and SSH sessions (admins only, audited)",
      "Database tools with read-only mode by default",
    ],
    forClients: false,
  },
  {
    id: "ai",
    path: "/ai",
    title: "AI workbench",
    icon: Bot,
    summary: "An agent that answers and acts across Glass Pane, with you approving every change.",
    coming: [
      "Ask questions across inventory, costs, projects and logs",
      "Proposed changes wait for a person's approval before they run",
      "An MCP server exposing the same operations to your own tools",
    ],
    forClients: false,
    isAvailable: true,
  },
  {
    id: "dashboards",
    path: "/dashboards",
    title: "Dashboards",
    icon: LayoutDashboard,
    summary: "Dashboards and shared views for your team and your clients.",
    coming: [
      "Dashboards that mix cost, project and metric widgets",
      "Sharing with client guests",
      "Comments and annotations on what you see",
    ],
    availableNow: [
      "Metric dashboards (/observability/metrics/dashboards): charts from the metrics explorer on a shared grid, visible to the whole workspace",
    ],
    forClients: true,
  },
];

export function visibleModules(role: string | undefined): ModuleInfo[] {
  return role === "client" ? MODULES.filter((m) => m.forClients) : MODULES;
}
