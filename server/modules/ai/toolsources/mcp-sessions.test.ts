// A command MCP server (the official SDK's, run as a real child process) keeps one process per
// source: calls share it, a killed one is started again, and it stops when idle, when its
// source goes and at shutdown. The server tells its pid through a tool.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { waitFor } from "../../../../test/support/test-database.ts";
import type { StdioEndpoint } from "./mcp-client.ts";
import { createMcpSessions } from "./mcp-sessions.ts";

const PEER = { command: process.execPath, args: ["--import", "tsx", "test/support/mcp-peer.ts"] };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const exited = (pid: number) =>
  waitFor(() => !isAlive(pid), { timeoutMs: 20_000, what: `process ${pid} to exit` });

describe("command servers through the registry", () => {
  let rt: TestRuntime;
  let admin: Person;
  let isClosed = false;
  const pidOf = async (source = "pids") => {
    const read = (await rt.as(admin.caller, "toolsources.read", {
      source,
      tool: "server_pid",
      arguments: {},
    })) as { ok: boolean; data: { pid: number } };
    expect(read.ok).toBe(true);
    return read.data.pid;
  };

  beforeAll(async () => {
    rt = await createTestRuntime({ GLASSPANE_ALLOW_MCP_COMMANDS: "true" });
    admin = await createOwner(rt, "mcp-sessions@example.com", "Sessions Co");
    await rt.as(admin.caller, "toolsources.addMcp", {
      name: "pids",
      ...PEER,
      env: { PEER_REPORTS_PID: "1" },
    });
  }, 60_000);
  afterAll(async () => {
    if (!isClosed) await rt?.close();
  });

  it("share one process between calls, even two made at once", async () => {
    const [first, second] = await Promise.all([pidOf(), pidOf()]);
    expect(first).toBe(second);
    expect(await pidOf()).toBe(first);
    expect(first).not.toBe(process.pid);
    expect(isAlive(first)).toBe(true);
  }, 60_000);

  it("start the server again on the next call after its process died", async () => {
    const before = await pidOf();
    process.kill(before, "SIGKILL");
    await exited(before);
    const after = await pidOf();
    expect(after).not.toBe(before);
    expect(isAlive(after)).toBe(true);
    expect(await pidOf()).toBe(after);
  }, 60_000);

  it("list the tools on the pooled process: adding or refreshing starts one, the calls reuse it", async () => {
    const log = path.join(mkdtempSync(path.join(tmpdir(), "gp-mcp-starts-")), "pids");
    const started = () => readFileSync(log, "utf8").trim().split("\n").map(Number);
    const source = (await rt.as(admin.caller, "toolsources.addMcp", {
      name: "listed",
      ...PEER,
      env: { PEER_REPORTS_PID: "1", PEER_START_LOG: log },
    })) as { id: string; toolCount: number };
    expect(source.toolCount).toBe(4);
    const [lister] = started();
    expect(started()).toHaveLength(1);
    expect(await pidOf("listed")).toBe(lister);
    expect(started()).toHaveLength(1);

    // A refresh lists on a fresh process (the server may have changed), which then serves calls.
    await rt.as(admin.caller, "toolsources.refresh", { id: source.id });
    await exited(lister!);
    expect(started()).toHaveLength(2);
    const relister = started()[1];
    expect(await pidOf("listed")).toBe(relister);
    expect(started()).toHaveLength(2);
    await rt.as(admin.caller, "toolsources.delete", { id: source.id });
    await exited(relister!);
  }, 60_000);

  it("stop the process when the source is deleted, and at shutdown", async () => {
    const running = await pidOf();
    await rt.as(admin.caller, "toolsources.delete", { id: "pids" });
    await exited(running);

    await rt.as(admin.caller, "toolsources.addMcp", {
      name: "again",
      ...PEER,
      env: { PEER_REPORTS_PID: "1" },
    });
    const last = await pidOf("again");
    isClosed = true;
    await rt.close();
    await exited(last);
  }, 60_000);
});

describe("the session pool", () => {
  const endpoint: StdioEndpoint = {
    transport: "stdio",
    command: { ...PEER, envNames: ["PEER_REPORTS_PID"] },
    env: { PEER_REPORTS_PID: "1" },
  };
  const source = { workspaceId: "w1", id: "s1" };

  it("stops an idle server and starts it again on the next call", async () => {
    const sessions = createMcpSessions({ idleMs: 50 });
    try {
      const call = async () =>
        (
          (await sessions.call(source, endpoint, "server_pid", {})).structuredContent as {
            pid: number;
          }
        ).pid;
      const first = await call();
      await exited(first);
      const second = await call();
      expect(second).not.toBe(first);
    } finally {
      await sessions.closeAll();
    }
  }, 60_000);

  it("starts a new process when the source's command or environment changed", async () => {
    const sessions = createMcpSessions();
    try {
      const pid = async (env: Record<string, string>) =>
        (
          (await sessions.call(source, { ...endpoint, env }, "server_pid", {}))
            .structuredContent as { pid: number }
        ).pid;
      const first = await pid({ PEER_REPORTS_PID: "1" });
      const changed = await pid({ PEER_REPORTS_PID: "1", PEER_GREETING: "hi" });
      expect(changed).not.toBe(first);
      await exited(first);
    } finally {
      await sessions.closeAll();
    }
  }, 60_000);
});
