import { X } from "lucide-react";
import { useState } from "react";
import { CursorPager } from "../../components/cursor-pager.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card } from "../../components/ui/card.tsx";
import { useOperation } from "../../lib/operations.ts";
import { useFormat } from "../../lib/session.tsx";
import { SimilarPanel } from "../search/similar-panel.tsx";
import { LogRows } from "./log-rows.tsx";
import { TemplateText } from "./patterns-page.tsx";

/** The explorer narrowed to one pattern: its lines in the period, newest first. */
export function PatternLines({
  patternId,
  period,
  onContext,
  onClear,
}: {
  patternId: string;
  period: { from: string; to: string };
  onContext: (id: string) => void;
  onClear: () => void;
}) {
  const format = useFormat();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const lines = useOperation("logs.patternLines", {
    patternId,
    ...period,
    limit: 100,
    ...(cursor ? { cursor } : {}),
  });
  return (
    <Card>
      <QueryState query={lines}>
        {(data) => (
          <>
            <div
              className="flex items-start gap-2 border-b px-4 py-2 text-sm"
              data-testid="pattern-filter"
            >
              <span className="shrink-0 text-muted-foreground">
                Pattern ({data.pattern.service}):
              </span>
              <span className="min-w-0 flex-1">
                <TemplateText template={data.pattern.template} />
              </span>
              <Button variant="ghost" size="sm" onClick={onClear} aria-label="Show all lines">
                <X aria-hidden /> All lines
              </Button>
            </div>
            <div className="border-b px-4 py-3">
              <SimilarPanel kind="pattern" id={patternId} limit={5} />
            </div>
            <p
              className="border-b px-4 py-2 text-sm text-muted-foreground"
              data-testid="logs-total"
            >
              {format.number(data.items.length)} {data.items.length === 1 ? "line" : "lines"} of
              this pattern on this page
            </p>
            <LogRows items={data.items} onContext={onContext} />
            <CursorPager cursors={cursors} setCursors={setCursors} nextCursor={data.nextCursor} />
          </>
        )}
      </QueryState>
    </Card>
  );
}
