import { useEffect, useRef } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Card } from "../../components/ui/card.tsx";
import { useOperation } from "../../lib/operations.ts";
import { duration, STEP_LABELS, type Step, when } from "./labels.ts";
import { RunStatusBadge } from "./run-status.tsx";

const ACTIVE = ["queued", "running", "waiting"];

function Json({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer">{label}</summary>
      <pre className="mt-1 max-h-72 overflow-auto rounded-md bg-muted p-3 text-xs">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}

/** Scrolls to and focuses the step an approval request came from, once it is on the page. */
function useOpenAtStep(isLoaded: boolean) {
  const [params] = useSearchParams();
  const approvalId = params.get("approval");
  const target = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!isLoaded || !target.current) return;
    target.current.scrollIntoView({ block: "center" });
    target.current.focus({ preventScroll: true });
  }, [isLoaded]);
  return { approvalId, target };
}

/**
 * One run: its trigger and, step by step, status, timing, input, output and approval. Opened
 * from an approval request (`?approval=<id>`), it starts at the step that asked.
 */
export function RunDetailPage() {
  const params = useParams();
  const runId = params.runId ?? "";
  const run = useOperation(
    "automations.runs.get",
    { id: runId },
    {
      refetchInterval: (query) => (ACTIVE.includes(query.state.data?.status ?? "") ? 1000 : false),
    },
  );
  const { approvalId, target } = useOpenAtStep(run.isSuccess);
  // The route may know only the run (from an approval); the run knows its automation.
  const id = params.id ?? run.data?.automationId ?? "";
  return (
    <>
      <PageHeader
        title="Run"
        description={
          id ? (
            <>
              <Link to={`/automations/${id}`}>The automation</Link> ·{" "}
              <Link to={`/automations/${id}/runs`}>All runs</Link>
            </>
          ) : undefined
        }
      />
      <QueryState query={run}>
        {(detail) => (
          <div className="flex flex-col gap-4">
            <Card className="flex flex-col gap-2 p-4">
              <div className="flex flex-wrap items-center gap-2" data-testid="run-status">
                <RunStatusBadge status={detail.status} />
                <span className="text-sm text-muted-foreground">
                  {detail.triggerKind} · started {when(detail.startedAt ?? detail.createdAt)} · took{" "}
                  {duration(detail.startedAt, detail.finishedAt)}
                </span>
              </div>
              {detail.error && <p className="text-sm">{detail.error}</p>}
              {detail.detailsHidden ? (
                <p className="text-xs text-muted-foreground">
                  Inputs and outputs are shown to admins and to the person the run acted as.
                </p>
              ) : (
                <Json label="Trigger payload" value={detail.trigger} />
              )}
            </Card>
            <ol className="flex flex-col gap-3" aria-label="Steps">
              {detail.steps.map((step) => {
                const isTarget = !!approvalId && step.approvalId === approvalId;
                return (
                  <li key={step.position}>
                    <Card
                      ref={isTarget ? target : undefined}
                      tabIndex={isTarget ? -1 : undefined}
                      aria-current={isTarget ? "step" : undefined}
                      className={`flex flex-col gap-2 p-4 ${isTarget ? "ring-2 ring-primary" : ""}`}
                      data-testid={`step-${step.key}`}
                    >
                      <div className="flex flex-wrap items-center gap-2">
                        <span className="font-mono text-sm font-semibold">
                          {step.position + 1}. {step.key}
                        </span>
                        <span className="text-xs text-muted-foreground">
                          {STEP_LABELS[step.kind as Step["kind"]] ?? step.kind}
                        </span>
                        <RunStatusBadge status={step.status} />
                        <span className="text-xs text-muted-foreground">
                          {duration(step.startedAt, step.finishedAt)}
                        </span>
                      </div>
                      {step.error && <p className="text-sm text-destructive">{step.error}</p>}
                      {step.status === "waiting" && step.approvalId && (
                        <Alert title="Waiting for approval">
                          <p>
                            This change waits in the{" "}
                            <Link className="underline" to={`/approvals/${step.approvalId}`}>
                              approvals inbox
                            </Link>
                            ; the run goes on once someone decides.
                          </p>
                        </Alert>
                      )}
                      {step.status !== "waiting" && step.approvalId && (
                        <Link className="text-sm underline" to={`/approvals/${step.approvalId}`}>
                          The approval request and who decided it
                        </Link>
                      )}
                      <Json label="Input" value={step.input} />
                      <Json label="Output" value={step.output} />
                    </Card>
                  </li>
                );
              })}
            </ol>
            {detail.steps.length === 0 && (
              <p className="text-sm text-muted-foreground">No step has started yet.</p>
            )}
          </div>
        )}
      </QueryState>
    </>
  );
}
