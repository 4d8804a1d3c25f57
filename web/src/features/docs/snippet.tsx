import type { OperationOutput } from "../../lib/api.ts";

type Pieces = OperationOutput<"docs.search">[number]["snippet"];

/**
 * A search snippet: the server sends plain-text pieces with the matched words flagged, so they
 * are drawn as text nodes and <mark>s — never parsed as HTML.
 */
export function Snippet({ pieces, className }: { pieces: Pieces; className?: string }) {
  return (
    <span className={className}>
      {pieces.map((piece, i) =>
        piece.match ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: pieces never reorder.
          <mark key={i} className="rounded-sm bg-warning/25 px-0.5 text-foreground">
            {piece.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: pieces never reorder.
          <span key={i}>{piece.text}</span>
        ),
      )}
    </span>
  );
}
