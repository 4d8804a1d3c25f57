import { keepPreviousData } from "@tanstack/react-query";
import { Boxes, ChevronLeft, ChevronRight, ListFilter, PlugZap, Search } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { Input } from "../../components/ui/input.tsx";
import type { OperationInput } from "../../lib/api.ts";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { useLatestSearchParams } from "../../lib/use-latest-search-params.ts";
import { QuestionBox } from "../ai/question-box.tsx";
import { Facet } from "./facets.tsx";
import { providerLabel, typeLabel } from "./resource-labels.ts";
import { ResourcesTable } from "./resources-table.tsx";

type SearchInput = OperationInput<"inventory.search">;
const PAGE_SIZE = 50;
const FILTERS = ["provider", "type", "region", "state", "tag", "untagged"] as const;
type Filter = (typeof FILTERS)[number];

/** The cross-cloud resource table: search, facets and pages, with the filters in the URL. */
export function ResourcesPage() {
  const [params, setParams] = useLatestSearchParams();
  const { role } = useSession();
  const q = params.get("q") ?? "";
  const [draft, setDraft] = useState(q);
  // Cursors of the pages before this one, to go back; a new search starts again at page 1.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const filter = (name: Filter) => params.get(name) ?? undefined;
  const filters = {
    q: q || undefined,
    // The URL may hold anything; the server refuses an unknown provider with a clear message.
    provider: filter("provider") as SearchInput["provider"],
    type: filter("type"),
    region: filter("region"),
    state: filter("state"),
    tag: filter("tag"),
    untagged: filter("untagged") === "true" ? true : undefined,
    includeDeleted: params.get("includeDeleted") === "true",
    sort: params.get("sort") === "cost" ? ("cost" as const) : ("name" as const),
    limit: PAGE_SIZE,
  };
  // Facet counts scan every match, so only the first page asks for them; later pages keep them.
  const firstPage = useOperation("inventory.search", filters, {
    placeholderData: keepPreviousData,
  });
  const laterPage = useOperation(
    "inventory.search",
    { ...filters, cursor, facets: false },
    { enabled: cursor !== undefined, placeholderData: keepPreviousData },
  );
  const search = cursor === undefined ? firstPage : laterPage;
  const facets = firstPage.data?.facets;

  const setFilter = (name: Filter | "q" | "sort", value: string | undefined) => {
    setParams(
      (latest) => {
        if (value) latest.set(name, value);
        else latest.delete(name);
        return latest;
      },
      { replace: true },
    );
    setCursors([]);
  };
  /** A translated question replaces every filter (the JSON was shown and could be edited). */
  const applyQuestion = (query: Record<string, unknown>) => {
    const next = new URLSearchParams();
    for (const name of ["q", ...FILTERS, "includeDeleted", "sort"]) {
      const value = query[name];
      if (typeof value === "string" && value) next.set(name, value);
      if (value === true) next.set(name, "true");
    }
    setDraft(typeof query.q === "string" ? query.q : "");
    setParams(next, { replace: true });
    setCursors([]);
  };
  const isFiltered = q !== "" || FILTERS.some((f) => params.has(f));
  // On a phone the facets would push the table a screen down: they open on demand there.
  const [showFilters, setShowFilters] = useState(false);
  const activeFilters = FILTERS.filter((f) => params.has(f)).length;

  return (
    <div className="grid gap-4 lg:grid-cols-[14rem_1fr]">
      <Button
        variant="outline"
        size="sm"
        className="justify-self-start lg:hidden"
        aria-expanded={showFilters}
        aria-controls="inventory-filters"
        onClick={() => setShowFilters((open) => !open)}
      >
        <ListFilter aria-hidden /> Filters{activeFilters > 0 ? ` (${activeFilters})` : ""}
      </Button>
      <aside
        id="inventory-filters"
        aria-label="Filters"
        className={`${showFilters ? "grid" : "hidden"} content-start gap-5 lg:grid`}
      >
        {facets && (
          <>
            <Facet
              title="Provider"
              values={facets.provider}
              selected={filter("provider")}
              label={providerLabel}
              onSelect={(v) => setFilter("provider", v)}
            />
            <Facet
              title="Type"
              values={facets.type}
              selected={filter("type")}
              label={typeLabel}
              onSelect={(v) => setFilter("type", v)}
            />
            <Facet
              title="Region"
              values={facets.region}
              selected={filter("region")}
              onSelect={(v) => setFilter("region", v)}
            />
            <Facet
              title="State"
              values={facets.state}
              selected={filter("state")}
              onSelect={(v) => setFilter("state", v)}
            />
            <Facet
              title="Tag"
              values={facets.tagKey}
              selected={filter("tag")}
              onSelect={(v) => setFilter("tag", v)}
            />
          </>
        )}
      </aside>
      <Card className="min-w-0">
        <div className="border-b p-3">
          <QuestionBox
            target="inventory"
            context={Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined))}
            onRun={applyQuestion}
          />
        </div>
        {filter("untagged") === "true" && (
          <p className="border-b px-3 py-2 text-sm" data-testid="untagged-filter">
            Only resources without tags.{" "}
            <button
              type="button"
              className="underline"
              onClick={() => setFilter("untagged", undefined)}
            >
              Show all
            </button>
          </p>
        )}
        <form
          aria-label="Search resources"
          className="flex flex-wrap items-center gap-2 border-b p-3"
          onSubmit={(event) => {
            event.preventDefault();
            setFilter("q", draft.trim() || undefined);
          }}
        >
          <div className="relative min-w-56 flex-1">
            <Search
              className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted-foreground"
              aria-hidden
            />
            <Input
              aria-label="Search resources"
              placeholder="Name, native id or cost ResourceId"
              className="pl-8"
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
            />
          </div>
          <Button type="submit" variant="secondary">
            Search
          </Button>
          {isFiltered && (
            <Button
              variant="ghost"
              onClick={() => {
                setDraft("");
                setParams(new URLSearchParams(), { replace: true });
                setCursors([]);
              }}
            >
              Clear filters
            </Button>
          )}
          {search.data && (
            <span className="ml-auto text-sm text-muted-foreground" aria-live="polite">
              {/* A text or tag search past 1,000 matches stops counting (see search-counts.ts). */}
              {search.data.total}
              {search.data.totalIsLowerBound ? "+" : ""}{" "}
              {search.data.total === 1 ? "resource" : "resources"}
            </span>
          )}
        </form>
        <QueryState
          query={search}
          isEmpty={(data) => data.items.length === 0}
          empty={
            isFiltered ? (
              <EmptyState icon={Search} title="Nothing matches these filters" />
            ) : (
              <EmptyState
                icon={Boxes}
                title="No resources yet"
                description="Connect a cloud account and run discovery; what it finds is listed here."
                action={
                  can(role, "connectors:manage") && (
                    <Button asChild>
                      <Link to="/inventory/connectors/new">
                        <PlugZap aria-hidden /> Connect a cloud
                      </Link>
                    </Button>
                  )
                }
              />
            )
          }
        >
          {(data) => (
            <>
              <ResourcesTable
                items={data.items}
                costWindow={data.costWindow}
                sort={filters.sort}
                onSort={(sort) => setFilter("sort", sort === "cost" ? "cost" : undefined)}
              />
              <nav aria-label="Pages" className="flex items-center justify-end gap-2 border-t p-3">
                <Button
                  variant="outline"
                  size="sm"
                  disabled={cursors.length === 0}
                  onClick={() => setCursors((c) => c.slice(0, -1))}
                >
                  <ChevronLeft aria-hidden /> Previous
                </Button>
                <Button
                  variant="outline"
                  size="sm"
                  disabled={!data.nextCursor}
                  onClick={() => data.nextCursor && setCursors((c) => [...c, data.nextCursor!])}
                >
                  Next <ChevronRight aria-hidden />
                </Button>
              </nav>
            </>
          )}
        </QueryState>
      </Card>
    </div>
  );
}
