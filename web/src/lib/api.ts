import {
  ApiError,
  createClient,
  type OperationInput,
  type OperationOutput,
} from "../../../server/adapters/client.ts";
import type { OperationName } from "../../../server/registry.ts";

export type { OperationInput, OperationName, OperationOutput };
export { ApiError };

const CSRF_HEADER = "x-csrf-token";
const WORKSPACE_HEADER = "x-workspace-id";

/**
 * What every call carries. The CSRF token comes back on every response to a cookie-authenticated
 * request; the workspace is the one picked in the switcher.
 */
const state: { csrfToken?: string; workspaceId?: string } = {};
let primed: Promise<void> | undefined;

export function setWorkspaceHeader(workspaceId: string | undefined): void {
  state.workspaceId = workspaceId;
}

export function clearCsrfToken(): void {
  state.csrfToken = undefined;
  primed = undefined;
}

function pickUpCsrf(response: Response): void {
  const token = response.headers.get(CSRF_HEADER);
  if (token) state.csrfToken = token;
}

/**
 * Learns the session's CSRF token before the first POST of a page load (or of a new session):
 * a GET of a public read carries none of the CSRF risk, and its response names the token when
 * a session cookie came along. Without a session there is no token, and none is needed.
 */
function primeCsrf(): Promise<void> {
  primed ??= fetch("/api/system.status", { method: "GET", credentials: "same-origin" })
    .then(async (response) => {
      pickUpCsrf(response);
      await response.text(); // drain it, so the connection is free again
    })
    .catch(() => undefined);
  return primed;
}

const client = createClient({
  headers: () => ({ [CSRF_HEADER]: state.csrfToken, [WORKSPACE_HEADER]: state.workspaceId }),
  onResponse: pickUpCsrf,
});

// The client's rest-tuple signature cannot be resolved for a generic operation name, so the
// generic wrapper below calls through this loosely typed view and restores the types itself.
const callLoose = client.call as (name: string, input?: unknown) => Promise<unknown>;

/**
 * Calls an operation. A csrf_failed answer is retried once: the failed response already carried
 * the session's current token (e.g. a session that started in another tab).
 */
export async function call<N extends OperationName>(
  name: N,
  input?: OperationInput<N>,
): Promise<OperationOutput<N>> {
  if (!state.csrfToken) await primeCsrf();
  try {
    return (await callLoose(name, input)) as OperationOutput<N>;
  } catch (error) {
    if (error instanceof ApiError && error.code === "csrf_failed" && state.csrfToken) {
      return (await callLoose(name, input)) as OperationOutput<N>;
    }
    throw error;
  }
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  /** Bytes sent so far. */
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
  /** The server tags the call's progress events on /api/events with it (progress-events.ts). */
  progressId?: string;
}

function sendUpload(
  name: OperationName,
  input: unknown,
  file: File,
  { onProgress, signal, progressId }: UploadOptions,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = encodeURIComponent(JSON.stringify(input ?? {}));
    xhr.open("POST", `/api/${name}?input=${query}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
    if (state.csrfToken) xhr.setRequestHeader(CSRF_HEADER, state.csrfToken);
    if (state.workspaceId) xhr.setRequestHeader(WORKSPACE_HEADER, state.workspaceId);
    if (progressId) xhr.setRequestHeader("x-progress-id", progressId);
    xhr.upload.onprogress = (event) =>
      onProgress?.({
        loaded: event.loaded,
        total: event.lengthComputable ? event.total : file.size,
      });
    xhr.onload = () => {
      const token = xhr.getResponseHeader(CSRF_HEADER);
      if (token) state.csrfToken = token;
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body);
      const error = (body as { error?: { code?: string; message?: string; field?: string } })
        ?.error;
      reject(
        new ApiError(
          error?.code ?? "internal",
          error?.message ?? `${name} failed with HTTP ${xhr.status}`,
          xhr.status,
          error?.field,
        ),
      );
    };
    // Same message as a failed fetch: errorMessage() says the server cannot be reached.
    xhr.onerror = () => reject(new TypeError("Network request failed"));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/**
 * Calls an upload operation (`costs.import`) with the file as the body, reporting upload
 * progress: fetch cannot, so this one uses XMLHttpRequest with the same headers as `call`.
 * What the server does with the file afterwards arrives over /api/events (`progressId`).
 */
export async function uploadFile<N extends OperationName>(
  name: N,
  input: OperationInput<N>,
  file: File,
  options: UploadOptions = {},
): Promise<OperationOutput<N>> {
  if (!state.csrfToken) await primeCsrf();
  const send = () => sendUpload(name, input, file, options);
  try {
    return (await send()) as OperationOutput<N>;
  } catch (error) {
    // As in `call`: the refusal carried the session's current token, so one retry suffices.
    if (error instanceof ApiError && error.code === "csrf_failed" && state.csrfToken) {
      return (await send()) as OperationOutput<N>;
    }
    throw error;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** A message a person can act on, for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError)
    return "Cannot reach the Glass Pane server. Check your connection.";
  if (error instanceof Error) return error.message;
  return "Something went wrong";
}
