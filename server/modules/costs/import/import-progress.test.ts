import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, signIn } from "../../../../test/support/http.ts";
import {
  addMember,
  createOwner,
  createTestRuntime,
  TEST_PASSWORD,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { type EventStream, openEventStream } from "../../../../test/support/ws.ts";
import { focusFile } from "./focus-file.testing.ts";

// Through the running server an import used to go quiet once the bytes were sent: its progress
// now reaches the uploader, and only them, over /api/events.
const ROWS = 50_000; // ten COPY chunks: long enough for several throttled reports
let rt: TestRuntime;
let app: FastifyInstance;
let base: string;
let owner: Awaited<ReturnType<typeof createOwner>>;
let ownerSession: { cookie: string; csrf: string };
let colleagueSession: { cookie: string; csrf: string };
const streams: EventStream[] = [];

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = await createOwner(rt, "uploader@example.com", "Progress Co");
  await addMember(rt, owner.workspaceId, "colleague@example.com", "member");
  app = await buildTestApp(rt);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as { port: number };
  base = `127.0.0.1:${port}`;
  ownerSession = await signIn(app, "uploader@example.com", TEST_PASSWORD);
  colleagueSession = await signIn(app, "colleague@example.com", TEST_PASSWORD);
});
afterAll(async () => {
  for (const stream of streams) stream.close();
  await app?.close();
  await rt?.close();
});

async function listen(session: { cookie: string }) {
  const stream = openEventStream(`ws://${base}/api/events?workspace=${owner.workspaceId}`, {
    cookie: `gp_session=${session.cookie}`,
  });
  streams.push(stream);
  expect(await stream.next()).toMatchObject({ type: "ready" });
  return stream;
}

/** Every message the stream holds or receives within `quietMs` of the last one. */
async function drain(stream: EventStream, quietMs = 500) {
  const messages: Record<string, unknown>[] = [];
  for (;;) {
    const message = await stream.next(quietMs).catch(() => undefined);
    if (!message) return messages;
    messages.push(message);
  }
}

function upload(file: { path: string; name: string }, progressId: string) {
  return fetch(`http://${base}/api/costs.import`, {
    method: "POST",
    headers: {
      cookie: `gp_session=${ownerSession.cookie}`,
      "x-csrf-token": ownerSession.csrf,
      "x-workspace-id": owner.workspaceId,
      "content-type": "application/octet-stream",
      "x-file-name": file.name,
      "x-progress-id": progressId,
    },
    body: readFileSync(file.path),
  });
}

describe("progress of an import through the server", () => {
  it("reaches the uploader with rising row counts up to the file's, and no colleague", async () => {
    const mine = await listen(ownerSession);
    const theirs = await listen(colleagueSession);
    const lines = Array.from({ length: ROWS }, (_, i) => ({
      day: `2024-09-${String((i % 28) + 1).padStart(2, "0")}`,
      billed: "0.25",
      resource: `i-secret-${i % 97}`,
    }));
    const file = focusFile(lines, "progress.csv");
    const progressId = "upload_Abc123-xyz789";

    const response = await upload(file, progressId);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ rows: ROWS });

    const events = (await drain(mine)).filter((m) => m.type === "progress");

    expect(events.length).toBeGreaterThanOrEqual(3);
    for (const event of events) {
      expect(event).toMatchObject({
        progressId,
        operation: "costs.import",
        unit: "bytes",
        total: file.bytes,
      });
      expect(event.done as number).toBeLessThanOrEqual(file.bytes);
      // How far, never what: no value of the file travels.
      expect(JSON.stringify(event)).not.toMatch(/i-secret|111111111111|Amazon EC2/);
    }
    const rows = events.map((e) => e.rows as number);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    const reading = new Set(events.filter((e) => e.phase === "reading").map((e) => e.rows));
    expect(reading.size).toBeGreaterThanOrEqual(2);
    expect(events.at(-1)).toMatchObject({ rows: ROWS, done: file.bytes, phase: "rollups" });
    expect(events.map((e) => e.phase)).toEqual(
      expect.arrayContaining(["reading", "replacing", "rollups"]),
    );

    const colleagueHeard = await drain(theirs);
    expect(colleagueHeard.some((m) => m.type === "changed")).toBe(true);
    expect(colleagueHeard.filter((m) => m.type === "progress")).toEqual([]);
  }, 60_000);

  it("refuses a progress id that is not 16 to 64 letters, digits, - or _", async () => {
    const file = focusFile([{ day: "2024-09-03", billed: "1" }], "bad-id.csv");
    for (const bad of [
      "short",
      "../../etc/passwd-xxxxxxxx",
      "a".repeat(65),
      "id with spaces ok?",
    ]) {
      const response = await upload(file, bad);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { code: "invalid_input", field: "x-progress-id" },
      });
    }
  });

  it("tells a client that sent the file as text or a form how to send it", async () => {
    for (const contentType of [
      "text/csv",
      "application/x-www-form-urlencoded",
      "application/json",
    ]) {
      const response = await fetch(`http://${base}/api/costs.import`, {
        method: "POST",
        headers: {
          cookie: `gp_session=${ownerSession.cookie}`,
          "x-csrf-token": ownerSession.csrf,
          "x-workspace-id": owner.workspaceId,
          "content-type": contentType,
        },
        body: "BilledCost\n1\n",
      });
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { message: string } };
      expect(error.message).toBe(
        "Send the file as the request body with Content-Type: application/octet-stream, its name in the x-file-name header",
      );
    }
  });
});
