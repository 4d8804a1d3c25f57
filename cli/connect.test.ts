import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { focusFile } from "../server/modules/costs/import/focus-file.testing.ts";
import type { Progress } from "../server/platform/operations/define.ts";
import { buildTestApp, LOCAL_KEY } from "../test/support/http.ts";
import { createOwner, createTestRuntime, type TestRuntime } from "../test/support/runtime.ts";
import { connect } from "./connect.ts";

// `glasspane import costs` through a server: after the bytes, its bar follows the server's work
// on the file (over /api/events), as it does when the CLI imports locally.
const ROWS = 30_000;
let rt: TestRuntime;
let app: FastifyInstance;
let url: string;
let token: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  const owner = await createOwner(rt, "cli@example.com", "CLI Co");
  ({ token } = await rt.services.auth.createToken(rt.database.db, {
    workspaceId: owner.workspaceId,
    userId: owner.userId,
    name: "cli",
    role: "member",
  }));
  app = await buildTestApp(rt);
  await app.listen({ port: 0, host: "127.0.0.1" });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await app?.close();
  await rt?.close();
});

async function importThrough(bearer: string) {
  const lines = Array.from({ length: ROWS }, (_, i) => ({
    day: `2024-09-${String((i % 28) + 1).padStart(2, "0")}`,
    billed: "1",
  }));
  const file = focusFile(lines, "cli.csv");
  const connection = await connect({ url, token: bearer });
  const reports: Progress[] = [];
  const output = (await connection.upload("costs.import", {}, file.path, (p) =>
    reports.push(p),
  )) as { rows: number };
  await connection.close();
  return { output, reports, file };
}

describe("the CLI's upload through a server", () => {
  for (const [who, bearer] of [
    ["a person's API token", () => token],
    ["the local key", () => LOCAL_KEY],
  ] as const) {
    it(`reports bytes sent, then the server's rows up to the file's, with ${who}`, async () => {
      const { output, reports, file } = await importThrough(bearer());
      expect(output.rows).toBe(ROWS);
      const firstProcessing = reports.findIndex((r) => r.rows !== undefined);
      expect(firstProcessing).toBeGreaterThan(0);
      expect(reports.slice(0, firstProcessing).every((r) => r.detail === "uploading")).toBe(true);
      const processing = reports.slice(firstProcessing);
      expect(processing.every((r) => r.rows !== undefined && r.total === file.bytes)).toBe(true);
      const rows = processing.map((r) => r.rows ?? 0);
      expect(rows).toEqual([...rows].sort((a, b) => a - b));
      expect(processing.at(-1)).toMatchObject({ rows: ROWS, phase: "rollups" });
    }, 60_000);
  }
});
