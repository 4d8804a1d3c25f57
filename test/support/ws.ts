import { createRequire } from "node:module";

/** The part of the `ws` client the tests use (the package ships no types of its own). */
interface WsClient {
  on(event: "open", listener: () => void): void;
  on(event: "message", listener: (data: Buffer) => void): void;
  on(event: "close", listener: (code: number, reason: Buffer) => void): void;
  on(event: "error", listener: (error: Error) => void): void;
  send(data: string): void;
  close(): void;
}
type WsConstructor = new (url: string, options?: { headers?: Record<string, string> }) => WsClient;

// Node 20 has no WebSocket client of its own; `ws` comes with @fastify/websocket.
const WebSocket = createRequire(import.meta.url)("ws") as WsConstructor;

export interface EventStream {
  /** The next message, parsed; fails after timeoutMs. */
  next(timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the close code and reason once the server closes the socket. */
  closed: Promise<{ code: number; reason: string }>;
  /** Sends a message as JSON once the socket is open. */
  send(message: Record<string, unknown>): Promise<void>;
  close(): void;
}

/** Opens a WebSocket and queues what it receives. */
export function openEventStream(url: string, headers: Record<string, string> = {}): EventStream {
  const socket = new WebSocket(url, { headers });
  const queue: Record<string, unknown>[] = [];
  const waiting: ((message: Record<string, unknown>) => void)[] = [];
  socket.on("message", (data) => {
    const message = JSON.parse(data.toString()) as Record<string, unknown>;
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  const opened = new Promise<void>((resolve) => socket.on("open", resolve));
  const closed = new Promise<{ code: number; reason: string }>((resolve, reject) => {
    socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.on("error", reject);
  });
  return {
    next(timeoutMs = 5_000) {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no message arrived")), timeoutMs);
        waiting.push((message) => {
          clearTimeout(timer);
          resolve(message);
        });
      });
    },
    closed,
    send: async (message) => {
      await opened;
      socket.send(JSON.stringify(message));
    },
    close: () => socket.close(),
  };
}
