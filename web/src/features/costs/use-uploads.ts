import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage, type OperationOutput, uploadFile } from "../../lib/api.ts";
import { newProgressId, onProgressOf } from "../../lib/progress-events.ts";
import { keys } from "../../lib/query.ts";
import { useSession } from "../../lib/session.tsx";

export type ImportResult = OperationOutput<"costs.import">;

export interface ProcessedProgress {
  /** reading (rows are read, checked and stored), replacing (earlier periods), rollups */
  phase?: string;
  rows: number;
  /** Bytes of the file read so far (as stored: compressed for .gz), of `total`. */
  done: number;
  total: number;
}

export interface UploadItem {
  id: number;
  name: string;
  bytes: number;
  /** queued → uploading → importing (the server reads the file) → done | failed | cancelled */
  status: "queued" | "uploading" | "importing" | "done" | "failed" | "cancelled";
  sent: number;
  /** How far the server is with the file, once it reports (over /api/events). */
  processed?: ProcessedProgress;
  result?: ImportResult;
  error?: string;
}

interface Job {
  id: number;
  file: File;
  controller: AbortController;
  /** Files added together as parts of one export: the imports of those done so far. */
  parts?: string[];
}

let nextId = 1;
const isActive = (item: UploadItem) =>
  item.status === "queued" || item.status === "uploading" || item.status === "importing";

/**
 * Billing files sent to costs.import one after another (each import is all or nothing and
 * heavy on the server), with the bytes sent so far for each, then how far the server is with it.
 */
export function useUploads(onImported: (result: ImportResult, name: string) => void) {
  const queryClient = useQueryClient();
  const { workspace } = useSession();
  const [items, setItems] = useState<UploadItem[]>([]);
  const queue = useRef<Job[]>([]);
  const current = useRef<Job | undefined>(undefined);
  const imported = useRef(onImported);
  imported.current = onImported;

  const patch = useCallback((id: number, change: Partial<UploadItem>) => {
    setItems((all) => all.map((item) => (item.id === id ? { ...item, ...change } : item)));
  }, []);

  const pump = useCallback(async () => {
    if (current.current) return;
    for (let job = queue.current.shift(); job; job = queue.current.shift()) {
      current.current = job;
      const { id, file, controller, parts } = job;
      patch(id, { status: "uploading" });
      const progressId = newProgressId();
      // Subscribed before the first byte goes: the server reports as soon as the body is in.
      const stopListening = onProgressOf(progressId, ({ phase, rows = 0, done, total }) =>
        patch(id, { status: "importing", processed: { phase, rows, done, total } }),
      );
      try {
        const input = parts ? { alongside: [...parts] } : {};
        const result = await uploadFile("costs.import", input, file, {
          signal: controller.signal,
          progressId,
          onProgress: ({ loaded, total }) =>
            setItems((all) =>
              all.map((item) =>
                // A late upload event must not send a file back from processing to uploading.
                item.id === id && !item.processed
                  ? { ...item, sent: loaded, status: loaded >= total ? "importing" : "uploading" }
                  : item,
              ),
            ),
        });
        parts?.push(result.id);
        patch(id, { status: "done", sent: file.size, result });
        imported.current(result, file.name);
      } catch (error) {
        const cancelled = controller.signal.aborted;
        patch(id, {
          status: cancelled ? "cancelled" : "failed",
          error: cancelled ? undefined : errorMessage(error),
        });
      } finally {
        stopListening();
      }
      if (workspace)
        await queryClient.invalidateQueries({ queryKey: keys.workspace(workspace.id) });
    }
    current.current = undefined;
  }, [patch, queryClient, workspace]);

  /** `asParts`: the files are parts of one export, whose periods add up rather than replace. */
  const add = useCallback(
    (files: File[], asParts = false) => {
      const parts: string[] | undefined = asParts ? [] : undefined;
      const jobs = files.map((file) => ({
        id: nextId++,
        file,
        controller: new AbortController(),
        parts,
      }));
      setItems((all) => [
        ...jobs.map((j) => ({
          id: j.id,
          name: j.file.name,
          bytes: j.file.size,
          status: "queued" as const,
          sent: 0,
        })),
        ...all,
      ]);
      queue.current.push(...jobs);
      void pump();
    },
    [pump],
  );

  /** Stops a file that is queued or still uploading; an import under way runs to its end. */
  const cancel = useCallback(
    (id: number) => {
      const queued = queue.current.findIndex((j) => j.id === id);
      if (queued >= 0) {
        queue.current.splice(queued, 1);
        patch(id, { status: "cancelled" });
      } else if (current.current?.id === id) current.current.controller.abort();
    },
    [patch],
  );

  const clearFinished = useCallback(() => setItems((all) => all.filter(isActive)), []);

  // Leaving the page would drop an upload half-way: the browser asks first.
  const busy = items.some(isActive);
  useEffect(() => {
    if (!busy) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [busy]);

  return { items, add, cancel, clearFinished };
}
