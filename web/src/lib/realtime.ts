import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { type AgentEvent, emitAgentEvent } from "./agent-events.ts";
import { emitProgressEvent, type ProgressEvent } from "./progress-events.ts";
import { keys } from "./query.ts";

export type RealtimeStatus = "connecting" | "live" | "offline";

const MIN_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
/** Events often come in bursts (a demo seed, a bulk change): refetch once per burst. */
const COALESCE_MS = 150;

/** Operations whose changes show in auth.session (names, roles, the workspace list). */
const SESSION_PREFIXES = ["workspaces.", "members.", "demo.", "invites.accept"];

/**
 * Listens to /api/events for the workspace and refreshes its queries on every change, so other
 * people's and other tabs' edits show up. Reconnects with capped exponential backoff and jitter.
 */
export function useRealtime(workspaceId: string | undefined): RealtimeStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<RealtimeStatus>("connecting");

  useEffect(() => {
    if (!workspaceId) return;
    let socket: WebSocket | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;
    let touchesSession = false;

    const flush = () => {
      flushTimer = undefined;
      void queryClient.invalidateQueries({ queryKey: keys.workspace(workspaceId) });
      if (touchesSession) void queryClient.invalidateQueries({ queryKey: keys.session });
      touchesSession = false;
    };
    const schedule = (operation: unknown) => {
      if (typeof operation === "string" && SESSION_PREFIXES.some((p) => operation.startsWith(p))) {
        touchesSession = true;
      }
      flushTimer ??= setTimeout(flush, COALESCE_MS);
    };

    const connect = () => {
      setStatus("connecting");
      const scheme = window.location.protocol === "https:" ? "wss" : "ws";
      const url = `${scheme}://${window.location.host}/api/events?workspace=${encodeURIComponent(workspaceId)}`;
      socket = new WebSocket(url);
      socket.onopen = () => {
        // Anything may have changed while we were away.
        if (attempt > 0) schedule(undefined);
        attempt = 0;
        setStatus("live");
      };
      socket.onmessage = (message) => {
        try {
          const event = JSON.parse(String(message.data)) as { type?: string; operation?: unknown };
          if (event.type === "changed") schedule(event.operation);
          if (event.type === "agent") emitAgentEvent(event as AgentEvent);
          if (event.type === "progress") emitProgressEvent(event as ProgressEvent);
        } catch {
          // Not JSON: ignore rather than break the stream.
        }
      };
      socket.onclose = (event) => {
        if (stopped) return;
        setStatus("offline");
        if (event.code === 4401 || event.code === 4404) {
          // Signed out or no longer a member: let the session decide; retry only slowly.
          void queryClient.invalidateQueries({ queryKey: keys.session });
          attempt = Math.max(attempt, 5);
        }
        const delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** attempt);
        attempt += 1;
        retryTimer = setTimeout(connect, delay / 2 + Math.random() * (delay / 2));
      };
    };
    connect();

    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(flushTimer);
      socket?.close();
    };
  }, [workspaceId, queryClient]);

  return status;
}
