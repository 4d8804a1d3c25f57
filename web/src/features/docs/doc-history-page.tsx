import { ArrowLeft, RotateCcw } from "lucide-react";
import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { FormField } from "../../components/form-field.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { inputClass } from "../../components/ui/input.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { cn } from "../../lib/utils.ts";
import { DiffView } from "./diff-view.tsx";
import { Breadcrumbs } from "./doc-page.tsx";

type Version = OperationOutput<"docs.versions">[number];

function Comparison({ pageId, from, to }: { pageId: string; from: number; to: number }) {
  const diff = useOperation("docs.diff", { id: pageId, from, to });
  return <QueryState query={diff}>{(data) => <DiffView diff={data} />}</QueryState>;
}

function VersionList(props: {
  pageId: string;
  versions: Version[];
  selected: { from: number; to: number };
  onCompare: (from: number, to: number) => void;
}) {
  const { pageId, versions, selected, onCompare } = props;
  const { role, format } = useSession();
  const canWrite = can(role, "docs:write");
  const restore = useOperationMutation("docs.restore");
  const [restoring, setRestoring] = useState<number | null>(null);
  const toast = useToast();
  const current = versions.find((v) => v.isCurrent)?.version ?? 0;
  return (
    <ol className="grid gap-1" aria-label="Versions" data-testid="doc-versions">
      {versions.map((v) => (
        <li
          key={v.version}
          data-testid="doc-version"
          data-version={v.version}
          className={cn(
            "grid gap-1 rounded-md border px-3 py-2 text-sm",
            v.version === selected.to && "border-primary",
          )}
        >
          <div className="flex items-center gap-2">
            <span className="font-medium">Version {v.version}</span>
            {v.isCurrent && <Badge variant="success">Current</Badge>}
          </div>
          <p className="text-xs text-muted-foreground">
            {format.dateTime(v.createdAt)}
            {v.author ? ` · ${v.author.name}` : ""}
          </p>
          <div className="flex flex-wrap gap-1">
            <Button asChild size="sm" variant="ghost">
              <Link to={`/docs/${pageId}?version=${v.version}`}>View</Link>
            </Button>
            {v.version > 1 && (
              <Button size="sm" variant="ghost" onClick={() => onCompare(v.version - 1, v.version)}>
                Changes
              </Button>
            )}
            {canWrite && !v.isCurrent && (
              <Button
                size="sm"
                variant="ghost"
                onClick={() => setRestoring(v.version)}
                data-testid={`restore-${v.version}`}
              >
                <RotateCcw aria-hidden /> Restore
              </Button>
            )}
          </div>
        </li>
      ))}
      <ConfirmDialog
        open={restoring !== null}
        onOpenChange={(open) => !open && setRestoring(null)}
        title={`Restore version ${restoring}?`}
        description={`Its title and text become version ${current + 1}. Nothing is lost: every version stays in the history.`}
        confirmLabel="Restore"
        onConfirm={async () => {
          const page = await restore.mutateAsync({ id: pageId, version: restoring! });
          toast({ title: `Version ${restoring} restored as version ${page.currentVersion}` });
          onCompare(restoring!, page.currentVersion);
        }}
      />
    </ol>
  );
}

function VersionSelect(props: {
  id: string;
  label: string;
  value: number;
  versions: Version[];
  onChange: (v: number) => void;
}) {
  return (
    <FormField id={props.id} label={props.label}>
      <select
        id={props.id}
        className={inputClass}
        value={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))}
      >
        {props.versions.map((v) => (
          <option key={v.version} value={v.version}>
            Version {v.version}
            {v.author ? ` — ${v.author.name}` : ""}
          </option>
        ))}
      </select>
    </FormField>
  );
}

/** /docs/:pageId/history — every version, a diff between any two, and restore. */
export function DocHistoryPage() {
  const { pageId } = useParams();
  const page = useOperation("docs.get", { id: pageId! });
  const versions = useOperation("docs.versions", { id: pageId! });
  const [params, setParams] = useSearchParams();
  const compare = (from: number, to: number) =>
    setParams({ from: String(from), to: String(to) }, { replace: true });
  return (
    <QueryState query={page}>
      {(doc) => (
        <div>
          <Breadcrumbs page={doc} />
          <header className="mb-6 flex flex-wrap items-end justify-between gap-4">
            <h1 className="text-2xl font-semibold tracking-tight">History of “{doc.title}”</h1>
            <Button asChild variant="outline">
              <Link to={`/docs/${doc.id}`}>
                <ArrowLeft aria-hidden /> Back to the page
              </Link>
            </Button>
          </header>
          <QueryState query={versions}>
            {(list) => {
              const to = Number(params.get("to")) || doc.currentVersion;
              const from = Number(params.get("from")) || Math.max(1, to - 1);
              return (
                <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_15rem]">
                  <Card>
                    <CardHeader>
                      <CardTitle>Changes</CardTitle>
                    </CardHeader>
                    <CardContent className="grid gap-4">
                      <div className="grid gap-3 sm:grid-cols-2">
                        <VersionSelect
                          id="diff-from"
                          label="From"
                          value={from}
                          versions={list}
                          onChange={(v) => compare(v, to)}
                        />
                        <VersionSelect
                          id="diff-to"
                          label="To"
                          value={to}
                          versions={list}
                          onChange={(v) => compare(from, v)}
                        />
                      </div>
                      <Comparison pageId={doc.id} from={from} to={to} />
                    </CardContent>
                  </Card>
                  <VersionList
                    pageId={doc.id}
                    versions={list}
                    selected={{ from, to }}
                    onCompare={compare}
                  />
                </div>
              );
            }}
          </QueryState>
        </div>
      )}
    </QueryState>
  );
}
