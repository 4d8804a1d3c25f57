/** An agent event as the server streams it over /api/events (to the thread's owner only). */
export interface AgentEvent {
  type: "agent";
  threadId: string;
  event: "token" | "message" | "toolCall" | "toolResult" | "approval" | "status";
  text?: string;
  toolCallId?: string;
  tool?: string;
  operation?: string;
  input?: unknown;
  isError?: boolean;
  summary?: string;
  status?: "idle" | "running" | "waiting" | "failed";
  error?: string;
}

/** The realtime channel hands agent events to whichever chat view listens. */
export const agentEvents = new EventTarget();

export function emitAgentEvent(event: AgentEvent) {
  agentEvents.dispatchEvent(new CustomEvent<AgentEvent>("agent", { detail: event }));
}

export interface PageContext {
  page: string;
  title?: string;
  timeRange?: { from: string; to: string };
}

let lastPage: PageContext | undefined;

/** Remembers the page the person was on, so a question asked next can carry it as context. */
export function rememberPage(pathname: string, search: string, title: string) {
  if (pathname.startsWith("/ai") || pathname.startsWith("/settings")) return;
  const params = new URLSearchParams(search);
  const from = params.get("from");
  const to = params.get("to");
  lastPage = {
    page: `${pathname}${search}`.slice(0, 300),
    title: title.slice(0, 200) || undefined,
    ...(from && to ? { timeRange: { from, to } } : {}),
  };
}

export function lastVisitedPage(): PageContext | undefined {
  return lastPage;
}
