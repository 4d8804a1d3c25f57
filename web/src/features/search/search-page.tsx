import { Search } from "lucide-react";
import { useState } from "react";
import { PageHeader } from "../../components/page-header.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardContent } from "../../components/ui/card.tsx";
import { Input, inputClass } from "../../components/ui/input.tsx";
import { SkeletonRows } from "../../components/ui/skeleton.tsx";
import { useOperation } from "../../lib/operations.ts";
import { useLatestSearchParams } from "../../lib/use-latest-search-params.ts";
import { ReindexButton } from "./reindex-button.tsx";
import { SearchHits } from "./search-hits.tsx";

const KIND_CHOICES = [
  { value: "", label: "Everything" },
  { value: "doc", label: "Pages and runbooks" },
  { value: "pattern", label: "Log patterns" },
  { value: "resource", label: "Resources" },
] as const;
type KindChoice = (typeof KIND_CHOICES)[number]["value"];

/** /search?q=…&kind=… — free-text semantic search over pages, log patterns and resources. */
export function SearchPage() {
  const [params, setParams] = useLatestSearchParams();
  const q = params.get("q") ?? "";
  const kind = (params.get("kind") ?? "") as KindChoice;
  const [draft, setDraft] = useState(q);
  const results = useOperation(
    "search.similar",
    { text: q, limit: 20, ...(kind ? { kinds: [kind] } : {}) },
    { enabled: q.trim().length > 0, staleTime: 60_000 },
  );
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setParams((latest) => {
      latest.set("q", draft.trim());
      return latest;
    });
  };
  return (
    <>
      <PageHeader
        title="Search by meaning"
        description="Describe a symptom or a thing in your own words: the runbooks, log patterns and resources closest in meaning come first."
        actions={<ReindexButton />}
      />
      <form
        onSubmit={submit}
        className="mb-6 grid gap-2 sm:grid-cols-[1fr_auto_auto]"
        aria-label="Search by meaning"
      >
        <label htmlFor="semantic-q" className="sr-only">
          Search text
        </label>
        <Input
          id="semantic-q"
          placeholder="e.g. the database volume is out of space"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <label htmlFor="semantic-kind" className="sr-only">
          Kind
        </label>
        <select
          id="semantic-kind"
          className={inputClass}
          value={kind}
          onChange={(e) => {
            const value = e.target.value;
            setParams((latest) => {
              if (value) latest.set("kind", value);
              else latest.delete("kind");
              return latest;
            });
          }}
        >
          {KIND_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        <Button type="submit" disabled={!draft.trim()}>
          <Search aria-hidden /> Search
        </Button>
      </form>
      {q.trim() ? (
        <Card>
          <CardContent className="pt-4">
            <QueryState
              query={results}
              loading={<SkeletonRows rows={6} label="Searching" />}
              isEmpty={(d) => d.items.length === 0}
              empty={
                <p className="text-sm text-muted-foreground">
                  Nothing indexed matches yet. New and changed items are indexed within minutes.
                </p>
              }
            >
              {(data) => (
                <>
                  <SearchHits hits={data.items} />
                  <p className="mt-4 text-xs text-muted-foreground" data-testid="search-model">
                    Ranked by {data.model} ({data.path === "pgvector" ? "pgvector" : "exact scan"})
                  </p>
                </>
              )}
            </QueryState>
          </CardContent>
        </Card>
      ) : (
        <p className="text-sm text-muted-foreground">
          Type what you are looking for, as you would say it to a colleague.
        </p>
      )}
    </>
  );
}
