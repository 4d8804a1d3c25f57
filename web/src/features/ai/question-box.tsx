import { useMutation } from "@tanstack/react-query";
import { Play, Sparkles, X } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Input, inputClass } from "../../components/ui/input.tsx";
import { type ApiError, call, type OperationOutput } from "../../lib/api.ts";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";

type Translation = OperationOutput<"ai.translateQuery">;
export type QueryTarget = Translation["target"];

const PLACEHOLDERS: Record<QueryTarget, string> = {
  logs: "Ask: errors from the api service in the last hour",
  inventory: "Ask: untagged EC2 in eu-west-1",
  costs: "Ask: what grew most last week",
};

/**
 * A question box over a page's filters: the workspace's model turns the sentence into the
 * page's query, shown as editable JSON; nothing runs until the person presses Run.
 */
export function QuestionBox(props: {
  target: QueryTarget;
  /** The page's current filters, so a question can refine them. */
  context?: Record<string, unknown>;
  onRun: (query: Record<string, unknown>) => void;
}) {
  const { role } = useSession();
  const settings = useOperation("ai.settings.get", {});
  const [draft, setDraft] = useState("");
  const [result, setResult] = useState<Translation | null>(null);
  const [json, setJson] = useState("");
  const [jsonError, setJsonError] = useState<string | null>(null);
  const translate = useMutation<Translation, ApiError, string>({
    mutationFn: (question) =>
      call("ai.translateQuery", {
        target: props.target,
        question,
        now: new Date().toISOString(),
        ...(props.context ? { context: props.context } : {}),
      }),
    onSuccess: (data) => {
      setResult(data);
      setJson(JSON.stringify(data.query, null, 2));
      setJsonError(null);
    },
  });

  if (settings.data && !settings.data.configured)
    return (
      <Alert title="Ask in plain words" data-testid="question-box-unconfigured">
        Question boxes turn a sentence into this page's filters with the workspace's AI model, and
        no model is configured.{" "}
        {can(role, "ai:manage") ? (
          <Link className="underline" to="/settings/ai">
            Configure a model in Settings → AI
          </Link>
        ) : (
          "Ask an owner or admin to configure one in Settings → AI."
        )}
      </Alert>
    );

  const onAsk = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim().length >= 3) translate.mutate(draft.trim());
  };
  const onRun = () => {
    try {
      const query = JSON.parse(json) as unknown;
      if (!query || typeof query !== "object" || Array.isArray(query))
        throw new Error("the query must be a JSON object");
      props.onRun(query as Record<string, unknown>);
      setResult(null);
    } catch (error) {
      setJsonError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <div className="grid gap-2" data-testid="question-box">
      <form className="flex gap-2" onSubmit={onAsk} aria-label="Ask in plain words">
        <Input
          aria-label="Question"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder={PLACEHOLDERS[props.target]}
          data-testid="question-input"
        />
        <Button type="submit" variant="outline" disabled={translate.isPending}>
          <Sparkles aria-hidden /> {translate.isPending ? "Translating…" : "Translate"}
        </Button>
      </form>
      {translate.isError && (
        <Alert variant="destructive" data-testid="question-error">
          {translate.error.message}
        </Alert>
      )}
      {result && (
        <div className="grid gap-2 rounded-lg border p-3" data-testid="question-result">
          <p className="text-sm">{result.explanation}</p>
          <label className="grid gap-1 text-sm">
            <span className="text-muted-foreground">
              Query ({result.operation}) — edit before running
            </span>
            <textarea
              className={`${inputClass} h-32 font-mono text-xs`}
              value={json}
              onChange={(e) => setJson(e.target.value)}
              data-testid="question-query"
            />
          </label>
          {jsonError && <p className="text-sm text-destructive">{jsonError}</p>}
          <div className="flex gap-2">
            <Button type="button" onClick={onRun} data-testid="question-run">
              <Play aria-hidden /> Run
            </Button>
            <Button type="button" variant="ghost" onClick={() => setResult(null)}>
              <X aria-hidden /> Discard
            </Button>
            <span className="ml-auto self-center text-xs text-muted-foreground">
              {result.model} · {result.usage.inputTokens + result.usage.outputTokens} tokens
            </span>
          </div>
        </div>
      )}
    </div>
  );
}
