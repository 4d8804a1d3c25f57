import { z } from "zod";
import { zLogAttributes } from "../../modules/observability/logs/log-attributes.zod.ts";
import { LEVELS } from "../../modules/observability/logs/log-line.ts";
import type { LogTail } from "../../modules/observability/logs/log-tail.ts";
import type { Membership } from "../../platform/operations/define.ts";
import { roleHas } from "../../platform/operations/permissions.ts";

/** What the browser may ask for on the event socket: start or stop following log lines. */
const ZTailRequest = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("logs.tail.start"),
    q: z.string().max(500).optional(),
    service: z.string().max(200).optional(),
    level: z.enum(LEVELS).optional(),
    resourceId: z.uuid().optional(),
    attributes: zLogAttributes.optional(),
  }),
  z.strictObject({ type: z.literal("logs.tail.stop") }),
]);

interface Socket {
  send(data: string): void;
  readonly bufferedAmount: number;
  readonly readyState: number;
  readonly OPEN: number;
}

/**
 * Live tail over the realtime socket: one subscription at a time per socket, to the socket's
 * own workspace, for members who may read logs. A new start replaces the previous filter.
 */
export function createTailSession(socket: Socket, membership: Membership, logTail: LogTail) {
  let subscription: ReturnType<LogTail["subscribe"]> | undefined;
  const reply = (event: Record<string, unknown>) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
  };
  return {
    /** Handles one message from the browser; unknown messages are answered with an error. */
    onMessage(raw: string) {
      let parsed: z.infer<typeof ZTailRequest>;
      try {
        parsed = ZTailRequest.parse(JSON.parse(raw));
      } catch (error) {
        const issue = error instanceof z.ZodError ? error.issues[0] : undefined;
        const field = issue?.path.join(".");
        return reply({
          type: "error",
          message: field ? `${field}: ${issue?.message}` : "Not a message this socket understands",
        });
      }
      subscription?.close();
      subscription = undefined;
      if (parsed.type === "logs.tail.stop") return reply({ type: "logs.tail.stopped" });
      if (!roleHas(membership.role, "logs:read"))
        return reply({ type: "error", message: "You do not have permission to read logs" });
      const { type: _type, ...filter } = parsed;
      subscription = logTail.subscribe(membership.workspaceId, filter, {
        send: (data) => {
          if (socket.readyState === socket.OPEN) socket.send(data);
        },
        bufferedAmount: () => socket.bufferedAmount,
      });
      reply({ type: "logs.tail.started", filter });
    },
    close() {
      subscription?.close();
      subscription = undefined;
    },
  };
}
