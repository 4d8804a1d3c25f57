import { CheckCircle2, FileUp, Loader2, X } from "lucide-react";
import { type DragEvent, useId, useState } from "react";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../components/ui/card.tsx";
import { Checkbox } from "../../components/ui/checkbox.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import { useFormat } from "../../lib/session.tsx";
import { cn } from "../../lib/utils.ts";
import { ImportResultSummary } from "./import-result.tsx";
import { formatBytes } from "./import-summary.ts";
import { uploadProgressView } from "./upload-progress.ts";
import { type UploadItem, useUploads } from "./use-uploads.ts";

const ACCEPT = ".csv,.gz,.zip,.parquet,.json,.jsonl,.ndjson";

function UploadRow({ item, onCancel }: { item: UploadItem; onCancel: () => void }) {
  const format = useFormat();
  const view = uploadProgressView(item, format.number);
  const canCancel = item.status === "queued" || item.status === "uploading";
  return (
    <li className="grid gap-2 px-6 py-4" data-testid="costs-upload-item">
      <div className="flex items-center gap-3">
        {item.status === "done" ? (
          <CheckCircle2 className="size-4 shrink-0 text-success" aria-hidden />
        ) : item.status === "uploading" || item.status === "importing" ? (
          <Loader2 className="size-4 shrink-0 animate-spin text-muted-foreground" aria-hidden />
        ) : (
          <FileUp className="size-4 shrink-0 text-muted-foreground" aria-hidden />
        )}
        <span className="min-w-0 truncate font-medium" title={item.name}>
          {item.name}
        </span>
        <span className="shrink-0 text-xs text-muted-foreground" data-testid="costs-upload-status">
          {formatBytes(item.bytes, format.locale)} · {view.status}
        </span>
        {canCancel && (
          <Button
            variant="ghost"
            size="icon-sm"
            className="ml-auto"
            onClick={onCancel}
            aria-label={`Cancel ${item.name}`}
          >
            <X aria-hidden />
          </Button>
        )}
      </div>
      {view.bar && (
        <div
          role="progressbar"
          aria-label={`${view.bar.label} of ${item.name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={view.bar.isPulsing ? undefined : view.bar.percent}
          aria-valuetext={view.status}
          className="h-1.5 overflow-hidden rounded-full bg-muted"
        >
          <div
            className={cn(
              "h-full rounded-full bg-primary transition-[width]",
              view.bar.isPulsing && "animate-pulse",
            )}
            style={{ width: `${view.bar.percent}%` }}
          />
        </div>
      )}
      {item.status === "failed" && (
        <Alert variant="destructive" title="Not imported" data-testid="costs-upload-error">
          {/* The server's message names the file, row and column at fault: shown as it is. */}
          <p className="break-words">{item.error}</p>
        </Alert>
      )}
      {item.result && <ImportResultSummary result={item.result} />}
    </li>
  );
}

/** Pick or drop billing files; each uploads with its own progress bar, then shows its result. */
export function UploadCard() {
  const toast = useToast();
  const inputId = useId();
  const format = useFormat();
  const [dragging, setDragging] = useState(false);
  const [asParts, setAsParts] = useState(false);
  const partsId = useId();
  const { items, add, cancel, clearFinished } = useUploads((result, name) =>
    toast({ title: `${name} imported`, description: `${format.number(result.rows)} rows` }),
  );
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const files = [...event.dataTransfer.files];
    if (files.length > 0) add(files, asParts);
  };
  const finished = items.some((i) => ["done", "failed", "cancelled"].includes(i.status));
  return (
    <Card>
      <CardHeader className="flex-nowrap">
        <div className="min-w-0">
          <CardTitle>Import billing files</CardTitle>
          <CardDescription>
            FOCUS, AWS CUR (CSV or Parquet), Azure cost details, GCP billing export, OCI and
            DigitalOcean. A file replaces what earlier imports held for the same account and billing
            period.
          </CardDescription>
        </div>
        {finished && (
          <Button variant="ghost" size="sm" onClick={clearFinished}>
            Clear finished
          </Button>
        )}
      </CardHeader>
      <CardContent className={cn(items.length > 0 && "pb-4")}>
        <label
          htmlFor={inputId}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={cn(
            "flex cursor-pointer flex-col items-center justify-center gap-2 rounded-lg border border-dashed px-6 py-8 text-center text-sm transition-colors hover:bg-muted/50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring",
            dragging && "border-foreground/40 bg-muted/60",
          )}
        >
          <FileUp className="size-6 text-muted-foreground" aria-hidden />
          <span className="font-medium">Drop files here or choose them</span>
          <span className="text-xs text-muted-foreground">
            .csv, .csv.gz, .zip, .parquet or .jsonl — several at once is fine
          </span>
          <input
            id={inputId}
            type="file"
            multiple
            accept={ACCEPT}
            className="sr-only"
            data-testid="costs-upload-input"
            onChange={(event) => {
              const files = [...(event.target.files ?? [])];
              if (files.length > 0) add(files, asParts);
              // The same file can be chosen again after a fix.
              event.target.value = "";
            }}
          />
        </label>
        <div className="mt-3 flex items-start gap-2 text-sm">
          <Checkbox
            id={partsId}
            checked={asParts}
            onCheckedChange={(value) => setAsParts(value === true)}
            className="mt-0.5"
          />
          <label htmlFor={partsId} className="text-muted-foreground">
            The files I add together are parts of one export (a month delivered as several files):
            they add up instead of replacing one another.
          </label>
        </div>
      </CardContent>
      {items.length > 0 && (
        <ul className="divide-y border-t" aria-label="Uploads">
          {items.map((item) => (
            <UploadRow key={item.id} item={item} onCancel={() => cancel(item.id)} />
          ))}
        </ul>
      )}
    </Card>
  );
}
