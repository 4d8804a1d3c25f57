import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildApp } from "./adapters/http/app.ts";
import type { Config } from "./platform/config.ts";
import { createLogger } from "./platform/logger.ts";
import type { Operation } from "./platform/operations/define.ts";
import { VERSION } from "./platform/version.ts";
import { operations } from "./registry.ts";
import { createRuntime, loadLocalKey } from "./runtime.ts";

const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist/web");

/** Starts Glass Pane: database, migrations, HTTP, jobs; stops gracefully on SIGTERM/SIGINT. */
export async function startServer(config: Config) {
  const log = createLogger(config.logLevel);
  const runtime = await createRuntime(config, log);
  const localKey = loadLocalKey(config.dataDir, true)!;
  const app = await buildApp({
    database: runtime.database,
    services: runtime.services,
    execute: runtime.execute,
    operations: operations as readonly Operation[],
    log,
    localKey,
    webRoot: WEB_ROOT,
    version: VERSION,
    syslogListeners: true,
  });
  let address: string;
  try {
    address = await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const port = (app.server.address() as { port: number }).port;
  const url = `http://localhost:${port}`;
  // The CLI reaches the server over IPv4 loopback: "localhost" may resolve to ::1 first.
  const loopbackHost =
    config.host === "0.0.0.0" || config.host === "localhost" ? "127.0.0.1" : config.host;
  runtime.database.lock?.update({
    url: `http://${loopbackHost.includes(":") ? `[${loopbackHost}]` : loopbackHost}:${port}`,
  });
  if (config.runWorker) runtime.services.jobs.start();
  log.info({ url, address, database: runtime.database.kind }, `Glass Pane is listening on ${url}`);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log.info("shutting down: finishing requests and jobs");
      await app.close(); // waits for in-flight requests
      await runtime.close(); // jobs finish or go back to the queue; database closes
      log.info("stopped");
    })();
    return stopping;
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    // A second signal (a supervisor repeating itself) must not cut the shutdown short: the
    // database would be closed mid-write. SIGKILL remains for a stuck process.
    process.on(signal, () => {
      if (stopping) return;
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
  return { app, runtime, url, port, stop };
}
