import { Radar } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "../../../components/ui/button.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { errorMessage } from "../../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import { useFormat } from "../../../lib/session.tsx";

const FINISHED = new Set(["succeeded", "failed", "cancelled"]);

/**
 * When detection last ran, and (for those who may) a button to run it now and follow it.
 * `hasFindings`: anomalies are listed though no run is recorded (the demo finds its own while
 * it is made), so "has not run yet" would contradict the list below.
 */
export function RunDetection({ canRun, hasFindings }: { canRun: boolean; hasFindings: boolean }) {
  const format = useFormat();
  const toast = useToast();
  const [jobId, setJobId] = useState<string>();
  const start = useOperationMutation("costs.anomalies.detect", {
    onSuccess: (job) => setJobId(job.jobId),
    onError: (error) =>
      toast({
        title: "Detection did not start",
        description: errorMessage(error),
        variant: "error",
      }),
  });
  const latest = useOperation("costs.anomalies.detection", {});
  // Followed once a second until it finishes; the list refreshes itself on the job's event.
  const followed = useOperation(
    "costs.anomalies.detection",
    { jobId },
    {
      enabled: jobId !== undefined,
      refetchInterval: (query) =>
        query.state.data && FINISHED.has(query.state.data.status) ? false : 1_000,
    },
  );
  const run = followed.data;
  useEffect(() => {
    if (!run || !FINISHED.has(run.status) || run.jobId !== jobId) return;
    setJobId(undefined);
    if (run.status === "succeeded")
      toast({
        title: "Detection finished",
        description: `${run.found ?? 0} anomalies in the last 30 days, ${run.added ?? 0} new.`,
      });
    else
      toast({ title: "Detection failed", description: run.error ?? run.status, variant: "error" });
  }, [run, jobId, toast]);

  const isRunning = start.isPending || jobId !== undefined;
  const last = latest.data;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <span className="text-xs text-muted-foreground" data-testid="anomalies-last-run">
        {last
          ? `Last run ${format.relative(last.finishedAt ?? last.createdAt)}`
          : latest.isSuccess && !hasFindings
            ? "Detection has not run yet"
            : ""}
      </span>
      {canRun && (
        <Button
          variant="outline"
          size="sm"
          loading={isRunning}
          onClick={() => start.mutate({})}
          data-testid="anomalies-run"
        >
          {!isRunning && <Radar aria-hidden />}
          {isRunning ? "Detecting…" : "Run detection"}
        </Button>
      )}
    </div>
  );
}
