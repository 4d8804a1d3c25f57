import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, sessionCookieOf, setCookies, signIn } from "../../../test/support/http.ts";
import {
  createOwner,
  createTestRuntime,
  TEST_PASSWORD,
  type TestRuntime,
} from "../../../test/support/runtime.ts";

let rt: TestRuntime;
let app: FastifyInstance;
const EMAIL = "browser@example.com";

beforeAll(async () => {
  rt = await createTestRuntime();
  await createOwner(rt, EMAIL, "Browser Co");
  app = await buildTestApp(rt);
});
afterAll(async () => {
  await app?.close();
  await rt?.close();
});

function login(target: FastifyInstance, headers: Record<string, string> = {}) {
  return target.inject({
    method: "POST",
    url: "/api/auth.login",
    payload: { email: EMAIL, password: TEST_PASSWORD },
    headers,
  });
}

function cookieAttributes(line: string): string[] {
  return line
    .split(";")
    .slice(1)
    .map((a) => a.trim().split("=")[0]!.toLowerCase());
}

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Lax, Path=/ and not Secure over plain http", async () => {
    const response = await login(app);
    expect(response.statusCode).toBe(200);
    const line = setCookies(response).find((c) => c.startsWith("gp_session="))!;
    expect(line).toMatch(/^gp_session=gps_[A-Za-z0-9_-]{32};/);
    expect(line).toContain("HttpOnly");
    expect(line).toContain("SameSite=Lax");
    expect(line).toContain("Path=/");
    expect(cookieAttributes(line)).toContain("expires");
    expect(cookieAttributes(line)).not.toContain("secure");
    // The cookie's value is not echoed in the body.
    expect(response.body).not.toContain(sessionCookieOf(response)!);
  });

  it("is Secure when the public URL is https", async () => {
    const https = await buildTestApp(rt, { publicUrl: "https://pane.example.com" });
    try {
      const line = setCookies(await login(https)).find((c) => c.startsWith("gp_session="))!;
      expect(cookieAttributes(line)).toContain("secure");
    } finally {
      await https.close();
    }
  });

  it("is Secure behind a trusted TLS proxy, and a client cannot claim TLS itself", async () => {
    const proxied = await buildTestApp(rt, { trustProxy: true });
    try {
      const viaTls = await login(proxied, { "x-forwarded-proto": "https" });
      expect(cookieAttributes(setCookies(viaTls)[0]!)).toContain("secure");
      const viaHttp = await login(proxied);
      expect(cookieAttributes(setCookies(viaHttp)[0]!)).not.toContain("secure");
    } finally {
      await proxied.close();
    }
    // Without GLASSPANE_TRUST_PROXY the header is the client's word, and ignored.
    const spoofed = await login(app, { "x-forwarded-proto": "https" });
    expect(cookieAttributes(setCookies(spoofed)[0]!)).not.toContain("secure");
  });

  it("is a new one at every sign-in", async () => {
    const first = sessionCookieOf(await login(app));
    const second = sessionCookieOf(await login(app));
    expect(first).toBeDefined();
    expect(second).not.toBe(first);
  });

  it("is cleared at sign-out and no longer works afterwards", async () => {
    const { cookie, csrf } = await signIn(app, EMAIL, TEST_PASSWORD);
    const logout = await app.inject({
      method: "POST",
      url: "/api/auth.logout",
      payload: {},
      cookies: { gp_session: cookie },
      headers: { "x-csrf-token": csrf },
    });
    expect(logout.statusCode).toBe(200);
    const cleared = setCookies(logout).find((c) => c.startsWith("gp_session="))!;
    expect(cleared).toMatch(/^gp_session=;/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);

    const after = await app.inject({
      method: "GET",
      url: "/api/auth.session",
      cookies: { gp_session: cookie },
    });
    expect(after.statusCode).toBe(401);
    // A dead cookie is dropped so the browser stops sending it.
    expect(setCookies(after).some((c) => /^gp_session=;/.test(c))).toBe(true);
  });
});

describe("CSRF", () => {
  it("refuses a cookie-authenticated POST without the x-csrf-token header", async () => {
    const { cookie } = await signIn(app, EMAIL, TEST_PASSWORD);
    const response = await app.inject({
      method: "POST",
      url: "/api/workspaces.update",
      payload: { name: "Hijacked" },
      cookies: { gp_session: cookie },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe("csrf_failed");
    expect(response.json().error.message).toContain("x-csrf-token");
  });

  it("refuses a wrong x-csrf-token, and accepts the session's own", async () => {
    const { cookie, csrf } = await signIn(app, EMAIL, TEST_PASSWORD);
    const other = await signIn(app, EMAIL, TEST_PASSWORD);
    expect(other.csrf).not.toBe(csrf);
    const send = (token: string, name: string) =>
      app.inject({
        method: "POST",
        url: "/api/workspaces.update",
        payload: { name },
        cookies: { gp_session: cookie },
        headers: { "x-csrf-token": token },
      });

    const wrong = await send(other.csrf, "Hijacked");
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe("csrf_failed");
    expect((await send(`${csrf}x`, "Hijacked")).statusCode).toBe(403);

    const right = await send(csrf, "Browser Co (renamed)");
    expect(right.statusCode).toBe(200);
    expect(right.json().name).toBe("Browser Co (renamed)");
  });

  it("lets cookie-authenticated GET reads through without the header", async () => {
    const { cookie } = await signIn(app, EMAIL, TEST_PASSWORD);
    const response = await app.inject({
      method: "GET",
      url: "/api/workspaces.get",
      cookies: { gp_session: cookie },
    });
    expect(response.statusCode).toBe(200);
  });

  it("refuses a cross-origin POST to a public operation with 403", async () => {
    const response = await login(app, { origin: "https://evil.example" });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe("csrf_failed");
    expect(sessionCookieOf(response)).toBeUndefined();
    const opaque = await login(app, { origin: "null" });
    expect(opaque.statusCode).toBe(403);
  });

  it("accepts a same-origin POST", async () => {
    const response = await login(app, { origin: "http://localhost:4000", host: "localhost:4000" });
    expect(response.statusCode).toBe(200);
  });
});

describe("sign-in throttling over HTTP", () => {
  it("answers a locked account with 429, Retry-After and 'Try again in N s'", async () => {
    await createOwner(rt, "locked-http@example.com", "Locked");
    const attempt = (password: string) =>
      app.inject({
        method: "POST",
        url: "/api/auth.login",
        payload: { email: "locked-http@example.com", password },
        remoteAddress: "198.51.100.77",
      });
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong ${i} guess`)).statusCode).toBe(401);

    const locked = await attempt(TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers["retry-after"])).toBeGreaterThanOrEqual(20);
    expect(locked.json().error).toMatchObject({ code: "rate_limited" });
    expect(locked.json().error.message).toMatch(/Try again in \d+ s\.$/);
  });

  it("behind a trusted proxy, throttles by the address the proxy saw, not one the client made up", async () => {
    const proxied = await buildTestApp(rt, { trustProxy: true });
    try {
      const attempt = (spoofed: string, email: string, password: string) =>
        proxied.inject({
          method: "POST",
          url: "/api/auth.login",
          payload: { email, password },
          // The client sent its own X-Forwarded-For; the proxy appended the real address.
          headers: { "x-forwarded-for": `${spoofed}, 203.0.113.200` },
          remoteAddress: "127.0.0.1",
        });
      for (let i = 0; i < 20; i++) {
        const response = await attempt(`10.9.8.${i}`, `spray${i}@example.com`, "one password");
        expect(response.statusCode).toBe(401);
      }
      const next = await attempt("10.9.8.99", "spray-last@example.com", "one password");
      expect(next.statusCode).toBe(429);
    } finally {
      await proxied.close();
    }
  });
});
