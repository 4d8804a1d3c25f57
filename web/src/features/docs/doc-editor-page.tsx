import { useEffect, useRef, useState } from "react";
import { Link, useBlocker, useNavigate, useParams } from "react-router";
import { describedBy, FormField } from "../../components/form-field.tsx";
import { Markdown } from "../../components/markdown.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Input, inputClass, Textarea } from "../../components/ui/input.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import { call, errorMessage, isApiError } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { cn } from "../../lib/utils.ts";
import { type DocKind, KIND_LABELS } from "./doc-kinds.ts";
import type { PageDetail } from "./doc-page.tsx";

const PREVIEW_DELAY_MS = 250;
const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** The text as it was a moment ago: the preview redraws (and re-runs Mermaid) after a pause. */
function useSettled<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

function Editor({ page: latest }: { page: PageDetail }) {
  // The page as the edit started; `latest` follows other people's saves (realtime refetch).
  const [page] = useState(latest);
  const [title, setTitle] = useState(page.title);
  const [body, setBody] = useState(page.body);
  const [kind, setKind] = useState<DocKind>(page.kind);
  const [baseVersion, setBaseVersion] = useState(page.currentVersion);
  const save = useOperationMutation("docs.update");
  const navigate = useNavigate();
  const toast = useToast();
  const preview = useSettled(body, PREVIEW_DELAY_MS);
  const leaving = useRef(false);
  const isDirty = title !== page.title || body !== page.body || kind !== page.kind;
  const conflict = isApiError(save.error, "conflict") ? save.error : undefined;
  const titleError =
    isApiError(save.error, "invalid_input") && save.error.field === "title"
      ? errorMessage(save.error)
      : undefined;

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      isDirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (window.confirm("Leave without saving? Your changes will be lost.")) blocker.proceed();
    else blocker.reset();
  }, [blocker]);
  useEffect(() => {
    if (!isDirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [isDirty]);

  const submit = async (base = baseVersion) => {
    if (save.isPending) return;
    const saved = await save.mutateAsync({ id: page.id, baseVersion: base, title, body, kind });
    leaving.current = true;
    toast({
      title:
        saved.currentVersion === base
          ? "Nothing changed"
          : `Saved as version ${saved.currentVersion}`,
    });
    navigate(`/docs/${page.id}`);
  };
  const submitRef = useRef(submit);
  submitRef.current = submit;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void submitRef.current().catch(() => {});
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  /** Saves over the other person's version on purpose: theirs stays in the history. */
  const saveOverTheirs = async () => {
    const latest = await call("docs.get", { id: page.id });
    setBaseVersion(latest.currentVersion);
    await submit(latest.currentVersion);
  };

  return (
    <form
      className="grid gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        void submit().catch(() => {});
      }}
      data-testid="doc-editor"
    >
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <p className="text-sm text-muted-foreground">
            Editing version {baseVersion} ·{" "}
            <kbd className="rounded border px-1 text-xs">{isMac ? "⌘" : "Ctrl"}+S</kbd> saves
          </p>
          <h1 className="truncate text-2xl font-semibold tracking-tight">{title || "Untitled"}</h1>
        </div>
        <div className="flex gap-2">
          <Button asChild variant="outline">
            <Link to={`/docs/${page.id}`}>Cancel</Link>
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="doc-save">
            Save
          </Button>
        </div>
      </header>
      {conflict && (
        <Alert
          variant="destructive"
          title="Someone else saved this page"
          data-testid="doc-conflict"
        >
          <p>{conflict.message}</p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button asChild size="sm" variant="outline" className="text-foreground">
              <a href={`/docs/${page.id}`} target="_blank" rel="noreferrer">
                Open their version in a new tab
              </a>
            </Button>
            <Button
              size="sm"
              variant="destructive"
              onClick={() => void saveOverTheirs().catch(() => {})}
            >
              Save mine over theirs
            </Button>
          </div>
        </Alert>
      )}
      {!conflict && latest.currentVersion > baseVersion && (
        <Alert
          variant="warning"
          title="This page changed while you were editing"
          data-testid="doc-stale"
        >
          {latest.updatedBy?.name ?? "Someone"} saved version {latest.currentVersion}. Saving now
          will be refused so their changes are not lost; copy yours first if you need to.
        </Alert>
      )}
      {save.isError && !conflict && !titleError && (
        <Alert variant="destructive">{errorMessage(save.error)}</Alert>
      )}
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_14rem]">
        <FormField id="doc-title" label="Title" error={titleError}>
          <Input
            id="doc-title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            aria-invalid={Boolean(titleError)}
            aria-describedby={describedBy("doc-title", titleError)}
            required
          />
        </FormField>
        <FormField id="doc-kind" label="Kind">
          <select
            id="doc-kind"
            className={inputClass}
            value={kind}
            onChange={(e) => setKind(e.target.value as DocKind)}
          >
            {(Object.keys(KIND_LABELS) as DocKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </FormField>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="grid content-start gap-2">
          <label htmlFor="doc-body" className="text-sm font-medium">
            Markdown
          </label>
          <Textarea
            id="doc-body"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            spellCheck
            className="min-h-[65vh] resize-y font-mono text-[13px] leading-relaxed"
            data-testid="doc-body"
          />
        </div>
        <div className="grid content-start gap-2">
          <span className="text-sm font-medium">Preview</span>
          <div
            className={cn(
              "min-h-[65vh] overflow-auto rounded-md border p-4",
              preview !== body && "opacity-90",
            )}
            data-testid="doc-preview"
          >
            <Markdown source={preview} />
          </div>
        </div>
      </div>
    </form>
  );
}

/** /docs/:pageId/edit — Markdown on the left, the page as it will look on the right. */
export function DocEditorPage() {
  const { pageId } = useParams();
  const page = useOperation("docs.get", { id: pageId! });
  return <QueryState query={page}>{(data) => <Editor key={data.id} page={data} />}</QueryState>;
}
