import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { buildApp } from "../../server/adapters/http/app.ts";
import type { Config } from "../../server/platform/config.ts";
import type { Operation } from "../../server/platform/operations/define.ts";
import { operations } from "../../server/registry.ts";
import type { TestRuntime } from "./runtime.ts";

export const LOCAL_KEY = "gpl_test-local-key-0123456789abcdefghij";

/**
 * The HTTP adapter over a test runtime, wired as server/main.ts does. `config` overrides what
 * the adapter reads from the configuration (public URL, proxy trust, metrics token).
 */
export async function buildTestApp(
  rt: TestRuntime,
  config: Partial<Config> = {},
): Promise<FastifyInstance> {
  const services = { ...rt.services, config: { ...rt.services.config, ...config } };
  return buildApp({
    database: rt.database,
    services,
    execute: rt.execute,
    operations: operations as readonly Operation[],
    log: rt.log,
    localKey: LOCAL_KEY,
    version: "test",
  });
}

/** The Set-Cookie header lines of a response. */
export function setCookies(response: LightMyRequestResponse): string[] {
  const header = response.headers["set-cookie"];
  if (header === undefined) return [];
  return Array.isArray(header) ? header : [String(header)];
}

/** The value of the session cookie a response sets, if any. */
export function sessionCookieOf(response: LightMyRequestResponse): string | undefined {
  const line = setCookies(response).find((c) => c.startsWith("gp_session="));
  return line?.split(";")[0]?.slice("gp_session=".length) || undefined;
}

/** Signs in through the API like the web app: login, then read the CSRF token from a GET. */
export async function signIn(app: FastifyInstance, email: string, password: string) {
  const login = await app.inject({
    method: "POST",
    url: "/api/auth.login",
    payload: { email, password },
  });
  if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.body}`);
  const cookie = sessionCookieOf(login)!;
  const session = await app.inject({
    method: "GET",
    url: "/api/auth.session",
    cookies: { gp_session: cookie },
  });
  const csrf = session.headers["x-csrf-token"];
  if (typeof csrf !== "string") throw new Error("no CSRF token on an authenticated response");
  return { cookie, csrf, login };
}
