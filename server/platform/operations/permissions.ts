export const ROLES = ["owner", "admin", "member", "viewer", "client"] as const;
export type Role = (typeof ROLES)[number];

const STAFF: readonly Role[] = ["owner", "admin", "member", "viewer"];
const ADMINS: readonly Role[] = ["owner", "admin"];

/**
 * Which roles hold each permission. The registry checks these before a handler runs; a handler
 * never checks roles itself. Modules add their permissions here as they arrive.
 */
export const PERMISSIONS = {
  // Every member, including a client guest, may see the workspace's own name and settings.
  "workspace:read": [...STAFF, "client"],
  "workspace:manage": ADMINS,
  "workspace:delete": ["owner"],
  "members:read": STAFF,
  "members:manage": ADMINS,
  /** Create and revoke one's own API tokens. */
  "tokens:manage": STAFF,
  "audit:read": ADMINS,
  "jobs:read": ADMINS,
  "jobs:manage": ADMINS,
  /** Names and masked values only; nobody reads a secret's value through the API. */
  "secrets:read": ["owner", "admin", "member"],
  "secrets:manage": ADMINS,
  "demo:seed": ADMINS,
  /** The cost explorer, budgets and imports list. Client guests see costs through invoicing. */
  "costs:read": STAFF,
  /** Import and remove billing files. */
  "costs:import": ["owner", "admin", "member"],
  /** Budgets, allocation rules, acknowledging anomalies. */
  "costs:manage": ["owner", "admin", "member"],
  /** Projects, boards, tasks, sprints and saved views. Client guests: with invoicing. */
  "projects:read": STAFF,
  /** Create and change projects, tasks, sprints and views. */
  "projects:write": ["owner", "admin", "member"],
  /** Timesheets and time totals of everyone in the workspace. */
  "time:read": STAFF,
  /** Run one's own timer and log one's own time. */
  "time:track": ["owner", "admin", "member"],
  /** Edit other people's time entries and set billing and cost rates. */
  "time:manage": ADMINS,
  /** The wiki and runbooks. */
  "docs:read": STAFF,
  "docs:write": ["owner", "admin", "member"],
  /** Client records; a client guest sees only its own. */
  "clients:read": [...STAFF, "client"],
  "clients:manage": ["owner", "admin", "member"],
  /** Invoices, credit notes and payments; a client guest sees only its own issued ones. */
  "invoices:read": [...STAFF, "client"],
  /** Draft invoices and edit drafts. */
  "invoices:draft": ["owner", "admin", "member"],
  /** Issue, void and credit invoices, record payments, change numbering and sender details. */
  "invoices:issue": ADMINS,
  /** Margins: revenue against cloud and time cost, per client. */
  "invoices:profit": ADMINS,
  /** Requests by MCP clients, the agent and automations: admins see all, others their own. */
  "approvals:read": STAFF,
  /** Ask for a mutation to run once approved (the registry re-checks the operation's own). */
  "approvals:request": ["owner", "admin", "member"],
  /** Approve or deny: owners and admins any request, members only requests made for them. */
  "approvals:decide": ["owner", "admin", "member"],
  /** Held with approvals:decide, it extends deciding and reading to everyone's requests. */
  "approvals:decideAll": ADMINS,
  /** Standing pre-approval of an API token's MCP tool calls. */
  "mcp:manage": ADMINS,
  /** Imported OpenAPI tool sources: names, tools and masked auth. */
  "toolsources:read": STAFF,
  /** Call an imported tool (writes go through approval when a non-person asks). */
  "toolsources:call": ["owner", "admin", "member"],
  /** Import and delete tool sources; their credentials go to the vault. */
  "toolsources:manage": ADMINS,
  /** Cloud inventory: resources, relations, changes, compliance findings. */
  "inventory:read": STAFF,
  /** Tag policies and other inventory settings. */
  "inventory:manage": ["owner", "admin", "member"],
  /** Stop and start VMs, snapshot volumes at their provider (resources.*). */
  "resources:operate": ["owner", "admin", "member"],
  /** The service catalog: create services, set owners, list their resources. */
  "services:manage": ["owner", "admin", "member"],
  /** Delete resources at their provider: data is lost. */
  "resources:delete": ADMINS,
  /** Connectors as listed (provider, name, masked credentials) and their scans. */
  "connectors:read": STAFF,
  /** Run discovery of an existing connector. */
  "connectors:discover": ["owner", "admin", "member"],
  /** Connect, test and remove cloud accounts: connector credentials are admin-only. */
  "connectors:manage": ADMINS,
  /** Health checks, their results and uptime; the status page settings. */
  "health:read": STAFF,
  /** Create, change, run and delete health checks. */
  "health:manage": ["owner", "admin", "member"],
  /** Let checks reach private networks; publish the workspace's public status page. */
  "health:admin": ADMINS,
  /** Alert rules, alerts, silences, destinations and incidents. */
  "alerts:read": STAFF,
  /** Rules, silences; acknowledge, comment on and resolve incidents. */
  "alerts:manage": ["owner", "admin", "member"],
  /** Routing rules: which person or destination a firing alert's incident goes to. */
  "alerts:routing": ADMINS,
  /** Notification destinations: webhook URLs and their signing secrets. */
  "alerts:destinations": ADMINS,
  /** Each person's own in-app notifications. */
  "notifications:read": [...STAFF, "client"],
  /** Automations, their runs and step outcomes (inputs and outputs: admins and the run's person). */
  "automations:read": STAFF,
  /** Create, edit, run and delete automations; runs act as whoever last saved one. */
  "automations:manage": ["owner", "admin", "member"],
  /** Let a mutating step of an automation run without asking each time (audited). */
  "automations:preapprove": ADMINS,
  /**
   * Chat with the agent. Viewers too: the agent's tools are the caller's own operations, checked
   * again by the registry on every call, so a viewer's agent can read what the viewer can read
   * and change nothing without the viewer holding that permission (and approving). Client guests
   * are not staff and get no agent (their spend would be the agency's).
   */
  "ai:chat": STAFF,
  /** Model settings, API key, prices and the monthly AI budget; per-person usage. */
  "ai:manage": ADMINS,
  /** Log lines, their histogram and context; metric names and series. */
  "logs:read": STAFF,
  /** Ingest keys as listed (name, prefix, service; never the key). */
  "ingest:read": STAFF,
  /** Create and revoke ingest keys for log and metric sources. */
  "ingest:manage": ["owner", "admin", "member"],
  /** Save and delete Logs explorer searches (others' only as owner or admin). */
  "logs:save": ["owner", "admin", "member"],
  /** Metric and log dashboards, shared with the whole workspace. */
  "dashboards:read": STAFF,
  /** Create dashboards; change or delete one's own (owners and admins: any). */
  "dashboards:write": ["owner", "admin", "member"],
  /** Semantic search ("find things like this"); each kind also needs its module's read. */
  "search:read": STAFF,
  /** Reindex the workspace's semantic search now. */
  "search:manage": ADMINS,
  /** Retention of logs and metrics. */
  "observability:manage": ADMINS,
} as const satisfies Record<string, readonly Role[]>;

export type WorkspacePermission = keyof typeof PERMISSIONS;
/**
 * "public": anyone; "user": any signed-in person, outside a workspace; "system": instance
 * administration, only for the local CLI (someone with access to the server's data dir).
 */
export type Permission = "public" | "user" | "system" | WorkspacePermission;

export function roleHas(role: Role, permission: WorkspacePermission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

const RANK: Record<Role, number> = { owner: 4, admin: 3, member: 2, viewer: 1, client: 0 };

/** The weaker of two roles: a token never acts above its owner's current role. */
export function weakerRole(a: Role, b: Role): Role {
  if (a === "client" || b === "client") return "client";
  return RANK[a] <= RANK[b] ? a : b;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
