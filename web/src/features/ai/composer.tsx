import { MapPin, Send, X } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Button } from "../../components/ui/button.tsx";
import type { PageContext } from "../../lib/agent-events.ts";
import { VoiceInput } from "./voice-input.tsx";

interface ComposerProps {
  disabled: boolean;
  /** Why the box is disabled, said next to it. */
  disabledReason?: string;
  context: PageContext | undefined;
  onDropContext: () => void;
  onSend: (message: string) => void;
}

/** The question box: text or dictation, with the page it is about shown as a removable chip. */
export function Composer({
  disabled,
  disabledReason,
  context,
  onDropContext,
  onSend,
}: ComposerProps) {
  const [text, setText] = useState("");
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const message = text.trim();
    if (!message || disabled) return;
    onSend(message);
    setText("");
  };
  return (
    <form onSubmit={submit} className="rounded-lg border bg-card p-2 shadow-xs">
      {context && (
        <div className="mb-2 flex">
          <span
            className="inline-flex max-w-full items-center gap-1 rounded-full border bg-muted px-2 py-0.5 text-xs"
            data-testid="context-chip"
          >
            <MapPin aria-hidden className="size-3" />
            <span className="truncate">
              About: {context.title ? `${context.title} · ` : ""}
              <code>{context.page}</code>
              {context.timeRange && ` · ${context.timeRange.from} → ${context.timeRange.to}`}
            </span>
            <button
              type="button"
              onClick={onDropContext}
              aria-label="Do not send this page as context"
              className="rounded-full p-0.5 hover:bg-accent"
            >
              <X aria-hidden className="size-3" />
            </button>
          </span>
        </div>
      )}
      <div className="flex items-end gap-2">
        <label htmlFor="agent-question" className="sr-only">
          Your question
        </label>
        <textarea
          id="agent-question"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey) submit(e);
          }}
          rows={2}
          placeholder="Ask about costs, projects, invoices… (Enter to send, Shift+Enter for a new line)"
          className="min-h-10 flex-1 resize-y bg-transparent px-2 py-1 text-sm outline-none"
          disabled={disabled}
        />
        <VoiceInput onText={(spoken) => setText((t) => (t ? `${t} ${spoken}` : spoken))} />
        <Button type="submit" disabled={disabled || !text.trim()} aria-label="Send">
          <Send aria-hidden />
        </Button>
      </div>
      {disabled && disabledReason && (
        <p className="px-2 pt-1 text-xs text-muted-foreground">{disabledReason}</p>
      )}
    </form>
  );
}
