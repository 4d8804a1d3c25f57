import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { ApiError, createClient } from "../server/adapters/client.ts";
import { loadConfig } from "../server/platform/config.ts";
import { readLock } from "../server/platform/db/lock.ts";
import { AppError } from "../server/platform/errors.ts";
import { createLogger } from "../server/platform/logger.ts";
import type { Actor, Progress } from "../server/platform/operations/define.ts";
import type { OperationName } from "../server/registry.ts";
import { createRuntime, loadLocalKey } from "../server/runtime.ts";
import { openProgressStream } from "./progress-stream.ts";

export interface GlobalOptions {
  workspace?: string;
  url?: string;
  token?: string;
}

/** One way for every command to run an operation, wherever the data lives. */
export interface Connection {
  /** "api" when a running server owns the data, "local" when the CLI opened it itself. */
  mode: "api" | "local" | "remote";
  call(name: OperationName, input?: unknown): Promise<unknown>;
  /**
   * Runs an operation that takes a file; progress counts bytes sent, then (over the server's
   * /api/events, or here when local) the file's bytes processed.
   */
  upload(
    name: OperationName,
    input: unknown,
    filePath: string,
    onProgress: (progress: Progress) => void,
  ): Promise<unknown>;
  close(): Promise<void>;
}

function apiConnection(
  mode: "api" | "remote",
  baseUrl: string,
  bearer: string,
  workspace?: string,
): Connection {
  const client = createClient({
    baseUrl,
    headers: () => ({ authorization: `Bearer ${bearer}`, "x-workspace-id": workspace }),
  });
  return {
    mode,
    call: (name, input) =>
      (client.call as (n: string, i?: unknown) => Promise<unknown>)(name, input),
    async upload(name, input, filePath, onProgress) {
      const { size } = await stat(filePath);
      // Once the server reports how far it is with the file, bytes sent are old news.
      let isProcessing = false;
      const progress = await openProgressStream(baseUrl, bearer, workspace, (report) => {
        isProcessing = true;
        onProgress(report);
      });
      let sent = 0;
      const stream = createReadStream(filePath);
      stream.on("data", (chunk) => {
        sent += chunk.length;
        if (!isProcessing)
          onProgress({ done: sent, total: size, unit: "bytes", detail: "uploading" });
      });
      const body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
      try {
        return await (client.upload as (n: string, i: unknown, f: unknown) => Promise<unknown>)(
          name,
          input,
          { body, name: path.basename(filePath), progressId: progress.progressId },
        );
      } finally {
        progress.close();
      }
    },
    close: async () => {},
  };
}

/**
 * Remote server (--url/--token), else the running server that holds the data dir (through its
 * API with the local key), else the database opened here. The CLI acts as "system" locally.
 */
export async function connect(options: GlobalOptions): Promise<Connection> {
  const url = options.url ?? process.env.GLASSPANE_URL;
  const token = options.token ?? process.env.GLASSPANE_TOKEN;
  if (url) {
    if (!token)
      throw new AppError(
        "unauthenticated",
        "--url needs an API token: pass --token or set GLASSPANE_TOKEN",
      );
    return apiConnection("remote", url, token, options.workspace);
  }
  const config = loadConfig();
  if (!config.databaseUrl) {
    const holder = readLock(config.dataDir);
    if (holder && holder.pid !== process.pid) {
      const key = loadLocalKey(config.dataDir, false);
      if (!holder.url || !key) {
        throw new AppError(
          "unavailable",
          `A Glass Pane server (pid ${holder.pid}) is starting on this data dir; try again in a moment`,
        );
      }
      return apiConnection("api", holder.url, key, options.workspace);
    }
  }
  const runtime = await createRuntime(config, createLogger(process.env.LOG_LEVEL ?? "warn"));
  const actor: Actor = { type: "system", label: "cli (local)" };
  return {
    mode: "local",
    call: (name, input) => runtime.call(name, input, { actor, workspaceId: options.workspace }),
    async upload(name, input, filePath, onProgress) {
      const { size } = await stat(filePath);
      const upload = { path: filePath, name: path.basename(filePath), bytes: size };
      return runtime.call(name, input, {
        actor,
        workspaceId: options.workspace,
        upload,
        onProgress,
      });
    },
    close: () => runtime.close(),
  };
}

/** One line for a person: what went wrong and, where known, the field. */
export function describeError(error: unknown): string {
  if (error instanceof AppError || error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
