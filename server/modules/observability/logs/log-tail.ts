import type { Level, LogLine } from "./log-line.ts";
import { matchesQuery, parseQuery } from "./log-words.ts";
import { matchesAttributes, type TailFilter } from "./tail-filter.ts";

/** Where a subscriber's lines go: a WebSocket, or anything that can say how far behind it is. */
export interface TailSink {
  send(data: string): void;
  /** Bytes queued but not yet sent: a slow browser makes this grow. */
  bufferedAmount(): number;
}

export interface TailOptions {
  /** Lines held per subscriber while its socket is slow; further lines are dropped and counted. */
  maxBufferedLines?: number;
  /** Lines per WebSocket message. */
  maxLinesPerMessage?: number;
  /** Above this many unsent bytes on the socket, nothing more is sent until it drains. */
  maxSocketBytes?: number;
  /** How long lines gather before they are sent together. */
  flushMs?: number;
}

export interface TailLine {
  time: string;
  service: string;
  level: Level;
  message: string;
  attributes: Record<string, unknown>;
  resourceId: string | null;
}

interface Subscriber {
  offer(line: LogLine): void;
}

/**
 * Live tail of committed log lines. The log writer hands over each batch after its commit;
 * every subscriber of the batch's workspace keeps the lines matching its filter in a bounded
 * buffer, sent every `flushMs` while its socket keeps up. A subscriber whose browser is slow
 * loses the newest lines, never memory: each message says how many were dropped since the last.
 */
export function createLogTail(options: TailOptions = {}) {
  const maxBuffered = options.maxBufferedLines ?? 1000;
  const perMessage = options.maxLinesPerMessage ?? 200;
  const maxSocketBytes = options.maxSocketBytes ?? 1_000_000;
  const flushMs = options.flushMs ?? 100;
  const byWorkspace = new Map<string, Set<Subscriber>>();

  return {
    /** Hands committed lines to the subscribers of their workspaces. */
    publish(lines: readonly LogLine[]) {
      if (byWorkspace.size === 0) return;
      for (const line of lines) {
        const subscribers = byWorkspace.get(line.workspaceId);
        if (subscribers) for (const s of subscribers) s.offer(line);
      }
    },

    /** Follows one workspace's lines that match the filter; `close` ends it. */
    subscribe(workspaceId: string, filter: TailFilter, sink: TailSink) {
      const query = parseQuery(filter.q ?? "");
      const buffer: TailLine[] = [];
      let dropped = 0;
      let totalDropped = 0;
      let timer: NodeJS.Timeout | undefined;
      let isClosed = false;

      const flush = () => {
        timer = undefined;
        if (isClosed || buffer.length === 0) return;
        if (sink.bufferedAmount() > maxSocketBytes) return schedule();
        const lines = buffer.splice(0, perMessage);
        sink.send(JSON.stringify({ type: "logs.tail", lines, dropped }));
        dropped = 0;
        if (buffer.length > 0) schedule();
      };
      const schedule = () => {
        timer ??= setTimeout(flush, flushMs);
      };
      const subscriber: Subscriber = {
        offer(line) {
          if (filter.service && line.service !== filter.service) return;
          if (filter.level && line.level !== filter.level) return;
          if (filter.resourceId && line.resourceId !== filter.resourceId) return;
          if (!matchesAttributes(line.attributes, filter.attributes)) return;
          if (!matchesQuery(query, line.message)) return;
          if (buffer.length >= maxBuffered) {
            dropped++;
            totalDropped++;
            return;
          }
          buffer.push({
            time: line.time.toISOString(),
            service: line.service,
            level: line.level,
            message: line.message,
            attributes: line.attributes,
            resourceId: line.resourceId,
          });
          schedule();
        },
      };
      let set = byWorkspace.get(workspaceId);
      if (!set) {
        set = new Set();
        byWorkspace.set(workspaceId, set);
      }
      set.add(subscriber);
      return {
        close() {
          isClosed = true;
          if (timer) clearTimeout(timer);
          set.delete(subscriber);
          if (set.size === 0 && byWorkspace.get(workspaceId) === set)
            byWorkspace.delete(workspaceId);
        },
        /** Lines dropped over the subscription's life. */
        dropped: () => totalDropped,
        buffered: () => buffer.length,
      };
    },

    subscriberCount: () => [...byWorkspace.values()].reduce((n, s) => n + s.size, 0),
  };
}

export type LogTail = ReturnType<typeof createLogTail>;
