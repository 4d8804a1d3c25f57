import type { Logger } from "pino";
import { buildApp } from "../../server/adapters/http/app.ts";
import type { Config } from "../../server/platform/config.ts";
import type { Operation } from "../../server/platform/operations/define.ts";
import type { Caller } from "../../server/platform/operations/execute.ts";
import { operations } from "../../server/registry.ts";
import { createRuntime } from "../../server/runtime.ts";

/**
 * The server the ingest benches send to, in their own process: a runtime with one workspace, an
 * ingest key of it, and the HTTP app listening on a free loopback port.
 */
export async function startIngestServer(config: Config, log: Logger, workspaceName: string) {
  const rt = await createRuntime(config, log);
  const db = rt.database.db;
  const user = await rt.services.auth.createUser(db, {
    email: `ingest-bench-${Date.now()}@example.com`,
    name: "bench",
    password: "violet orbit ledger 7731",
  });
  const workspace = await rt.services.workspaces.create(db, {
    name: workspaceName,
    ownerUserId: user.id,
  });
  const session = await rt.services.auth.startSession(db, user.id, {});
  const actor = (await rt.services.auth.authenticateSession(session.token))!.actor;
  const caller = { actor, workspaceId: workspace.id } as Caller;
  const { key } = (await rt.call(
    "ingest.keys.create",
    { name: "bench", defaultService: "bench" },
    caller,
  )) as { key: string };
  const app = await buildApp({
    database: rt.database,
    services: rt.services,
    execute: rt.execute,
    operations: operations as readonly Operation[],
    log,
    localKey: "gpl_bench-local-key-0123456789abcdefghij",
    version: "bench",
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const origin = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  return { rt, db, app, workspace, caller, key, origin };
}
