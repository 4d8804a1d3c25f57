import { z } from "zod";
import { invalid } from "../../../platform/errors.ts";
import { defineOperation, userOf, workspaceOf } from "../../../platform/operations/define.ts";
import { TARGETS } from "./query-targets.ts";
import { translateQuery } from "./translate.service.ts";

const MAX_CONTEXT_CHARS = 4_000;

export const aiTranslateQuery = defineOperation({
  name: "ai.translateQuery",
  summary:
    "Turn a question into the query of the logs, inventory or cost explorer page (shown, not run)",
  description:
    "Asks the workspace's AI model for the page's filters; relative periods are resolved against `now` on the server and the result is validated against the page operation's input. An answer that is not a valid query is refused, never guessed.",
  input: z.object({
    target: z.enum(TARGETS),
    question: z.string().trim().min(3).max(500),
    now: z.iso
      .datetime({ offset: true })
      .optional()
      .describe("The instant relative periods count from"),
    context: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("The page's current filters, to refine"),
  }),
  output: z.object({
    target: z.enum(TARGETS),
    operation: z.string().describe("The operation the query is the input of"),
    query: z.record(z.string(), z.unknown()),
    explanation: z.string(),
    unsupported: z.array(z.string()),
    model: z.string(),
    usage: z.object({ inputTokens: z.number().int(), outputTokens: z.number().int() }),
  }),
  permission: "ai:chat",
  // It reads and records token usage, but changes nothing a person sees as data.
  mutates: false,
  handler: async (input, ctx) => {
    if (input.context && JSON.stringify(input.context).length > MAX_CONTEXT_CHARS)
      throw invalid("context", `is longer than ${MAX_CONTEXT_CHARS} characters`);
    return translateQuery(
      ctx,
      ctx.services.agent,
      workspaceOf(ctx),
      userOf(ctx) ?? null,
      input,
      new Date(),
    );
  },
});
export const assistOperations = [aiTranslateQuery] as const;
