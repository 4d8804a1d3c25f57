import type { z } from "zod";
import type { OperationMap, OperationName } from "../registry.ts";

export type OperationInput<N extends OperationName> = z.input<OperationMap[N]["input"]>;
export type OperationOutput<N extends OperationName> = z.output<OperationMap[N]["output"]>;

/** An error answered by the API, with its stable code and the field at fault. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly field?: string,
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ClientOptions {
  /** Origin of the server, e.g. http://localhost:4000; empty for same-origin in the browser. */
  baseUrl?: string;
  /** Extra headers per call: Authorization, x-csrf-token, x-workspace-id. */
  headers?: () => Record<string, string | undefined>;
  /** Called with every response, e.g. to pick up a fresh CSRF token. */
  onResponse?: (response: Response) => void;
  fetch?: typeof fetch;
}

export type Client = ReturnType<typeof createClient>;

/**
 * The typed client of the operation registry, used by the web app and the CLI: one generic
 * `call`, its input and output types taken from each operation's zod schemas.
 */
export function createClient(options: ClientOptions = {}) {
  const doFetch = options.fetch ?? fetch;
  const client = {
    async call<N extends OperationName>(
      name: N,
      ...args: object extends OperationInput<N>
        ? [input?: OperationInput<N>]
        : [input: OperationInput<N>]
    ): Promise<OperationOutput<N>> {
      const response = await doFetch(`${options.baseUrl ?? ""}/api/${name}`, {
        method: "POST",
        headers: headersWith({ "content-type": "application/json" }),
        body: JSON.stringify(args[0] ?? {}),
        credentials: "same-origin",
      });
      return (await answer(name, response)) as OperationOutput<N>;
    },

    /**
     * Calls an operation that takes a file (`costs.import`): the file is the body, the input
     * goes in `?input=`. In Node, pass a web ReadableStream to send a large file without
     * holding it in memory.
     */
    async upload<N extends OperationName>(
      name: N,
      input: OperationInput<N>,
      file: { body: Blob | ReadableStream<Uint8Array>; name: string; progressId?: string },
    ): Promise<OperationOutput<N>> {
      const query = encodeURIComponent(JSON.stringify(input ?? {}));
      const response = await doFetch(`${options.baseUrl ?? ""}/api/${name}?input=${query}`, {
        method: "POST",
        headers: headersWith({
          "content-type": "application/octet-stream",
          "x-file-name": encodeURIComponent(file.name),
          // The server reports how far it is on /api/events, tagged with it.
          ...(file.progressId ? { "x-progress-id": file.progressId } : {}),
        }),
        body: file.body,
        credentials: "same-origin",
        // Node's fetch streams a ReadableStream body only in half-duplex mode.
        ...(file.body instanceof Blob ? {} : { duplex: "half" }),
      } as RequestInit);
      return (await answer(name, response)) as OperationOutput<N>;
    },
  };
  return client;

  function headersWith(base: Record<string, string>): Record<string, string> {
    const headers = { ...base };
    for (const [key, value] of Object.entries(options.headers?.() ?? {})) {
      if (value) headers[key] = value;
    }
    return headers;
  }

  async function answer(name: string, response: Response): Promise<unknown> {
    options.onResponse?.(response);
    const text = await response.text();
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (
        body as {
          error?: { code?: string; message?: string; field?: string; retryAfter?: number };
        }
      )?.error;
      throw new ApiError(
        error?.code ?? "internal",
        error?.message ?? `${name} failed with HTTP ${response.status}`,
        response.status,
        error?.field,
        error?.retryAfter,
      );
    }
    return body;
  }
}
