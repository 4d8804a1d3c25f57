import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import type { Progress } from "../server/platform/operations/define.ts";
import type { ProgressEvent } from "../server/platform/operations/progress-events.ts";

/** The part of the `ws` client used here (the package ships no types of its own). */
interface WsClient {
  on(event: "open" | "close", listener: () => void): void;
  on(event: "message", listener: (data: Buffer) => void): void;
  on(event: "error", listener: (error: Error) => void): void;
  close(): void;
}
type WsConstructor = new (url: string, options: { headers: Record<string, string> }) => WsClient;

// Node 20 has no WebSocket client of its own.
const WebSocket = createRequire(import.meta.url)("ws") as WsConstructor;

/** How long the stream may take to open before the upload starts without it. */
const READY_TIMEOUT_MS = 3_000;

export interface ProgressStream {
  /** Sent as x-progress-id: the server tags this call's progress events with it. */
  progressId: string;
  close(): void;
}

/**
 * Listens on the server's /api/events, as the caller the bearer token names, for the progress
 * of one call, and resolves once the server said the stream is ready (its events from then on
 * are not missed). A server that refuses or is slow leaves the progress at bytes sent: it
 * resolves anyway, with the stream closed.
 */
export async function openProgressStream(
  baseUrl: string,
  bearer: string,
  workspace: string | undefined,
  onProgress: (progress: Progress) => void,
): Promise<ProgressStream> {
  const progressId = randomBytes(16).toString("base64url");
  const query = workspace ? `?workspace=${encodeURIComponent(workspace)}` : "";
  const url = `${baseUrl.replace(/\/+$/, "").replace(/^http/, "ws")}/api/events${query}`;
  const socket = new WebSocket(url, { headers: { authorization: `Bearer ${bearer}` } });
  const stream = { progressId, close: () => socket.close() };
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.close();
      resolve(stream);
    }, READY_TIMEOUT_MS);
    const settle = () => {
      clearTimeout(timer);
      resolve(stream);
    };
    socket.on("error", settle); // refused or unreachable: the upload says what went wrong
    socket.on("close", settle);
    socket.on("message", (data) => {
      let event: Omit<Partial<ProgressEvent>, "type"> & { type?: string };
      try {
        event = JSON.parse(data.toString("utf8")) as typeof event;
      } catch {
        return;
      }
      if (event.type === "ready") settle();
      if (event.type !== "progress" || event.progressId !== progressId) return;
      const { done = 0, total = 0, unit = "bytes", phase, rows } = event;
      onProgress({ done, total, unit, phase, rows });
    });
  });
}
