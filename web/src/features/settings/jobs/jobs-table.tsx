import { Badge } from "../../../components/ui/badge.tsx";
import { Button } from "../../../components/ui/button.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../../components/ui/table.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { errorMessage } from "../../../lib/api.ts";
import { useOperationMutation } from "../../../lib/operations.ts";
import { can } from "../../../lib/roles.ts";
import { useSession } from "../../../lib/session.tsx";
import type { Job, JobStatus } from "./jobs-queries.ts";

const STATUS_VARIANT: Record<
  JobStatus,
  "secondary" | "outline" | "success" | "destructive" | "warning"
> = {
  queued: "outline",
  running: "warning",
  succeeded: "success",
  failed: "destructive",
  cancelled: "secondary",
};

export function JobStatusBadge({ status }: { status: string }) {
  const variant = STATUS_VARIANT[status as JobStatus] ?? "outline";
  return <Badge variant={variant}>{status}</Badge>;
}

export function JobsTable({ rows }: { rows: Job[] }) {
  const { role, format } = useSession();
  const canManage = can(role, "jobs:manage");
  const toast = useToast();
  const onError = (error: unknown) =>
    toast({ title: "Not done", description: errorMessage(error), variant: "error" });
  const retry = useOperationMutation("jobs.retry", { onError });
  const cancel = useOperationMutation("jobs.cancel", { onError });
  return (
    <Table aria-label="Jobs">
      <TableHeader>
        <TableRow>
          <TableHead>Job</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Attempts</TableHead>
          <TableHead>Runs at</TableHead>
          <TableHead>Finished</TableHead>
          <TableHead>Last error</TableHead>
          {canManage && (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((job) => (
          <TableRow key={job.id}>
            <TableCell>
              <div className="font-mono text-xs font-medium">{job.name}</div>
              <div className="text-xs text-muted-foreground">
                created {format.relative(job.createdAt)}
              </div>
            </TableCell>
            <TableCell>
              <JobStatusBadge status={job.status} />
            </TableCell>
            <TableCell className="tabular-nums">
              {job.attempts} / {job.maxAttempts}
            </TableCell>
            <TableCell className="whitespace-nowrap text-muted-foreground">
              {format.dateTime(job.runAt)}
            </TableCell>
            <TableCell className="whitespace-nowrap text-muted-foreground">
              {format.dateTime(job.finishedAt)}
            </TableCell>
            <TableCell
              className="max-w-64 truncate text-xs text-destructive"
              title={job.lastError ?? undefined}
            >
              {job.lastError ?? ""}
            </TableCell>
            {canManage && (
              <TableCell className="text-right whitespace-nowrap">
                {(job.status === "failed" || job.status === "cancelled") && (
                  <Button
                    variant="outline"
                    size="sm"
                    loading={retry.isPending && retry.variables?.jobId === job.id}
                    onClick={() => retry.mutate({ jobId: job.id })}
                    aria-label={`Retry ${job.name}`}
                  >
                    Retry
                  </Button>
                )}
                {job.status === "queued" && (
                  <Button
                    variant="ghost"
                    size="sm"
                    loading={cancel.isPending && cancel.variables?.jobId === job.id}
                    onClick={() => cancel.mutate({ jobId: job.id })}
                    aria-label={`Cancel ${job.name}`}
                  >
                    Cancel
                  </Button>
                )}
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
