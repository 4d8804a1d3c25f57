import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, signIn } from "../../../test/support/http.ts";
import {
  addMember,
  createOwner,
  createTestRuntime,
  TEST_PASSWORD,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import { type EventStream, openEventStream } from "../../../test/support/ws.ts";

let rt: TestRuntime;
let app: FastifyInstance;
let base: string;
let owner: Awaited<ReturnType<typeof createOwner>>;
let ownerSession: { cookie: string; csrf: string };
const streams: EventStream[] = [];

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = await createOwner(rt, "live@example.com", "Live Co");
  await createOwner(rt, "outsider@example.com", "Outside Co");
  app = await buildTestApp(rt);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as { port: number };
  base = `127.0.0.1:${port}`;
  ownerSession = await signIn(app, "live@example.com", TEST_PASSWORD);
});
afterAll(async () => {
  for (const stream of streams) stream.close();
  await app?.close();
  await rt?.close();
});

function open(workspaceId: string | undefined, headers: Record<string, string>) {
  const query = workspaceId ? `?workspace=${workspaceId}` : "";
  const stream = openEventStream(`ws://${base}/api/events${query}`, headers);
  streams.push(stream);
  return stream;
}

describe("the realtime event stream", () => {
  it("tells a signed-in member which operation changed their workspace", async () => {
    const stream = open(owner.workspaceId, { cookie: `gp_session=${ownerSession.cookie}` });
    expect(await stream.next()).toEqual({ type: "ready", workspaceId: owner.workspaceId });

    const response = await app.inject({
      method: "POST",
      url: "/api/secrets.set",
      payload: { name: "live-secret", value: "a value that must not travel" },
      cookies: { gp_session: ownerSession.cookie },
      headers: { "x-csrf-token": ownerSession.csrf, "x-workspace-id": owner.workspaceId },
    });
    expect(response.statusCode).toBe(200);

    const event = await stream.next();
    expect(event).toEqual({ type: "changed", operation: "secrets.set" });
    expect(JSON.stringify(event)).not.toContain("must not travel");
  });

  it("does not tell one workspace about another's changes", async () => {
    const stream = open(owner.workspaceId, { cookie: `gp_session=${ownerSession.cookie}` });
    await stream.next();
    const outsider = await signIn(app, "outsider@example.com", TEST_PASSWORD);
    await app.inject({
      method: "POST",
      url: "/api/workspaces.update",
      payload: { name: "Outside Co (renamed)" },
      cookies: { gp_session: outsider.cookie },
      headers: { "x-csrf-token": outsider.csrf },
    });
    await expect(stream.next(1_000)).rejects.toThrow("no message arrived");
  });

  it("sends an event meant for one person (their agent's tokens) to that person only", async () => {
    const colleague = await addMember(rt, owner.workspaceId, "colleague@example.com", "member");
    const colleagueSession = await signIn(app, "colleague@example.com", TEST_PASSWORD);
    const mine = open(owner.workspaceId, { cookie: `gp_session=${ownerSession.cookie}` });
    const theirs = open(owner.workspaceId, { cookie: `gp_session=${colleagueSession.cookie}` });
    await mine.next();
    await theirs.next();
    rt.services.events.publish(owner.workspaceId, {
      type: "agent",
      audienceUserId: colleague.userId,
      event: "token",
      text: "private answer",
    });
    expect(await theirs.next()).toMatchObject({ type: "agent", text: "private answer" });
    await expect(mine.next(1_000)).rejects.toThrow("no message arrived");
  });

  it("closes with 4404 for a workspace the person is not a member of", async () => {
    const outsider = await signIn(app, "outsider@example.com", TEST_PASSWORD);
    const stream = open(owner.workspaceId, { cookie: `gp_session=${outsider.cookie}` });
    expect(await stream.next()).toMatchObject({ type: "error", message: "Workspace not found" });
    expect((await stream.closed).code).toBe(4404);
  });

  it("closes with 4401 for someone not signed in", async () => {
    const stream = open(owner.workspaceId, {});
    expect((await stream.closed).code).toBe(4401);
  });

  it("refuses a cross-origin page with 4403, even with the person's cookie", async () => {
    const stream = open(owner.workspaceId, {
      cookie: `gp_session=${ownerSession.cookie}`,
      origin: "https://evil.example",
    });
    expect((await stream.closed).code).toBe(4403);
  });

  it("accepts a same-origin page", async () => {
    const stream = open(owner.workspaceId, {
      cookie: `gp_session=${ownerSession.cookie}`,
      origin: `http://${base}`,
    });
    expect(await stream.next()).toMatchObject({ type: "ready" });
  });
});
