import { keepPreviousData } from "@tanstack/react-query";
import { Search, X } from "lucide-react";
import { useEffect, useState } from "react";
import { Link, useNavigate } from "react-router";
import { ErrorState } from "../../components/query-state.tsx";
import { Input } from "../../components/ui/input.tsx";
import { useOperation } from "../../lib/operations.ts";
import { KIND_ICONS } from "./doc-kinds.ts";
import { Snippet } from "./snippet.tsx";

const DEBOUNCE_MS = 200;

/** The search box over the tree; while it holds a query, ranked results replace the tree. */
export function DocSearch({ onActiveChange }: { onActiveChange: (active: boolean) => void }) {
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const navigate = useNavigate();
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const active = text.trim().length > 0;
  useEffect(() => onActiveChange(active), [active, onActiveChange]);
  const results = useOperation(
    "docs.search",
    { q, limit: 20 },
    { enabled: q.length > 0, placeholderData: keepPreviousData },
  );
  const clear = () => setText("");
  const open = (id: string) => {
    clear();
    navigate(`/docs/${id}`);
  };

  return (
    <div className="min-w-0 flex-1">
      <div className="relative">
        <Search
          className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted-foreground"
          aria-hidden
        />
        <Input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") clear();
            const first = results.data?.[0];
            if (e.key === "Enter" && first) open(first.id);
          }}
          placeholder="Search the wiki"
          aria-label="Search the wiki"
          data-testid="docs-search"
          className="pr-8 pl-8 [&::-webkit-search-cancel-button]:appearance-none"
        />
        {active && (
          <button
            type="button"
            onClick={clear}
            aria-label="Clear search"
            className="absolute top-2 right-2 rounded p-0.5 text-muted-foreground hover:bg-accent"
          >
            <X className="size-4" aria-hidden />
          </button>
        )}
      </div>
      {active && (
        <div className="mt-3" aria-live="polite">
          {results.isError ? (
            <ErrorState error={results.error} />
          ) : results.data && q ? (
            results.data.length === 0 ? (
              <p className="px-2 py-4 text-sm text-muted-foreground">No page matches “{q}”.</p>
            ) : (
              <ul
                className="grid grid-cols-1 gap-1"
                aria-label="Search results"
                data-testid="docs-search-results"
              >
                {results.data.map((hit) => {
                  const Icon = KIND_ICONS[hit.kind];
                  return (
                    <li key={hit.id}>
                      <Link
                        to={`/docs/${hit.id}`}
                        onClick={clear}
                        className="block rounded-md px-2 py-2 text-sm hover:bg-accent/60"
                      >
                        <span className="flex min-w-0 items-center gap-2 font-medium">
                          <Icon className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                          <Snippet pieces={hit.titleSnippet} className="truncate" />
                        </span>
                        <Snippet
                          pieces={hit.snippet}
                          className="mt-1 line-clamp-3 block text-xs text-muted-foreground"
                        />
                      </Link>
                    </li>
                  );
                })}
              </ul>
            )
          ) : (
            <p className="px-2 py-4 text-sm text-muted-foreground">Searching…</p>
          )}
        </div>
      )}
    </div>
  );
}
