// One Glass Pane process owns a PGlite data dir: a second server is refused with a clear line,
// the CLI goes through the running server's API, and SIGTERM stops it cleanly.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  freshDataDir,
  killIfRunning,
  type RunningServer,
  runCli,
  startServer,
} from "../support/process.ts";

const data = freshDataDir();
const env = { GLASSPANE_DATA_DIR: data.dir };
const OWNER = { email: "lifecycle@example.com", password: "a calm river of long words" };
let server: RunningServer;
let token: string;

beforeAll(async () => {
  server = await startServer(env);
}, 120_000);
afterAll(async () => {
  await killIfRunning(server);
  data.remove();
});

describe("a running server and its data dir", () => {
  it("writes a lock naming its pid and URL", () => {
    const lock = JSON.parse(readFileSync(path.join(data.dir, "glasspane.lock"), "utf8"));
    expect(lock).toMatchObject({ pid: server.pid, url: server.url });
  });

  it("refuses a second server on the same data dir with one clear line", async () => {
    const second = await runCli(["serve"], { ...env, PORT: "0" });
    expect(second.code).not.toBe(0);
    const lines = second.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `glasspane: The data directory ${data.dir} is in use by another Glass Pane process (pid ${server.pid}, serving ${server.url}). Stop it first, or use the CLI, which goes through the running server.`,
    );
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 120_000);

  it("runs `glasspane setup` through the server's API and prints the token last", async () => {
    const result = await runCli(
      [
        "setup",
        "--email",
        OWNER.email,
        "--password",
        OWNER.password,
        "--workspace-name",
        "Through the API",
      ],
      env,
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    token = lines.at(-1)!;
    expect(token).toMatch(/^gp_[A-Za-z0-9_-]{32}$/);
    expect(lines[0]).toContain(`Created ${OWNER.email} as owner of "Through the API"`);

    // The server did it: its audit log has the setup, made from this machine by the CLI.
    const audit = await callApi(server.url, "audit.list", { action: "setup." }, token);
    expect(audit.status).toBe(200);
    expect(audit.body).toEqual([
      expect.objectContaining({ action: "setup.create", outcome: "ok", ip: "127.0.0.1" }),
    ]);
  }, 120_000);

  it("refuses a second `glasspane setup` with one line, exit code non-zero", async () => {
    const result = await runCli(
      [
        "setup",
        "--email",
        "other@example.com",
        "--password",
        OWNER.password,
        "--workspace-name",
        "X",
      ],
      env,
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr.trimEnd()).toBe(
      "glasspane: Glass Pane is already set up: sign in instead",
    );
  }, 120_000);

  it("runs `glasspane users list` through the API while the server keeps serving", async () => {
    const result = await runCli(["users", "list"], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(OWNER.email);
    expect(result.stdout).toContain("Through the API (owner)");
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(server.process.exitCode).toBeNull();
  }, 120_000);

  it("stops on SIGTERM with exit code 0 and releases the lock", async () => {
    server.process.kill("SIGTERM");
    const { code, signal } = await server.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(existsSync(path.join(data.dir, "glasspane.lock"))).toBe(false);

    // Without a server, the CLI opens the data itself and finds what the server stored.
    const result = await runCli(["users", "list"], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(OWNER.email);
  }, 120_000);
});
