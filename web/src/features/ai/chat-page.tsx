import { Bot, MessageSquarePlus, Settings2, Trash2 } from "lucide-react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { lastVisitedPage } from "../../lib/agent-events.ts";
import { errorMessage } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { cn } from "../../lib/utils.ts";
import { Composer } from "./composer.tsx";
import { Conversation } from "./conversation.tsx";
import { useAgentStream } from "./use-agent-stream.ts";

/** Shown instead of the chat until a model is configured: nothing pretends to answer. */
function NotConfigured() {
  const { role } = useSession();
  const isAdmin = can(role, "ai:manage");
  return (
    <Card className="p-6">
      <EmptyState
        icon={Settings2}
        title="No AI model is configured yet"
        description={
          <>
            The agent needs a model to talk to: OpenAI, Anthropic, a local Ollama, or any
            OpenAI-compatible server (llama.cpp <code>llama-server --jinja</code>, vLLM, LM Studio)
            with its base URL. Keys are stored encrypted in the workspace vault and never shown
            again.
            {!isAdmin && " Ask an owner or admin of this workspace to set one up."}
          </>
        }
        action={
          isAdmin && (
            <Button asChild>
              <Link to="/settings/ai">Configure a model</Link>
            </Button>
          )
        }
      />
    </Card>
  );
}

/** AI prices are fractions of a cent per call: shown with up to four decimals. */
export function formatAiMoney(value: string, currency: string) {
  return new Intl.NumberFormat(undefined, {
    style: "currency",
    currency,
    maximumFractionDigits: 4,
  }).format(Number(value));
}

function UsageLine() {
  const usage = useOperation("ai.usage", {});
  const { format } = useSession();
  if (!usage.data) return null;
  const { workspace, embeddings, budget, currency, month } = usage.data;
  return (
    <span data-testid="ai-usage">
      AI spend in {month}: {formatAiMoney(workspace.cost, currency)}
      {budget && ` of ${formatAiMoney(budget, currency)} budget`} ·{" "}
      {format.number(workspace.inputTokens + workspace.outputTokens)} tokens
      {embeddings.calls > 0 &&
        ` (embeddings: ${formatAiMoney(embeddings.cost, currency)}, ${format.number(embeddings.inputTokens)} tokens)`}
    </span>
  );
}

function ThreadList({ activeId }: { activeId?: string }) {
  const threads = useOperation("agent.threads.list", {});
  const { format } = useSession();
  const navigate = useNavigate();
  const remove = useOperationMutation("agent.threads.delete");
  const [deleting, setDeleting] = useState<{ id: string; title: string } | null>(null);
  return (
    <nav aria-label="Conversations" className="flex flex-col gap-1">
      <Button asChild variant="outline" size="sm" className="mb-2 justify-start">
        <Link to="/ai">
          <MessageSquarePlus aria-hidden /> New conversation
        </Link>
      </Button>
      <QueryState
        query={threads}
        empty={<p className="px-2 text-xs text-muted-foreground">No conversations yet.</p>}
      >
        {(rows) => (
          <ul className="flex flex-col gap-0.5">
            {rows.map((t) => (
              <li key={t.id} className="group relative">
                <Link
                  to={`/ai/t/${t.id}`}
                  aria-current={t.id === activeId ? "page" : undefined}
                  className={cn(
                    "block rounded-md py-1.5 pr-8 pl-2 text-sm hover:bg-accent",
                    t.id === activeId && "bg-accent font-medium",
                  )}
                >
                  <span className="block truncate">{t.title}</span>
                  <span className="text-xs text-muted-foreground">
                    {t.status === "waiting" ? "Waiting for your approval · " : ""}
                    {format.relative(t.updatedAt)}
                  </span>
                </Link>
                {t.status !== "running" && (
                  <button
                    type="button"
                    aria-label={`Delete conversation ${t.title}`}
                    className="absolute top-1.5 right-1 rounded p-1 text-muted-foreground opacity-0 group-hover:opacity-100 hover:bg-background hover:text-foreground focus-visible:opacity-100"
                    onClick={() => setDeleting({ id: t.id, title: t.title })}
                  >
                    <Trash2 className="size-3.5" aria-hidden />
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete “${deleting?.title ?? ""}”?`}
        description="The conversation and its messages are gone for good; what the agent did stays in the audit log."
        confirmLabel="Delete conversation"
        onConfirm={async () => {
          await remove.mutateAsync({ threadId: deleting?.id ?? "" });
          if (deleting?.id === activeId) navigate("/ai");
        }}
      />
    </nav>
  );
}

/**
 * While the agent runs, the realtime channel brings each step. A step it could not bring (the
 * socket reconnecting, a run that ended before the view subscribed) is caught by this slow poll.
 */
const RUNNING_POLL_MS = 3_000;

function ThreadView({ threadId }: { threadId: string }) {
  const thread = useOperation(
    "agent.threads.get",
    { threadId },
    {
      refetchInterval: (query) =>
        query.state.data?.status === "running" ? RUNNING_POLL_MS : false,
    },
  );
  const live = useAgentStream(threadId);
  return (
    <QueryState query={thread}>{(data) => <Conversation thread={data} live={live} />}</QueryState>
  );
}

export function ChatPage() {
  const { threadId } = useParams();
  const navigate = useNavigate();
  const settings = useOperation("ai.settings.get", {});
  const thread = useOperation(
    "agent.threads.get",
    { threadId: threadId ?? "" },
    { enabled: Boolean(threadId) },
  );
  const send = useOperationMutation("agent.threads.send", {
    onSuccess: (result) => {
      if (result.threadId !== threadId) navigate(`/ai/t/${result.threadId}`);
    },
  });
  const [context, setContext] = useState(lastVisitedPage);
  const status = thread.data?.status;
  const busy = send.isPending || status === "running";
  const disabledReason =
    status === "waiting"
      ? "Approve or deny the proposed change first."
      : busy
        ? "The agent is answering…"
        : undefined;

  return (
    <>
      <PageHeader
        title="AI workbench"
        description={
          <>
            Ask across costs, projects and invoices. Reads run at once; every change waits for your
            approval. <UsageLine />
          </>
        }
      />
      <QueryState query={settings}>
        {(s) =>
          !s.configured ? (
            <NotConfigured />
          ) : (
            <div className="grid gap-6 md:grid-cols-[14rem_1fr]">
              <ThreadList activeId={threadId} />
              <div className="flex min-w-0 flex-col gap-4">
                {threadId ? (
                  <ThreadView threadId={threadId} />
                ) : (
                  <EmptyState
                    icon={Bot}
                    title="Ask the agent"
                    description={`Using ${s.provider} · ${s.model}. Try “What did we spend on EC2 last month?” or “Which tasks are overdue?”`}
                  />
                )}
                {send.error && (
                  <p className="text-sm text-destructive">{errorMessage(send.error)}</p>
                )}
                <Composer
                  disabled={busy || status === "waiting"}
                  disabledReason={disabledReason}
                  context={context}
                  onDropContext={() => setContext(undefined)}
                  onSend={(message) =>
                    send.mutate({
                      message,
                      ...(threadId ? { threadId } : {}),
                      ...(context ? { context } : {}),
                    })
                  }
                />
              </div>
            </div>
          )
        }
      </QueryState>
    </>
  );
}
