import { Bot, UserRound } from "lucide-react";
import { Markdown } from "../../components/markdown.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { ApprovalCard } from "./approval-card.tsx";
import { ToolCallCard } from "./tool-call-card.tsx";
import type { LiveRun } from "./use-agent-stream.ts";

type Thread = OperationOutput<"agent.threads.get">;
type Message = Thread["messages"][number];

/** A short line about a stored tool result (the live stream sends its own summary). */
function summaryOf(message: Message | undefined): string {
  if (!message) return "";
  if (message.isError) return message.text.replace(/^Error: /, "").slice(0, 200);
  const json = message.text
    .replace(/^<tool_output[^>]*>\n?/, "")
    .replace(/\n?<\/tool_output>$/, "");
  try {
    const value = JSON.parse(json) as unknown;
    if (Array.isArray(value)) return `${value.length} items`;
    if (value && typeof value === "object") return Object.keys(value).slice(0, 5).join(", ");
  } catch {
    // Cut output: show its start.
  }
  return json.slice(0, 160);
}

/** The stored conversation, then whatever the agent is doing right now. */
export function Conversation({ thread, live }: { thread: Thread; live: LiveRun }) {
  const results = new Map(
    thread.messages.filter((m) => m.role === "tool").map((m) => [m.toolCallId ?? "", m]),
  );
  const pendingId = thread.pendingApproval?.toolCallId;
  const storedCallIds = new Set(thread.messages.flatMap((m) => m.toolCalls.map((c) => c.id)));
  const liveCalls = live.toolCalls.filter((c) => !storedCallIds.has(c.id));
  return (
    <ol className="flex flex-col gap-4" aria-label="Conversation">
      {thread.messages
        .filter((m) => m.role !== "tool")
        .map((message) => (
          <li key={message.id} className="flex gap-3">
            {message.role === "user" ? (
              <UserRound aria-label="You" className="mt-1 size-5 shrink-0 text-muted-foreground" />
            ) : (
              <Bot aria-label="Agent" className="mt-1 size-5 shrink-0 text-primary" />
            )}
            <div className="min-w-0 flex-1 space-y-2">
              {message.role === "user" ? (
                <p className="whitespace-pre-wrap text-sm font-medium">{message.text}</p>
              ) : (
                message.text && <Markdown source={message.text} className="text-sm" />
              )}
              {message.toolCalls.map((call) => {
                const result = results.get(call.id);
                return (
                  <ToolCallCard
                    key={call.id}
                    operation={call.operation}
                    input={call.input}
                    pending={!result && call.id !== pendingId && thread.status === "running"}
                    result={
                      result ? { isError: result.isError, summary: summaryOf(result) } : undefined
                    }
                  />
                );
              })}
            </div>
          </li>
        ))}
      {(live.text || liveCalls.length > 0) && (
        <li className="flex gap-3" aria-live="polite">
          <Bot aria-label="Agent" className="mt-1 size-5 shrink-0 animate-pulse text-primary" />
          <div className="min-w-0 flex-1 space-y-2">
            {live.text && <p className="whitespace-pre-wrap text-sm">{live.text}</p>}
            {liveCalls.map((call) => (
              <ToolCallCard
                key={call.id}
                operation={call.operation}
                input={call.input}
                result={call.result}
                pending
              />
            ))}
          </div>
        </li>
      )}
      {thread.status === "running" && !live.text && liveCalls.length === 0 && (
        <li className="pl-8 text-sm text-muted-foreground" aria-live="polite">
          Thinking…
        </li>
      )}
      {thread.pendingApproval && (
        <li>
          <ApprovalCard threadId={thread.id} approval={thread.pendingApproval} />
        </li>
      )}
      {thread.status === "failed" && (
        <li>
          <Alert variant="destructive" title="The agent stopped">
            {thread.lastError ?? "Unknown error"}
          </Alert>
        </li>
      )}
    </ol>
  );
}
