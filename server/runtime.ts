import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import {
  registerAutomationJobs,
  scheduleAutomationJobs,
} from "./modules/ai/automations/automations.jobs.ts";
import type { ChatModelFactory } from "./modules/ai/settings/chat-model.ts";
import { registerTriageJobs } from "./modules/ai/triage/triage.jobs.ts";
import { registerCostJobs, scheduleCostJobs } from "./modules/costs/costs.jobs.ts";
import {
  registerInventoryJobs,
  scheduleInventoryJobs,
} from "./modules/inventory/inventory.jobs.ts";
import {
  registerInvoicingJobs,
  scheduleInvoicingJobs,
} from "./modules/invoicing/invoicing.jobs.ts";
import {
  registerHealthAndAlertJobs,
  scheduleHealthAndAlertJobs,
} from "./modules/observability/alerts/alerts.jobs.ts";
import {
  prepareObservabilityStorage,
  registerObservabilityJobs,
  scheduleObservabilityJobs,
} from "./modules/observability/observability.jobs.ts";
import { registerDocJobs, scheduleDocJobs } from "./modules/projects/docs/docs.jobs.ts";
import { registerSearchJobs, scheduleSearchJobs } from "./modules/search/search.jobs.ts";
import type { Config } from "./platform/config.ts";
import { type Database, openDatabase } from "./platform/db/database.ts";
import { createEventBus } from "./platform/events/events.ts";
import { registerPlatformJobs, schedulePlatformJobs } from "./platform/jobs/platform-jobs.ts";
import type { Caller } from "./platform/operations/execute.ts";
import { createExecutor, type Execute } from "./platform/operations/execute.ts";
import { createServices, type Services } from "./platform/services.ts";
import { type OperationName, operationsByName } from "./registry.ts";

export interface Runtime {
  config: Config;
  database: Database;
  services: Services;
  execute: Execute;
  log: Logger;
  /** Runs an operation by name as the given caller (the CLI's and tests' way in). */
  call(name: OperationName, input: unknown, caller: Caller): Promise<unknown>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Start from a migrated PGlite dump (tests). */
  loadDataDir?: Blob;
  inMemory?: boolean;
  /** Model clients for AI settings (tests pass scripted models; default: the real providers). */
  chatModels?: ChatModelFactory;
}

/** Opens the database, runs migrations and wires services and the registry's executor. */
export async function createRuntime(
  config: Config,
  log: Logger,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    loadDataDir: options.loadDataDir,
    inMemory: options.inMemory,
  });
  try {
    await database.migrate();
    const events = await createEventBus(database, log);
    const services = createServices({
      config,
      database,
      events,
      log,
      chatModels: options.chatModels,
    });
    registerPlatformJobs(database.db, services);
    registerCostJobs(database.db, services);
    registerInvoicingJobs(database.db, services);
    registerInventoryJobs(database.db, services);
    registerDocJobs(database.db, services);
    registerObservabilityJobs(database.db, services);
    registerHealthAndAlertJobs(database.db, services);
    registerSearchJobs(database.db, services);
    await schedulePlatformJobs(database.db, services);
    await scheduleCostJobs(database.db, services);
    await scheduleInvoicingJobs(database.db, services);
    await scheduleInventoryJobs(database.db, services);
    await scheduleDocJobs(database.db, services);
    await scheduleObservabilityJobs(database.db, services);
    await prepareObservabilityStorage(database.db);
    await scheduleHealthAndAlertJobs(database.db, services);
    await scheduleSearchJobs(database.db, services);
    const inFlight = trackInFlight(createExecutor({ db: database.db, services, log }));
    const execute = inFlight.execute;
    services.agent.attachExecutor(execute);
    // Automation runs execute their steps through the registry, so they need the executor.
    registerAutomationJobs(database.db, services, execute);
    registerTriageJobs(database.db, services);
    await scheduleAutomationJobs(database.db, services);
    return {
      config,
      database,
      services,
      execute,
      log,
      call(name, input, caller) {
        const op = operationsByName.get(name);
        if (!op) throw new Error(`unknown operation ${name}`);
        return execute(op, input, caller);
      },
      async close() {
        // Requests whose client went away are still running: let them finish first.
        await inFlight.drain(10_000);
        await services.agent.stop();
        await services.mcpSessions.closeAll();
        await services.jobs.stop();
        // After the jobs: a run still going waits for its probe's outcome.
        await services.probes.close();
        await events.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** The key with which the local CLI reaches a running server as "system" (file mode 0600). */
export function loadLocalKey(dataDir: string, create: boolean): string | undefined {
  const file = path.join(dataDir, "local.key");
  if (create) {
    const key = `gpl_${randomBytes(24).toString("base64url")}`;
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
    return key;
  }
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
}

/** Counts running operations so shutdown can wait for them before closing the database. */
function trackInFlight(execute: Execute) {
  let running = 0;
  let waiters: (() => void)[] = [];
  return {
    execute: (async (op, input, caller) => {
      running++;
      try {
        return await execute(op, input, caller);
      } finally {
        running--;
        if (running === 0) for (const wake of waiters.splice(0)) wake();
      }
    }) satisfies Execute,
    async drain(timeoutMs: number) {
      if (running === 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => waiters.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      waiters = [];
    },
  };
}
