import { z } from "zod";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";

/** Where the person is in Glass Pane when asking: sent with the question, shown to the model. */
export const zAgentContext = z.strictObject({
  /** The page's path, e.g. /costs or /projects/abc/board. */
  page: z.string().max(300).optional(),
  /** The page's title as the person sees it. */
  title: z.string().max(200).optional(),
  resource: z
    .strictObject({
      type: z.string().max(60),
      id: z.string().max(200),
      name: z.string().max(200).optional(),
    })
    .optional(),
  timeRange: z
    .strictObject({ from: z.string().max(40), to: z.string().max(40) })
    .optional()
    .describe("ISO dates or datetimes of the range on screen"),
});
export type AgentContext = z.infer<typeof zAgentContext>;

/** What the model asked to do, shown to the person before anything changes. */
export const zApprovalRequest = z.object({
  toolCallId: z.string(),
  tool: z.string(),
  operation: z.string(),
  summary: z.string(),
  input: z.unknown(),
  destructive: z.boolean(),
});
export type ApprovalRequest = z.infer<typeof zApprovalRequest>;

export const zDecision = z.enum(["approve", "deny"]);
export type Decision = z.infer<typeof zDecision>;

export const zToolCallView = z.object({
  id: z.string(),
  tool: z.string(),
  operation: z.string(),
  input: z.unknown(),
});

export const zThreadMessage = z.object({
  /** Stable within the thread (the message's own id, or its position). */
  id: z.string(),
  role: z.enum(["user", "assistant", "tool"]),
  text: z.string(),
  toolCalls: z.array(zToolCallView),
  /** For tool results: the call answered, and whether it failed or was denied. */
  toolCallId: z.string().nullable(),
  isError: z.boolean(),
});

export const THREAD_STATUSES = ["idle", "running", "waiting", "failed"] as const;

export const zThread = z.object({
  id: zId,
  title: z.string(),
  status: z.enum(THREAD_STATUSES),
  lastError: z.string().nullable(),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
});

export const zThreadDetail = zThread.extend({
  messages: z.array(zThreadMessage),
  pendingApproval: zApprovalRequest.nullable(),
});
