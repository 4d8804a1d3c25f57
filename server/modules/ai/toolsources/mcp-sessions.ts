// External MCP servers run as commands keep one process per source (per workspace) instead of
// one per listing or call: a Node or Python server takes a second or more to start, which an agent paying
// it at every tool call feels. The process starts on first use; calls made meanwhile share that
// start; it is closed after an idle spell, when its source changes or goes, and at shutdown,
// and started again on the next call after it died.

import { createHash } from "node:crypto";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { AppError } from "../../../platform/errors.ts";
import {
  callToolOn,
  listToolsOn,
  type McpCallResult,
  type McpListing,
  openClient,
  type StdioEndpoint,
  unavailable,
} from "./mcp-client.ts";

export type McpSessions = ReturnType<typeof createMcpSessions>;

/** A server nobody called for this long is stopped; the next call starts it again. */
const DEFAULT_IDLE_MS = 5 * 60_000;

interface Session {
  /** The command and environment it was started with: a changed source gets a new process. */
  fingerprint: string;
  ready: Promise<Client>;
  client?: Client;
  transport?: StdioClientTransport;
  isClosed: boolean;
  busy: number;
  idleTimer?: NodeJS.Timeout;
}

const fingerprintOf = (endpoint: StdioEndpoint) =>
  createHash("sha256")
    .update(JSON.stringify([endpoint.command.command, endpoint.command.args, endpoint.env]))
    .digest("hex");

/** Whether the child still runs (signal 0 checks without touching it). */
function isAlive(session: Session): boolean {
  const pid = session.transport?.pid;
  if (session.isClosed) return false;
  if (!pid) return true; // still starting
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const keyOf = (workspaceId: string, sourceId: string) => `${workspaceId}:${sourceId}`;

/** The process-wide pool of command servers' sessions. */
export function createMcpSessions(options: { idleMs?: number } = {}) {
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  const sessions = new Map<string, Session>();

  /** Forgets a session and stops its process (in the background: callers do not wait). */
  function discard(key: string, session: Session): Promise<void> {
    if (sessions.get(key) === session) sessions.delete(key);
    clearTimeout(session.idleTimer);
    session.isClosed = true;
    return session.ready.then(
      (client) => client.close().catch(() => {}),
      () => {},
    );
  }

  function start(key: string, endpoint: StdioEndpoint, fingerprint: string): Session {
    const session: Session = { fingerprint, isClosed: false, busy: 0, ready: undefined as never };
    session.ready = openClient(endpoint).then(
      ({ client, transport }) => {
        session.client = client;
        session.transport = transport as StdioClientTransport;
        // The process exited or crashed: the next call starts a new one.
        client.onclose = () => void discard(key, session);
        return client;
      },
      (error) => {
        if (sessions.get(key) === session) sessions.delete(key);
        session.isClosed = true;
        throw error;
      },
    );
    return session;
  }

  /** The live session for the source, started if need be; synchronous, so calls share it. */
  function sessionFor(key: string, endpoint: StdioEndpoint): Session {
    const fingerprint = fingerprintOf(endpoint);
    const current = sessions.get(key);
    if (current && current.fingerprint === fingerprint && isAlive(current)) return current;
    if (current) void discard(key, current);
    const session = start(key, endpoint, fingerprint);
    sessions.set(key, session);
    return session;
  }

  /** Runs `use` on the source's shared process; the idle countdown starts when none is busy. */
  async function withSession<T>(
    source: { workspaceId: string; id: string },
    endpoint: StdioEndpoint,
    use: (client: Client) => Promise<T>,
  ): Promise<T> {
    const key = keyOf(source.workspaceId, source.id);
    const session = sessionFor(key, endpoint);
    session.busy += 1;
    clearTimeout(session.idleTimer);
    try {
      return await use(await session.ready);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw unavailable(endpoint, error);
    } finally {
      session.busy -= 1;
      if (session.busy === 0 && !session.isClosed) {
        session.idleTimer = setTimeout(() => void discard(key, session), idleMs);
        session.idleTimer.unref();
      }
    }
  }

  return {
    /** Calls a tool of a command server, on the source's shared process. */
    call(
      source: { workspaceId: string; id: string },
      endpoint: StdioEndpoint,
      name: string,
      args: Record<string, unknown>,
    ): Promise<McpCallResult> {
      return withSession(source, endpoint, (client) => callToolOn(client, name, args));
    },

    /** Lists a command server's tools on the source's shared process (kept for the calls). */
    list(
      source: { workspaceId: string; id: string },
      endpoint: StdioEndpoint,
    ): Promise<McpListing> {
      return withSession(source, endpoint, listToolsOn);
    },

    /** Stops a source's process (the source was changed or removed). */
    async close(source: { workspaceId: string; id: string }): Promise<void> {
      const key = keyOf(source.workspaceId, source.id);
      const session = sessions.get(key);
      if (session) await discard(key, session);
    },

    /** Stops every process (server shutdown). */
    async closeAll(): Promise<void> {
      await Promise.all([...sessions].map(([key, session]) => discard(key, session)));
    },
  };
}
