import type { Logger } from "pino";
import { type AgentService, createAgentService } from "../modules/ai/agent/agent.service.ts";
import type { ChatModelFactory } from "../modules/ai/settings/chat-model.ts";
import { createMcpSessions, type McpSessions } from "../modules/ai/toolsources/mcp-sessions.ts";
import { createBudgetsDemoSeeder } from "../modules/costs/budgets/demo.ts";
import { seedDemoCosts } from "../modules/costs/demo.ts";
import { createDemoService, type DemoService } from "../modules/demo/demo.service.ts";
import { seedDemoInventory } from "../modules/inventory/demo.ts";
import { seedDemoInvoicing } from "../modules/invoicing/demo.ts";
import { createObservabilityDemoSeeder } from "../modules/observability/demo.ts";
import {
  createProbeWorker,
  type ProbeWorker,
} from "../modules/observability/uptime/probe-worker.ts";
import { seedDemoProjects } from "../modules/projects/demo.ts";
import { seedDemoDocs } from "../modules/projects/docs/demo.ts";
import { seedDemoPlanning } from "../modules/projects/planning/demo.ts";
import { seedDemoSprints } from "../modules/projects/sprints/demo.ts";
import { seedDemoTime } from "../modules/projects/time/demo.ts";
import { createSearchService, type SearchService } from "../modules/search/search.service.ts";
import { type AuditService, createAuditService } from "./audit/audit.service.ts";
import { type AuthService, createAuthService } from "./auth/auth.service.ts";
import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import { createDomainEvents, type DomainEvents } from "./events/domain-events.ts";
import { type EventBus, INSTANCE_CHANNEL } from "./events/events.ts";
import { createOutboundFetch } from "./http/outbound-fetch.ts";
import { createJobService, type JobService } from "./jobs/jobs.service.ts";
import {
  createNotificationService,
  type NotificationService,
} from "./notifications/notifications.service.ts";
import { createSecretsService, type SecretsService } from "./secrets/secrets.service.ts";
import { loadVaultKey } from "./secrets/vault.ts";
import { createWorkspaceService, type WorkspaceService } from "./workspaces/workspaces.service.ts";

/** Everything an operation handler may use, built once per process. */
export interface Services {
  config: Config;
  auth: AuthService;
  audit: AuditService;
  workspaces: WorkspaceService;
  secrets: SecretsService;
  events: EventBus;
  /** Facts one module emits inside its transaction for another to act on (automation triggers). */
  domainEvents: DomainEvents;
  jobs: JobService;
  demo: DemoService;
  notifications: NotificationService;
  /** Agent threads, runs and their streamed events. */
  agent: AgentService;
  /** Semantic search: embeddings (the model loads on first use) and their ranking. */
  search: SearchService;
  /** External MCP servers run as commands: one long-lived process per source. */
  mcpSessions: McpSessions;
  /** Health-check probes, run and timed in a worker thread of their own. */
  probes: ProbeWorker;
}

export function createServices(deps: {
  config: Config;
  database: Database;
  events: EventBus;
  log: Logger;
  /** Builds model clients from AI settings (tests pass scripted models). */
  chatModels?: ChatModelFactory;
}): Services {
  const { config, database, events, log } = deps;
  const audit = createAuditService();
  const auth = createAuthService({
    db: database.db,
    broadcastInvalidation: () => events.publish(INSTANCE_CHANNEL, { type: "auth.invalidate" }),
    recordEvent: (db, e) =>
      audit.record(db, {
        workspaceId: e.workspaceId ?? null,
        actorType: e.tokenId ? "token" : "user",
        actorUserId: e.userId,
        actorTokenId: e.tokenId ?? null,
        actorLabel: e.label,
        action: e.action,
        outcome: e.outcome,
        ip: e.ip ?? null,
        userAgent: e.userAgent?.slice(0, 300) ?? null,
      }),
  });
  // Other instances hear about access changes through the event bus (LISTEN/NOTIFY).
  events.subscribe(INSTANCE_CHANNEL, (event) => {
    if (event.type === "auth.invalidate") auth.invalidateLocal();
  });
  const workspaces = createWorkspaceService();
  const secrets = createSecretsService({
    key: loadVaultKey(config.secretKey, config.dataDir),
    previousKeys: config.previousSecretKeys.map((k) => loadVaultKey(k, config.dataDir)),
  });
  const domainEvents = createDomainEvents(log.child({ component: "domain-events" }));
  const notifications = createNotificationService({ events, workspaces });
  return {
    config,
    auth,
    audit,
    workspaces,
    secrets,
    events,
    domainEvents,
    jobs: createJobService({ db: database.db, log: log.child({ component: "jobs" }) }),
    demo: createDemoService({ auth, workspaces, secrets }, [
      seedDemoCosts,
      createBudgetsDemoSeeder({ secrets, notifications, domainEvents }),
      seedDemoProjects,
      seedDemoDocs,
      seedDemoSprints,
      seedDemoPlanning,
      seedDemoTime,
      seedDemoInvoicing,
      seedDemoInventory,
      createObservabilityDemoSeeder({ domainEvents }),
    ]),
    notifications,
    search: createSearchService({
      engine: database.kind,
      secrets,
      fetch: createOutboundFetch({ blockPrivateNetworks: config.blockPrivateNetworks }),
    }),
    mcpSessions: createMcpSessions(),
    probes: createProbeWorker(),
    agent: createAgentService({
      db: database.db,
      config,
      events,
      secrets,
      audit,
      log: log.child({ component: "agent" }),
      chatModels: deps.chatModels,
    }),
  };
}
