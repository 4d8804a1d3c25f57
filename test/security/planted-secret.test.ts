// SECURITY.md, Secrets: "A test plants a secret and searches all responses and logs for it."
// A secret value, an API token, a password and a session cookie are planted through the API;
// then every operation is called every way it can be (token, cookie, anonymous, local CLI key;
// POST and GET) and every response and every log line is searched for them.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../server/platform/logger.ts";
import type { Operation } from "../../server/platform/operations/define.ts";
import { operations } from "../../server/registry.ts";
import { buildTestApp, LOCAL_KEY, signIn } from "../support/http.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";
import { sampleInput } from "../support/sample-input.ts";

const SECRET_VALUE = "PLANTED-sk_live_4f9c2b7e1d-never-show-me";
const PASSWORD = "planted owner passphrase 8c1e";

let rt: TestRuntime;
let app: FastifyInstance;
const logLines: string[] = [];
/** Every response after planting, with a label saying how it was asked for. */
const responses: { label: string; response: LightMyRequestResponse }[] = [];
let setupToken: string;
let secondToken: string;
let cookie: string;
let csrf: string;
let workspaceId: string;

function record(label: string, response: LightMyRequestResponse) {
  responses.push({ label, response });
  return response;
}

beforeAll(async () => {
  const log = createLogger("trace", { write: (line: string) => void logLines.push(line) });
  rt = await createTestRuntime({}, { log });
  app = await buildTestApp(rt);

  const setup = await app.inject({
    method: "POST",
    url: "/api/setup.create",
    payload: {
      email: "planter@example.com",
      password: PASSWORD,
      workspaceName: "Planted",
      issueToken: true,
    },
  });
  setupToken = setup.json().token;
  workspaceId = setup.json().workspace.id;
  const auth = { authorization: `Bearer ${setupToken}` };

  const planted = await app.inject({
    method: "POST",
    url: "/api/secrets.set",
    payload: { name: "stripe-live", value: SECRET_VALUE, description: "planted" },
    headers: auth,
  });
  record("secrets.set (planting)", planted);
  const created = await app.inject({
    method: "POST",
    url: "/api/tokens.create",
    payload: { name: "second" },
    headers: auth,
  });
  secondToken = created.json().token;
  ({ cookie, csrf } = await signIn(app, "planter@example.com", PASSWORD));

  // Failed attempts that carry the secret: refused input, a server-side failure.
  record(
    "secrets.set with an unknown field",
    await app.inject({
      method: "POST",
      url: "/api/secrets.set",
      payload: { name: "x", value: SECRET_VALUE, note: "extra" },
      headers: auth,
    }),
  );
  record(
    "secrets.set with a bad name",
    await app.inject({
      method: "POST",
      url: "/api/secrets.set",
      payload: { name: "bad name", value: SECRET_VALUE },
      headers: auth,
    }),
  );
  record(
    "secrets.set failing in the database",
    await app.inject({
      method: "POST",
      url: "/api/secrets.set",
      payload: { name: "nul", value: SECRET_VALUE, description: "nul \u0000 byte" },
      headers: auth,
    }),
  );

  const ways: {
    label: string;
    headers: Record<string, string>;
    cookies?: Record<string, string>;
  }[] = [
    { label: "token", headers: { authorization: `Bearer ${secondToken}` } },
    { label: "local key", headers: { authorization: `Bearer ${LOCAL_KEY}` } },
    { label: "anonymous", headers: {} },
    { label: "cookie", headers: { "x-csrf-token": csrf }, cookies: { gp_session: cookie } },
  ];
  // Probes that would end the test's own footing: the sample input renames the workspace and
  // then confirms its deletion with the same name; logout ends the cookie session.
  const probes = (operations as readonly Operation[]).filter(
    (op) => !["workspaces.delete", "auth.logout"].includes(op.name),
  );
  for (const way of ways) {
    for (const op of probes) {
      const input = sampleInput(op.input, workspaceId);
      record(
        `${way.label} POST ${op.name}`,
        await app.inject({
          method: "POST",
          url: `/api/${op.name}`,
          payload: input as Record<string, unknown>,
          headers: { ...way.headers, "x-workspace-id": workspaceId },
          cookies: way.cookies,
        }),
      );
      if (!op.mutates) {
        record(
          `${way.label} GET ${op.name}`,
          await app.inject({
            method: "GET",
            url: `/api/${op.name}?input=${encodeURIComponent(JSON.stringify(input))}`,
            headers: { ...way.headers, "x-workspace-id": workspaceId },
            cookies: way.cookies,
          }),
        );
      }
    }
  }
  for (const url of ["/api/openapi.json", "/api/docs", "/metrics", "/readyz"]) {
    record(url, await app.inject({ method: "GET", url }));
  }
}, 180_000);

afterAll(async () => {
  await app?.close();
  await rt?.close();
});

function leaksIn(needle: string, except: string[] = []) {
  return responses
    .filter(({ label }) => !except.includes(label))
    .filter(({ response }) =>
      `${JSON.stringify(response.headers)}\n${response.body}`.includes(needle),
    )
    .map(({ label }) => label);
}

describe("a planted secret", () => {
  it("the planting itself worked and the probes reached the operations", () => {
    expect(secondToken).toMatch(/^gp_/);
    expect(responses.length).toBeGreaterThan((operations as readonly Operation[]).length * 4);
    expect(responses.filter(({ response }) => response.statusCode === 200).length).toBeGreaterThan(
      20,
    );
  });

  it("the secret value is in no response", async () => {
    expect(leaksIn(SECRET_VALUE)).toEqual([]);
    // …and the vault still holds it, so there was something to leak.
    expect(await rt.services.secrets.reveal(rt.database.db, workspaceId, "stripe-live")).toBe(
      SECRET_VALUE,
    );
  });

  it("the API tokens, the password and the session cookie are in no later response", () => {
    expect(leaksIn(secondToken)).toEqual([]);
    expect(leaksIn(setupToken)).toEqual([]);
    expect(leaksIn(PASSWORD)).toEqual([]);
    expect(leaksIn(cookie)).toEqual([]);
  });

  it("none of them is in the server's log", () => {
    const log = logLines.join("");
    // The log did record the requests: the search below means something.
    expect(log).toContain("secrets.set");
    expect(logLines.length).toBeGreaterThan(50);
    for (const [what, planted] of [
      ["secret value", SECRET_VALUE],
      ["setup token", setupToken],
      ["second token", secondToken],
      ["password", PASSWORD],
      ["session cookie", cookie],
      ["local key", LOCAL_KEY],
      ["CSRF token", csrf],
    ] as const) {
      expect(log.includes(planted), `${what} found in the log`).toBe(false);
    }
  });
});
