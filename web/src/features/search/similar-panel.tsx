import { QueryState } from "../../components/query-state.tsx";
import { SkeletonRows } from "../../components/ui/skeleton.tsx";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { SearchHits } from "./search-hits.tsx";

type Kind = "doc" | "pattern" | "resource";

/**
 * "Find things like this": the workspace's pages, log patterns and resources nearest in meaning
 * to one item. The first look at an item not yet indexed embeds it on the spot.
 */
export function SimilarPanel({
  kind,
  id,
  kinds,
  limit = 6,
}: {
  kind: Kind;
  id: string;
  kinds?: Kind[];
  limit?: number;
}) {
  const { role } = useSession();
  const allowed = can(role, "search:read");
  const similar = useOperation(
    "search.similar",
    { kind, id, limit, ...(kinds ? { kinds } : {}) },
    { enabled: allowed, staleTime: 60_000 },
  );
  if (!allowed) return null;
  return (
    <section aria-labelledby={`similar-${id}`} data-testid="similar-panel">
      <h2 id={`similar-${id}`} className="mb-2 text-sm font-semibold">
        Similar
      </h2>
      <QueryState
        query={similar}
        loading={<SkeletonRows rows={3} label="Finding similar items" />}
        isEmpty={(d) => d.items.length === 0}
        empty={<p className="text-sm text-muted-foreground">Nothing similar indexed yet.</p>}
      >
        {(data) => <SearchHits hits={data.items} compact />}
      </QueryState>
    </section>
  );
}
