import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { type AgentEvent, agentEvents } from "../../lib/agent-events.ts";
import { keys } from "../../lib/query.ts";
import { useSession } from "../../lib/session.tsx";

export interface LiveToolCall {
  id: string;
  operation: string;
  input: unknown;
  result?: { isError: boolean; summary: string };
}

export interface LiveRun {
  /** Text of the answer being written, token by token. */
  text: string;
  toolCalls: LiveToolCall[];
  status?: AgentEvent["status"];
  error?: string;
}

const EMPTY: LiveRun = { text: "", toolCalls: [] };

/**
 * What the agent is doing in a thread right now, from the realtime channel. The stored thread
 * (agent.threads.get) is refetched whenever a step ends, so this only fills the gap in between.
 */
export function useAgentStream(threadId: string | undefined): LiveRun {
  const [live, setLive] = useState<LiveRun>(EMPTY);
  const queryClient = useQueryClient();
  const { workspace } = useSession();

  useEffect(() => {
    setLive(EMPTY);
    if (!threadId) return;
    const refetch = () => {
      if (workspace) void queryClient.invalidateQueries({ queryKey: keys.workspace(workspace.id) });
    };
    const onEvent = (raw: Event) => {
      const event = (raw as CustomEvent<AgentEvent>).detail;
      if (event.threadId !== threadId) return;
      setLive((current) => {
        switch (event.event) {
          case "token":
            return { ...current, text: current.text + (event.text ?? "") };
          case "message":
            return { ...current, text: "" };
          case "toolCall":
            return {
              ...current,
              toolCalls: [
                ...current.toolCalls,
                {
                  id: event.toolCallId ?? "",
                  operation: event.operation ?? "",
                  input: event.input,
                },
              ],
            };
          case "toolResult":
            return {
              ...current,
              toolCalls: current.toolCalls.map((call) =>
                call.id === event.toolCallId
                  ? {
                      ...call,
                      result: { isError: Boolean(event.isError), summary: event.summary ?? "" },
                    }
                  : call,
              ),
            };
          case "status":
            return event.status === "running"
              ? current
              : { ...EMPTY, status: event.status, error: event.error };
          default:
            return current;
        }
      });
      if (["message", "toolResult", "approval", "status"].includes(event.event)) refetch();
    };
    agentEvents.addEventListener("agent", onEvent);
    return () => agentEvents.removeEventListener("agent", onEvent);
  }, [threadId, queryClient, workspace]);

  return live;
}
