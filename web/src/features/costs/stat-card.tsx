import type { ReactNode } from "react";
import { Card } from "../../components/ui/card.tsx";
import { cn } from "../../lib/utils.ts";

interface StatCardProps {
  label: string;
  value: ReactNode;
  hint: string;
  testId?: string;
  /** Let a long hint wrap instead of cutting it to one line (with the full text as a tooltip). */
  wrapHint?: boolean;
}

/** One headline number of a cost page, with its label above and what it covers below. */
export function StatCard({ label, value, hint, testId, wrapHint = false }: StatCardProps) {
  return (
    <Card className="px-5 py-4">
      <p className="text-xs font-medium text-muted-foreground">{label}</p>
      <div className="mt-1 text-2xl font-semibold tracking-tight tabular-nums" data-testid={testId}>
        {value}
      </div>
      <p
        className={cn("mt-1 text-xs text-muted-foreground", !wrapHint && "truncate")}
        title={wrapHint ? undefined : hint}
      >
        {hint}
      </p>
    </Card>
  );
}
