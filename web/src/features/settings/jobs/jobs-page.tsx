import { ChevronLeft, ChevronRight } from "lucide-react";
import { useState } from "react";
import { PageHeader } from "../../../components/page-header.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../../components/ui/card.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { JobsFilters, type JobsFilterValue } from "./jobs-filters.tsx";
import { useJobs } from "./jobs-queries.ts";
import { JobsTable } from "./jobs-table.tsx";
import { SchedulesCard } from "./schedules-card.tsx";

const PAGE_SIZE = 50;

export function JobsPage() {
  const [filters, setFilters] = useState<JobsFilterValue>({});
  const [cursors, setCursors] = useState<string[]>([]);
  const jobs = useJobs({ ...filters, before: cursors.at(-1), limit: PAGE_SIZE });
  const rows = jobs.data ?? [];
  return (
    <>
      <PageHeader
        title="Jobs"
        description="Background work of this workspace: imports, scans, schedules. Retry failed jobs or cancel queued ones."
      />
      <div className="grid gap-6">
        <Card>
          <CardHeader className="border-b">
            <div>
              <CardTitle>Recent jobs</CardTitle>
              <CardDescription>Newest first.</CardDescription>
            </div>
            <JobsFilters
              value={filters}
              onChange={(next) => {
                setFilters(next);
                setCursors([]);
              }}
            />
          </CardHeader>
          <QueryState
            query={jobs}
            empty={
              <EmptyState
                title="No jobs"
                description="Nothing has run here yet, or nothing matches the filters."
              />
            }
          >
            {(data) => <JobsTable rows={data} />}
          </QueryState>
          <nav
            aria-label="Job pages"
            className="flex items-center justify-between border-t px-6 py-3"
          >
            <p className="text-sm text-muted-foreground">Page {cursors.length + 1}</p>
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
                disabled={rows.length < PAGE_SIZE}
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
        <SchedulesCard />
      </div>
    </>
  );
}
