import type { ReactNode } from "react";
import { cn } from "../lib/utils.ts";
import { Button } from "./ui/button.tsx";

/**
 * Back / forward over keyset pages: `cursors` is the stack of pages behind the current one.
 * `children` sit at the start of the bar (a page's range, an export button).
 */
export function CursorPager({
  cursors,
  setCursors,
  nextCursor,
  labels = { back: "Newer", forward: "Older" },
  className,
  children,
}: {
  cursors: string[];
  setCursors: (update: (cursors: string[]) => string[]) => void;
  nextCursor: string | null | undefined;
  labels?: { back: string; forward: string };
  className?: string;
  children?: ReactNode;
}) {
  return (
    <div className={cn("flex flex-wrap items-center justify-end gap-2 p-3", className)}>
      {children}
      <Button
        variant="outline"
        size="sm"
        disabled={cursors.length === 0}
        onClick={() => setCursors((c) => c.slice(0, -1))}
      >
        {labels.back}
      </Button>
      <Button
        variant="outline"
        size="sm"
        disabled={!nextCursor}
        onClick={() => nextCursor && setCursors((c) => [...c, nextCursor])}
      >
        {labels.forward}
      </Button>
    </div>
  );
}
