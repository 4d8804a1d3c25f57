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
  return {
    async call<N extends OperationName>(
      name: N,
      ...args: object extends OperationInput<N>
        ? [input?: OperationInput<N>]
        : [input: OperationInput<N>]
    ): Promise<OperationOutput<N>> {
      const headers: Record<string, string> = { "content-type": "application/json" };
      for (const [key, value] of Object.entries(options.headers?.() ?? {})) {
        if (value) headers[key] = value;
      }
      const response = await doFetch(`${options.baseUrl ?? ""}/api/${name}`, {
        method: "POST",
        headers,
        body: JSON.stringify(args[0] ?? {}),
        credentials: "same-origin",
      });
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
      return body as OperationOutput<N>;
    },
  };
}
