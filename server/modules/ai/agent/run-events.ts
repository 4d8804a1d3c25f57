import type { BaseMessage } from "@langchain/core/messages";
import { operationNameOf } from "../tools/catalog.ts";
import { TOOL_OUTPUT_CLOSE, TOOL_OUTPUT_OPEN } from "./prompt.ts";

/** Tokens are sent in small batches: one event per token would flood the bus (and NOTIFY). */
const FLUSH_MS = 60;
const SUMMARY_CHARS = 240;

type Publish = (event: Record<string, unknown>) => void;

function textOf(content: BaseMessage["content"]): string {
  if (typeof content === "string") return content;
  return content
    .map((part) => (part.type === "text" && "text" in part ? String(part.text) : ""))
    .join("");
}

/** A short line about a tool's result for the chat's tool card. */
export function summarizeToolResult(content: string): string {
  const inner = content.replace(TOOL_OUTPUT_OPEN, "").replace(TOOL_OUTPUT_CLOSE, "").trim();
  try {
    const value = JSON.parse(inner) as unknown;
    if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? "" : "s"}`;
    if (value && typeof value === "object") {
      const entries = Object.entries(value as Record<string, unknown>);
      const parts = entries
        .slice(0, 6)
        .map(([key, item]) =>
          Array.isArray(item)
            ? `${key}: ${item.length} items`
            : `${key}: ${typeof item === "object" ? "…" : String(item)}`,
        );
      return parts.join(", ").slice(0, SUMMARY_CHARS);
    }
    return String(value).slice(0, SUMMARY_CHARS);
  } catch {
    return inner.slice(0, SUMMARY_CHARS);
  }
}

/** Turns a graph's `messages` + `updates` stream into the chat's events. */
export async function publishRunEvents(stream: AsyncIterable<[string, unknown]>, publish: Publish) {
  let buffer = "";
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (buffer) publish({ event: "token", text: buffer });
    buffer = "";
  };
  try {
    for await (const [mode, chunk] of stream) {
      if (mode === "messages") {
        const [message, metadata] = chunk as [BaseMessage, { langgraph_node?: string }];
        if (metadata?.langgraph_node !== "model") continue;
        const text = textOf(message.content);
        if (!text) continue;
        buffer += text;
        timer ??= setTimeout(flush, FLUSH_MS);
        continue;
      }
      if (mode !== "updates") continue;
      flush();
      const update = chunk as Record<string, { messages?: BaseMessage[] } | unknown[]>;
      for (const message of (update.model as { messages?: BaseMessage[] } | undefined)?.messages ??
        []) {
        publish({ event: "message", text: textOf(message.content) });
        for (const call of (
          message as { tool_calls?: { id?: string; name: string; args: unknown }[] }
        ).tool_calls ?? [])
          publish({
            event: "toolCall",
            toolCallId: call.id,
            tool: call.name,
            operation: operationNameOf(call.name),
            input: call.args,
          });
      }
      for (const message of (update.tools as { messages?: BaseMessage[] } | undefined)?.messages ??
        []) {
        const tool = message as BaseMessage & {
          tool_call_id: string;
          status?: string;
          name?: string;
        };
        publish({
          event: "toolResult",
          toolCallId: tool.tool_call_id,
          tool: tool.name,
          isError: tool.status === "error",
          summary:
            tool.status === "error"
              ? textOf(tool.content).slice(0, SUMMARY_CHARS)
              : summarizeToolResult(textOf(tool.content)),
        });
      }
      const interrupts = update.__interrupt__ as { value?: unknown }[] | undefined;
      for (const item of interrupts ?? []) publish({ event: "approval", approval: item.value });
    }
  } finally {
    flush();
  }
}
