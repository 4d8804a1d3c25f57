import { History } from "lucide-react";
import { Link, useParams } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import { useOperation } from "../../lib/operations.ts";
import { duration, when } from "./labels.ts";
import { RunStatusBadge } from "./run-status.tsx";

const ACTIVE = ["queued", "running", "waiting"];

/** The runs of one automation, newest first. */
export function RunsPage() {
  const { id = "" } = useParams();
  const automation = useOperation("automations.get", { id });
  const runs = useOperation(
    "automations.runs.list",
    { automationId: id, limit: 100 },
    {
      refetchInterval: (query) =>
        query.state.data?.some((r) => ACTIVE.includes(r.status)) ? 1500 : false,
    },
  );
  return (
    <>
      <PageHeader
        title={`Runs of ${automation.data?.name ?? "the automation"}`}
        description={<Link to={`/automations/${id}`}>Back to the automation</Link>}
      />
      <QueryState
        query={runs}
        empty={
          <EmptyState
            icon={History}
            title="No runs yet"
            description="Runs appear here when the trigger fires or someone clicks Run now."
          />
        }
      >
        {(rows) => (
          <Table aria-label="Runs">
            <TableHeader>
              <TableRow>
                <TableHead>Started</TableHead>
                <TableHead>Trigger</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Took</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((run) => (
                <TableRow key={run.id}>
                  <TableCell>
                    <Link
                      className="underline-offset-4 hover:underline"
                      to={`/automations/${id}/runs/${run.id}`}
                    >
                      {when(run.createdAt)}
                    </Link>
                  </TableCell>
                  <TableCell>{run.triggerKind}</TableCell>
                  <TableCell>
                    <RunStatusBadge status={run.status} />
                  </TableCell>
                  <TableCell>{duration(run.startedAt, run.finishedAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </QueryState>
    </>
  );
}
