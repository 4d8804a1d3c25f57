import { EventEmitter } from "node:events";
import type { Logger } from "pino";
import type { Database } from "../db/database.ts";

export interface WorkspaceEvent {
  type: string;
  [key: string]: unknown;
}

type Listener = (event: WorkspaceEvent) => void;

export interface EventBus {
  /** Delivers to every subscriber of the workspace, on every instance. */
  publish(workspaceId: string, event: WorkspaceEvent): void;
  subscribe(workspaceId: string, listener: Listener): () => void;
  /** Every event of every workspace (caches that forget what changed). */
  subscribeAll(listener: (workspaceId: string, event: WorkspaceEvent) => void): () => void;
  close(): Promise<void>;
}

const CHANNEL = "glasspane_events";
/** Not a workspace: events every instance acts on (e.g. dropping cached credentials). */
export const INSTANCE_CHANNEL = "instance";
/** Events one NOTIFY statement sends at most. */
const MAX_NOTIFY_BATCH = 500;
/** NOTIFY payloads are limited to 8000 bytes; bigger events are cut to their type. */
const MAX_NOTIFY_BYTES = 7_900;

/**
 * In-process fan-out; on PostgreSQL every publish goes through NOTIFY and every instance
 * (this one included) delivers what it hears, so several instances share one stream.
 */
export async function createEventBus(database: Database, log: Logger): Promise<EventBus> {
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const ALL = Symbol("all");
  const deliver = (workspaceId: string, event: WorkspaceEvent) => {
    local.emit(workspaceId, event);
    local.emit(ALL, workspaceId, event);
  };

  let stopListening: (() => Promise<void>) | undefined;
  // NOTIFYs go out in publish order: sent at once, each on whichever pooled connection was
  // free, they could commit out of order (a scan's "running" after its first scope's
  // progress; an agent's tokens shuffled). One statement is in flight at a time, and it takes
  // every event published meanwhile.
  const pending: string[] = [];
  let sequence = 0;
  let sending: Promise<void> | null = null;
  const sendPending = async () => {
    while (pending.length > 0) {
      const batch = pending.splice(0, MAX_NOTIFY_BATCH);
      await database
        .notify?.(CHANNEL, batch)
        .catch((error: unknown) => log.error({ err: error }, "event publish failed"));
    }
    sending = null;
  };
  if (database.listen) {
    stopListening = await database.listen(CHANNEL, (payload) => {
      try {
        const { w, e } = JSON.parse(payload) as { w: string; e: WorkspaceEvent };
        deliver(w, e);
      } catch (error) {
        log.warn({ err: error }, "malformed event notification");
      }
    });
  }

  return {
    publish(workspaceId, event) {
      if (!stopListening) {
        queueMicrotask(() => deliver(workspaceId, event));
        return;
      }
      // `s` keeps equal events apart: PostgreSQL delivers one of identical payloads notified
      // in one transaction.
      const seq = ++sequence;
      let payload = JSON.stringify({ w: workspaceId, e: event, s: seq });
      if (Buffer.byteLength(payload) > MAX_NOTIFY_BYTES) {
        payload = JSON.stringify({
          w: workspaceId,
          e: { type: event.type, truncated: true },
          s: seq,
        });
      }
      pending.push(payload);
      if (!sending) sending = sendPending();
    },
    subscribe(workspaceId, listener) {
      local.on(workspaceId, listener);
      return () => local.off(workspaceId, listener);
    },
    subscribeAll(listener) {
      local.on(ALL, listener);
      return () => local.off(ALL, listener);
    },
    async close() {
      await sending;
      local.removeAllListeners();
      await stopListening?.();
    },
  };
}
