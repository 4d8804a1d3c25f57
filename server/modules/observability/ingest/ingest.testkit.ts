import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { LOCAL_KEY } from "../../../../test/support/http.ts";
import type { TestRuntime } from "../../../../test/support/runtime.ts";
import { buildApp } from "../../../adapters/http/app.ts";
import type { Operation } from "../../../platform/operations/define.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { operations } from "../../../registry.ts";

export const run = promisify(execFile);

export interface CreatedKey {
  id: string;
  key: string;
  syslogPort: number | null;
}

/** An ingest key made through the registry, as a person would. */
export function makeKey(
  rt: TestRuntime,
  caller: Caller,
  input: { name: string; defaultService: string; syslogPort?: number; resourceId?: string },
) {
  return rt.as(caller, "ingest.keys.create", input) as Promise<CreatedKey>;
}

/** The HTTP app listening on a free loopback port, with syslog listeners, for real clients. */
export async function listen(rt: TestRuntime): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp({
    database: rt.database,
    services: { ...rt.services, config: { ...rt.services.config, host: "127.0.0.1" } },
    execute: rt.execute,
    operations: operations as readonly Operation[],
    log: rt.log,
    localKey: LOCAL_KEY,
    version: "test",
    syslogListeners: true,
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  return { app, url: `http://127.0.0.1:${port}` };
}

/** A free port on loopback (for a key's syslog listener), found by binding port 0. */
export async function freePort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns true (lines sent over UDP are acknowledged by nobody). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("condition not met in time");
}
