import type dgram from "node:dgram";
import net from "node:net";
import type { Logger } from "pino";
import type {
  IngestKeyAuth,
  IngestSource,
} from "../../modules/observability/ingest/ingest-keys.service.ts";
import {
  lineFromSyslog,
  splitSyslogStream,
} from "../../modules/observability/ingest/syslog-parse.ts";
import {
  bindUdp,
  listenTcp,
  portError,
  type SyslogTransport,
} from "../../modules/observability/ingest/syslog-port.ts";
import type { LogWriter } from "../../modules/observability/logs/log-writer.ts";
import type { IngestBudget } from "./ingest-budget.ts";

/** A key's pair of listeners; each half opens (or fails) on its own. */
interface Listener {
  source: IngestSource;
  udp?: dgram.Socket;
  tcp?: net.Server;
  /** Why a half is not open: shown on the key, retried at every sync. */
  errors: Partial<Record<SyslogTransport, string>>;
  /** What was last reported on the key, so the row is written only when it changes. */
  reported?: string | null;
}

/** A line longer than this without a newline is cut into a message of its own. */
const MAX_FRAME_CHARS = 64 * 1024;
const RESYNC_MS = 10_000;

/**
 * Syslog over UDP and TCP, one listener pair per ingest key that has a syslog port: syslog has
 * no room for credentials in RFC 3164, so the port a sender is configured with is its key.
 * Their bytes count against the ingest byte budget shared with the HTTP routes, from arrival
 * until stored. TCP senders are slowed (the socket paused) while the writer or the budget is
 * full; UDP has no back-pressure, so datagrams that arrive then are dropped and counted.
 * TCP and UDP open independently: a port taken for one still receives the other, and why a
 * half could not open is reported on the key (its list and Logs → Sources) and retried.
 */
export function createSyslogListeners(deps: {
  auth: Pick<IngestKeyAuth, "syslogSources" | "reportSyslogError">;
  writer: LogWriter;
  budget: IngestBudget;
  host: string;
  log: Logger;
}) {
  const listeners = new Map<number, Listener>();
  let dropped = 0;
  let throttled = 0;
  let timer: NodeJS.Timeout | undefined;

  const handleTcp = (source: IngestSource) => (socket: net.Socket) => {
    let buffer = "";
    /** Bytes of the unfinished frame at the end of `buffer`, held in the budget meanwhile. */
    let carried = 0;
    /** Resumes reading once the budget has room: other senders' bytes count against it too. */
    const resumeWhenRoom = async () => {
      if (deps.budget.isFull()) {
        throttled++;
        await deps.budget.whenRoom();
      }
      socket.resume();
    };
    /** Stores the messages, the socket paused meanwhile; `held` bytes are released after. */
    const store = (messages: string[], held: number) => {
      const received = new Date();
      const lines = messages.map((m) => lineFromSyslog(m, source, received));
      socket.pause();
      const write = async () => {
        for (;;) {
          try {
            return await deps.writer.write(lines);
          } catch (error) {
            if ((error as { code?: string }).code !== "rate_limited") throw error;
            // The socket stays paused: the sender's kernel buffers fill and it slows down.
            throttled++;
            await deps.writer.whenRoomFor(lines.length);
          }
        }
      };
      write().then(
        () => {
          deps.budget.release(held);
          return resumeWhenRoom();
        },
        (error: unknown) => {
          deps.budget.release(held);
          deps.log.error({ err: error }, "syslog: storing lines failed");
          socket.destroy();
        },
      );
    };
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      // The chunk is in memory already: it is counted from now until its lines are stored.
      const bytes = Buffer.byteLength(chunk);
      const over = deps.budget.hold(bytes);
      buffer += chunk;
      const { messages, rest } = splitSyslogStream(buffer);
      buffer = rest.length > MAX_FRAME_CHARS ? "" : rest;
      if (rest.length > MAX_FRAME_CHARS) messages.push(rest);
      const before = carried;
      carried = Buffer.byteLength(buffer);
      const inMessages = before + bytes - carried;
      if (messages.length === 0) {
        if (over) {
          socket.pause();
          void resumeWhenRoom();
        }
        return;
      }
      store(messages, inMessages);
    });
    // The sender closed its side: a last frame without its newline is complete too.
    socket.on("end", () => {
      if (!buffer.trim()) return;
      const last = [buffer];
      const held = carried;
      buffer = "";
      carried = 0;
      store(last, held);
    });
    socket.on("close", () => {
      deps.budget.release(carried);
      carried = 0;
    });
    socket.on("error", () => socket.destroy());
  };

  const onDatagram = (source: IngestSource) => (message: Buffer) => {
    if (deps.writer.isSaturated() || !deps.budget.tryReserve(message.length)) {
      dropped++;
      return;
    }
    const line = lineFromSyslog(message.toString("utf8"), source, new Date());
    deps.writer
      .write([line])
      .catch(() => {
        dropped++;
      })
      .finally(() => deps.budget.release(message.length));
  };

  /** Opens the halves of the key's listener that are not open yet, and reports how it went. */
  const open = async (source: IngestSource & { port: number }) => {
    const listener = listeners.get(source.port) ?? { source, errors: {} };
    listeners.set(source.port, listener);
    if (!listener.udp) {
      try {
        listener.udp = await bindUdp(deps.host, source.port);
        listener.udp.on("message", onDatagram(source));
        delete listener.errors.udp;
      } catch (error) {
        listener.errors.udp = portError("udp", source.port, error);
      }
    }
    if (!listener.tcp) {
      try {
        listener.tcp = await listenTcp(net.createServer(handleTcp(source)), deps.host, source.port);
        delete listener.errors.tcp;
      } catch (error) {
        listener.errors.tcp = portError("tcp", source.port, error);
      }
    }
    const error = Object.values(listener.errors).join("; ") || null;
    if (error === listener.reported) return;
    listener.reported = error;
    if (error)
      deps.log.error(
        { port: source.port, keyId: source.keyId, error },
        "syslog listener could not open",
      );
    else deps.log.info({ port: source.port, keyId: source.keyId }, "syslog listener open");
    await deps.auth.reportSyslogError(source.keyId, error);
  };

  const shut = async (port: number) => {
    const listener = listeners.get(port);
    if (!listener) return;
    listeners.delete(port);
    listener.udp?.close();
    const tcp = listener.tcp;
    if (tcp) await new Promise<void>((resolve) => tcp.close(() => resolve()));
  };

  return {
    /** Opens listeners for new keys' ports and closes those of revoked keys. */
    async sync() {
      const wanted = await deps.auth.syslogSources();
      const ports = new Set(wanted.map((s) => s.port));
      for (const port of listeners.keys()) if (!ports.has(port)) await shut(port);
      for (const source of wanted) {
        const open_ = listeners.get(source.port);
        if (open_ && open_.source.keyId !== source.keyId) await shut(source.port);
        // A half that failed (the port was taken) is tried again: it opens once it is free.
        const now = listeners.get(source.port);
        if (!now?.udp || !now.tcp) await open(source);
      }
      timer ??= setInterval(() => {
        this.sync().catch((error: unknown) => deps.log.error({ err: error }, "syslog sync"));
      }, RESYNC_MS).unref();
    },
    /** Ports with at least one half open. */
    ports: () => [...listeners].filter(([, l]) => l.udp || l.tcp).map(([port]) => port),
    dropped: () => dropped,
    throttled: () => throttled,
    async close() {
      if (timer) clearInterval(timer);
      for (const port of [...listeners.keys()]) await shut(port);
    },
  };
}

export type SyslogListeners = ReturnType<typeof createSyslogListeners>;
