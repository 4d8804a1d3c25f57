import { CheckCircle2, CircleAlert, Loader2, Wrench } from "lucide-react";
import { cn } from "../../lib/utils.ts";

export interface ToolCallCardProps {
  operation: string;
  input: unknown;
  /** Absent while the call runs (or waits for approval). */
  result?: { isError: boolean; summary: string };
  pending?: boolean;
}

/** One tool call as it happens: the operation, its exact input and what came back. */
export function ToolCallCard({ operation, input, result, pending }: ToolCallCardProps) {
  const Icon = result ? (result.isError ? CircleAlert : CheckCircle2) : pending ? Loader2 : Wrench;
  return (
    <details className="group rounded-md border bg-muted/30 text-sm" data-testid="tool-call">
      <summary className="flex cursor-pointer list-none items-center gap-2 px-3 py-2">
        <Icon
          aria-hidden
          className={cn(
            "size-4 shrink-0",
            result?.isError
              ? "text-destructive"
              : result
                ? "text-success"
                : "text-muted-foreground",
            pending && !result && "animate-spin",
          )}
        />
        <code className="font-mono text-xs font-medium">{operation}</code>
        <span className="min-w-0 truncate text-xs text-muted-foreground">
          {result ? result.summary : pending ? "running…" : ""}
        </span>
      </summary>
      <pre className="overflow-x-auto border-t px-3 py-2 font-mono text-xs">
        {JSON.stringify(input, null, 2)}
      </pre>
    </details>
  );
}
