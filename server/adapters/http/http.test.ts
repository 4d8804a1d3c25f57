import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, LOCAL_KEY } from "../../../test/support/http.ts";
import { createTestRuntime, type TestRuntime } from "../../../test/support/runtime.ts";
import type { Operation } from "../../platform/operations/define.ts";
import { operations } from "../../registry.ts";

let rt: TestRuntime;
let app: FastifyInstance;
let token: string;
let workspaceId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  const setup = (await rt.as(rt.system, "setup.create", {
    email: "api-owner@example.com",
    password: "api owner passphrase",
    workspaceName: "API Co",
    issueToken: true,
  })) as { token: string; workspace: { id: string } };
  token = setup.token;
  workspaceId = setup.workspace.id;
  app = await buildTestApp(rt);
});
afterAll(async () => {
  await app?.close();
  await rt?.close();
});

const bearer = () => ({ authorization: `Bearer ${token}` });

function post(url: string, payload: unknown, headers: Record<string, string> = bearer()) {
  return app.inject({ method: "POST", url, payload: payload as string, headers });
}

describe("input errors", () => {
  it("answers malformed JSON with 400 invalid_json", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/secrets.set",
      headers: { ...bearer(), "content-type": "application/json" },
      payload: '{"name": "x", "value": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("invalid_json");
    expect(response.json().error.message).toMatch(/^The request body is not valid JSON/);
  });

  it("answers a wrongly typed field with 400 invalid_input naming the field", async () => {
    const response = await post("/api/secrets.set", { name: 42, value: "x" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "invalid_input", field: "name" });
    expect(response.json().error.message).toMatch(/^name: /);
  });

  it("names a nested field at fault", async () => {
    const response = await post(
      "/api/invites.accept",
      {
        token: "gpi_0123456789abcdef",
        account: { email: "not-an-email", name: "X", password: "y" },
      },
      {},
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("account.email");
  });

  it("refuses an unknown field on a mutation, naming it", async () => {
    const response = await post("/api/workspaces.update", { name: "Renamed", colour: "teal" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({
      code: "invalid_input",
      message: "colour: unknown field",
      field: "colour",
    });
    const workspace = await app.inject({
      method: "GET",
      url: "/api/workspaces.get",
      headers: bearer(),
    });
    expect(workspace.json().name).toBe("API Co");
  });

  it("asks for JSON when the body is of another type", async () => {
    // text/plain matters most: it is what a cross-site form can send without a preflight.
    for (const type of ["application/x-www-form-urlencoded", "text/plain"]) {
      const response = await app.inject({
        method: "POST",
        url: "/api/workspaces.update",
        headers: { ...bearer(), "content-type": type },
        payload: "name=Renamed",
      });
      expect(response.statusCode, type).toBe(400);
      expect(response.json().error.message, type).toBe(
        "Send the input as JSON with Content-Type: application/json",
      );
    }
  });

  it("refuses a NUL character in a text field as invalid input, not a server error", async () => {
    const response = await post("/api/workspaces.update", { name: "Null\u0000Co" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("invalid_input");
  });

  it("refuses a body over the size limit with 413", async () => {
    const response = await post("/api/secrets.set", {
      name: "huge",
      value: "x".repeat(6 * 1024 * 1024),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe("payload_too_large");
  });
});

describe("routes", () => {
  it("answers an unknown operation with 404 naming it", async () => {
    const response = await post("/api/secrets.steal", {});
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({ code: "not_found" });
    expect(response.json().error.message).toContain("secrets.steal");
  });

  it("answers reads on GET with the input as ?input=<json>", async () => {
    await post("/api/secrets.set", { name: "one", value: "first value here" });
    await post("/api/secrets.set", { name: "two", value: "second value here" });
    const input = encodeURIComponent(JSON.stringify({ action: "secrets.", limit: 1 }));
    const response = await app.inject({
      method: "GET",
      url: `/api/audit.list?input=${input}`,
      headers: bearer(),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.json()).toEqual([expect.objectContaining({ action: "secrets.set" })]);
  });

  it("answers GET with bad ?input= JSON with 400 invalid_json", async () => {
    const response = await app.inject({
      method: "GET",
      url: "/api/audit.list?input=%7Bnope",
      headers: bearer(),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("invalid_json");
  });

  it("does not run a mutation on GET", async () => {
    const input = encodeURIComponent(JSON.stringify({ name: "via-get", value: "should not save" }));
    const response = await app.inject({
      method: "GET",
      url: `/api/secrets.set?input=${input}`,
      headers: bearer(),
    });
    expect([404, 405]).toContain(response.statusCode);
    const list = await post("/api/secrets.list", {});
    expect(list.json().map((s: { name: string }) => s.name)).not.toContain("via-get");
  });

  it("answers every registered operation on POST (none is missing a route)", async () => {
    for (const op of operations as readonly Operation[]) {
      const response = await post(`/api/${op.name}`, {}, {});
      expect(response.statusCode, op.name).not.toBe(404);
      expect(response.statusCode, op.name).not.toBe(500);
    }
  });
});

describe("authentication", () => {
  it("answers 401 without credentials, saying how to authenticate", async () => {
    const response = await post("/api/workspaces.get", {}, {});
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toEqual({
      code: "unauthenticated",
      message: "Sign in or send an API token to continue",
    });
  });

  it("accepts a bearer API token, acting in its workspace", async () => {
    const response = await post("/api/workspaces.get", {});
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: workspaceId, role: "owner" });
  });

  it("refuses an unknown token, a malformed header and a revoked token with 401", async () => {
    for (const authorization of [
      "Bearer gp_unknownunknownunknownunknownunkn",
      `Basic ${Buffer.from("a:b").toString("base64")}`,
      "Bearer",
    ]) {
      const response = await post("/api/workspaces.get", {}, { authorization });
      expect(response.statusCode, authorization).toBe(401);
      expect(response.json().error.code).toBe("unauthenticated");
    }
    const created = await post("/api/tokens.create", { name: "short-lived" });
    const { id, token: secret } = created.json();
    expect(
      (await post("/api/workspaces.get", {}, { authorization: `Bearer ${secret}` })).statusCode,
    ).toBe(200);
    await post("/api/tokens.revoke", { tokenId: id });
    const revoked = await post("/api/workspaces.get", {}, { authorization: `Bearer ${secret}` });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.message).toBe("The API token is unknown, revoked or expired");
  });

  it("answers another workspace's id with 404 for a token", async () => {
    const other = await rt.services.workspaces.create(rt.database.db, {
      name: "Not the token's",
      ownerUserId: (await rt.services.auth.findUserByEmail(
        rt.database.db,
        "api-owner@example.com",
      ))!.id,
    });
    const response = await post(
      "/api/secrets.list",
      {},
      { ...bearer(), "x-workspace-id": other.id },
    );
    expect(response.statusCode).toBe(404);
  });

  it("lets the local CLI key act as the instance administrator from loopback only", async () => {
    const local = await post("/api/users.list", {}, { authorization: `Bearer ${LOCAL_KEY}` });
    expect(local.statusCode).toBe(200);
    expect(local.json()).toEqual([expect.objectContaining({ email: "api-owner@example.com" })]);

    const remote = await app.inject({
      method: "POST",
      url: "/api/users.list",
      payload: {},
      headers: { authorization: `Bearer ${LOCAL_KEY}` },
      remoteAddress: "203.0.113.9",
    });
    expect(remote.statusCode).toBe(401);
    const wrongKey = await post(
      "/api/users.list",
      {},
      { authorization: "Bearer gpl_wrong-key-0123456789" },
    );
    expect(wrongKey.statusCode).toBe(401);
  });

  it("refuses instance administration to a workspace owner's token", async () => {
    const response = await post("/api/users.list", {});
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe("forbidden");
  });
});

describe("operations endpoints", () => {
  it("/healthz and /readyz report the process and the database", async () => {
    const health = await app.inject({ method: "GET", url: "/healthz" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: "ok" });
    const ready = await app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ready", database: rt.database.kind });
  });

  it("/metrics serves Prometheus text with request counts per operation and status", async () => {
    const before = await app.inject({ method: "GET", url: "/metrics" });
    const count = (text: string) =>
      Number(
        /glasspane_http_requests_total\{operation="system\.status",status="200"\} (\d+)/.exec(
          text,
        )?.[1] ?? 0,
      );
    for (let i = 0; i < 3; i++) await post("/api/system.status", {}, {});
    await post("/api/workspaces.get", {}, {});

    const after = await app.inject({ method: "GET", url: "/metrics" });
    expect(after.statusCode).toBe(200);
    expect(after.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(count(after.body) - count(before.body)).toBe(3);
    expect(after.body).toMatch(
      /glasspane_http_requests_total\{operation="workspaces\.get",status="401"\} [1-9]/,
    );
    expect(after.body).toContain("# TYPE glasspane_http_request_duration_seconds histogram");
    expect(after.body).toContain("glasspane_process_cpu_user_seconds_total");
  });

  it("/metrics asks for the metrics token when one is configured", async () => {
    const guarded = await buildTestApp(rt, { metricsToken: "scrape-secret" });
    try {
      const refused = await guarded.inject({ method: "GET", url: "/metrics" });
      expect(refused.statusCode).toBe(401);
      const allowed = await guarded.inject({
        method: "GET",
        url: "/metrics",
        headers: { authorization: "Bearer scrape-secret" },
      });
      expect(allowed.statusCode).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it("/api/openapi.json is OpenAPI 3.1 with one path per operation and shared components", async () => {
    const response = await app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: "Glass Pane API", version: "test" });
    const all = operations as readonly Operation[];
    expect(Object.keys(doc.paths).sort()).toEqual(all.map((op) => `/api/${op.name}`).sort());
    for (const op of all) {
      const post = doc.paths[`/api/${op.name}`].post;
      expect(post.operationId, op.name).toBe(op.name);
      expect(post["x-permission"]).toBe(op.permission);
      expect(post.requestBody.content["application/json"].schema).toBeTypeOf("object");
      expect(post.responses.default.content["application/json"].schema.$ref).toBe(
        "#/components/schemas/Error",
      );
    }
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["bearer", "session"]);
    expect(doc.components.schemas.Error.required).toEqual(["error"]);
    // Mutations refuse unknown fields; the schema says so too.
    const update = doc.paths["/api/workspaces.update"].post.requestBody.content["application/json"];
    expect(update.schema.additionalProperties).toBe(false);
  });

  it("/api/docs is an HTML page listing every operation", async () => {
    const response = await app.inject({ method: "GET", url: "/api/docs" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    for (const op of operations as readonly Operation[]) {
      expect(response.body).toContain(`POST /api/${op.name}`);
    }
    expect(response.body).not.toContain("<script");
  });
});

describe("security headers", () => {
  it("API answers carry a strict CSP, nosniff and no framing", async () => {
    const response = await post("/api/system.status", {}, {});
    expect(response.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["x-frame-options"]).toBe("DENY");
    expect(response.headers["strict-transport-security"]).toBeUndefined();
    expect(response.headers["cache-control"]).toBe("no-store");
  });

  it("refusals carry the same headers as answers, never cacheable", async () => {
    const response = await post("/api/members.list", {}, {});
    expect(response.statusCode).toBe(401);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.headers["content-security-policy"]).toContain("default-src 'none'");
  });

  it("pages carry helmet's CSP allowing the app's own scripts and WebSocket", async () => {
    for (const url of ["/api/docs", "/", "/settings"]) {
      const response = await app.inject({ method: "GET", url });
      const csp = String(response.headers["content-security-policy"]);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("connect-src 'self' ws: wss:");
      expect(csp, url).toContain("frame-ancestors 'self'");
      expect(response.headers["x-content-type-options"], url).toBe("nosniff");
    }
  });

  it("sends HSTS only when the public URL is https", async () => {
    const https = await buildTestApp(rt, { publicUrl: "https://pane.example.com" });
    try {
      const api = await https.inject({ method: "POST", url: "/api/system.status", payload: {} });
      expect(api.headers["strict-transport-security"]).toMatch(/^max-age=\d+/);
      const page = await https.inject({ method: "GET", url: "/api/docs" });
      expect(page.headers["strict-transport-security"]).toMatch(/^max-age=\d+/);
    } finally {
      await https.close();
    }
  });

  it("error answers do not reveal server internals", async () => {
    const response = await post("/api/secrets.set", { name: 42 });
    expect(response.body).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
  });
});
