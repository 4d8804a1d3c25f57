import { useEffect, useState } from "react";

export interface LiveLine {
  time: string;
  service: string;
  level: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  message: string;
  attributes: Record<string, unknown>;
  resourceId: string | null;
}

/** Lines kept on screen while live; older ones scroll away. */
const MAX_LINES = 500;

export interface LiveTail {
  lines: LiveLine[];
  /** Lines the server dropped because this browser fell behind. */
  dropped: number;
  status: "off" | "connecting" | "live" | "closed";
}

/**
 * Follows new log lines matching the filter over the realtime WebSocket while `enabled`,
 * newest first. Its own socket: turning Live off closes it, and the app's event stream is
 * left alone.
 */
export function useLiveTail(
  workspaceId: string | undefined,
  filter: {
    q?: string;
    service?: string;
    level?: string;
    resourceId?: string;
    attributes?: Record<string, string>;
  },
  enabled: boolean,
): LiveTail {
  const [state, setState] = useState<LiveTail>({ lines: [], dropped: 0, status: "off" });
  const { q, service, level, resourceId } = filter;
  // A stable dependency for the effect: the same pairs are the same filter.
  const attributes = JSON.stringify(filter.attributes ?? {});
  useEffect(() => {
    if (!enabled || !workspaceId) {
      setState((s) => ({ ...s, status: "off" }));
      return;
    }
    setState({ lines: [], dropped: 0, status: "connecting" });
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(
      `${scheme}://${window.location.host}/api/events?workspace=${encodeURIComponent(workspaceId)}`,
    );
    socket.onmessage = (message) => {
      let event: { type?: string; lines?: LiveLine[]; dropped?: number };
      try {
        event = JSON.parse(String(message.data));
      } catch {
        return;
      }
      if (event.type === "ready") {
        socket.send(
          JSON.stringify({
            type: "logs.tail.start",
            ...(q ? { q } : {}),
            ...(service ? { service } : {}),
            ...(level ? { level } : {}),
            ...(resourceId ? { resourceId } : {}),
            ...(attributes !== "{}" ? { attributes: JSON.parse(attributes) } : {}),
          }),
        );
      } else if (event.type === "logs.tail.started") {
        setState((s) => ({ ...s, status: "live" }));
      } else if (event.type === "logs.tail" && event.lines) {
        const incoming = [...event.lines].reverse();
        setState((s) => ({
          status: "live",
          dropped: s.dropped + (event.dropped ?? 0),
          lines: [...incoming, ...s.lines].slice(0, MAX_LINES),
        }));
      }
    };
    socket.onclose = () => setState((s) => ({ ...s, status: "closed" }));
    return () => socket.close();
  }, [workspaceId, q, service, level, resourceId, attributes, enabled]);
  return state;
}
