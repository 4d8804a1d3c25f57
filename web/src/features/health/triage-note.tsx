import { Sparkles } from "lucide-react";
import { Link } from "react-router";
import { Alert } from "../../components/ui/alert.tsx";
import { Card } from "../../components/ui/card.tsx";
import { useOperation } from "../../lib/operations.ts";
import { useFormat } from "../../lib/session.tsx";

/**
 * The AI triage note of an incident, labelled as the model's opinion; the related changes and
 * the runbook beside it were found by the server, not the model.
 */
export function TriageNote({ incidentId }: { incidentId: string }) {
  const fmt = useFormat();
  const triage = useOperation(
    "incidents.triage",
    { id: incidentId },
    { refetchInterval: (q) => (q.state.data?.note?.status === "pending" ? 2_000 : false) },
  );
  const data = triage.data;
  if (!data) return null;
  const note = data.note;
  if (!note)
    return (
      <Alert title="No AI triage note" data-testid="triage-none">
        {data.modelConfigured
          ? "This incident opened before a model was configured."
          : "Incidents get a triage note (summary, likely cause, related changes, runbook) when an AI model is configured in Settings → AI."}
      </Alert>
    );
  return (
    <Card className="space-y-3 p-4" data-testid="triage-note">
      <h3 className="flex items-center gap-2 font-medium">
        <Sparkles className="size-4" aria-hidden /> AI triage
        <span className="ml-auto text-xs font-normal text-muted-foreground">
          {note.model} · {note.inputTokens + note.outputTokens} tokens
        </span>
      </h3>
      {note.status === "pending" && <p className="text-sm text-muted-foreground">Writing…</p>}
      {note.status === "failed" && <Alert variant="warning">{note.error}</Alert>}
      {note.summary && <p className="text-sm">{note.summary}</p>}
      {note.likelyCause && (
        <p className="text-sm">
          <strong>Likely cause (the model's reading): </strong>
          {note.likelyCause}
        </p>
      )}
      {note.nextSteps.length > 0 && (
        <ol className="list-decimal space-y-1 pl-5 text-sm">
          {note.nextSteps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      )}
      {note.runbook && (
        <p className="text-sm">
          Runbook:{" "}
          <Link className="underline" to={`/docs/${note.runbook.id}`}>
            {note.runbook.title}
          </Link>
        </p>
      )}
      {note.relatedChanges.length > 0 && (
        <div className="text-sm">
          <p className="text-muted-foreground">Inventory changes in the day before:</p>
          <ul className="space-y-0.5">
            {note.relatedChanges.slice(0, 10).map((c) => (
              <li key={`${c.at}-${c.resource}`}>
                {fmt.dateTime(c.at)} · {c.kind} {c.resource}
                {c.detail && <span className="text-muted-foreground"> ({c.detail})</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}
