import { ChevronLeft, ChevronRight, FileClock } from "lucide-react";
import { useState } from "react";
import { PageHeader } from "../../../components/page-header.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Card } from "../../../components/ui/card.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { useOperation } from "../../../lib/operations.ts";
import { type AuditFilters, AuditFiltersForm } from "./audit-filters.tsx";
import { AuditTable } from "./audit-table.tsx";

const PAGE_SIZE = 50;

export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>({});
  // Keyset paging: each page starts before the last id of the previous one.
  const [cursors, setCursors] = useState<number[]>([]);
  const before = cursors.at(-1);
  const entries = useOperation(
    "audit.list",
    { ...filters, before, limit: PAGE_SIZE },
    { placeholderData: (previous) => previous },
  );
  const rows = entries.data ?? [];
  const hasOlder = rows.length === PAGE_SIZE;
  const apply = (next: AuditFilters) => {
    setFilters(next);
    setCursors([]);
  };
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change, sign-in and token use in this workspace. Nobody can edit it."
      />
      <Card>
        <AuditFiltersForm onApply={apply} />
        <QueryState
          query={entries}
          empty={
            <EmptyState
              icon={FileClock}
              title="No entries"
              description="Nothing matches these filters."
            />
          }
        >
          {(data) => <AuditTable rows={data} />}
        </QueryState>
        <nav
          aria-label="Audit log pages"
          className="flex items-center justify-between border-t px-6 py-3"
        >
          <p className="text-sm text-muted-foreground">
            Page {cursors.length + 1}
            {entries.isFetching && !entries.isPending ? " · updating…" : ""}
          </p>
          <div className="flex gap-2">
            <Button
              variant="outline"
              size="sm"
              disabled={cursors.length === 0}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              <ChevronLeft aria-hidden /> Newer
            </Button>
            <Button
              variant="outline"
              size="sm"
              disabled={!hasOlder}
              onClick={() => {
                const last = rows.at(-1);
                if (last) setCursors((c) => [...c, last.id]);
              }}
            >
              Older <ChevronRight aria-hidden />
            </Button>
          </div>
        </nav>
      </Card>
    </>
  );
}
