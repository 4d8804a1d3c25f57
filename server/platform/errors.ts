/**
 * Typed errors with stable codes. Services throw these; the edges (HTTP, CLI, agent) map them
 * once to a status and a message a person can act on.
 */
export type ErrorCode =
  | "invalid_input"
  | "invalid_json"
  | "unauthenticated"
  | "forbidden"
  | "csrf_failed"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "rate_limited"
  | "payload_too_large"
  | "unavailable"
  | "internal";

const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  invalid_json: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export interface AppErrorDetails {
  /** Dotted path of the input field at fault, for invalid_input. */
  field?: string;
  /** Seconds until a rate-limited caller may retry. */
  retryAfter?: number;
  /** For a refused file: which file, data row (1-based) and column. */
  file?: string;
  row?: number;
  column?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: AppErrorDetails;

  constructor(code: ErrorCode, message: string, details: AppErrorDetails = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}

export const invalid = (field: string, message: string) =>
  new AppError("invalid_input", `${field}: ${message}`, { field });
export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
export const forbidden = (message = "You do not have permission to do this") =>
  new AppError("forbidden", message);
export const conflict = (message: string) => new AppError("conflict", message);
export const unauthenticated = (message = "Sign in or send an API token to continue") =>
  new AppError("unauthenticated", message);

/** A configuration problem found at start-up: printed as one line, then exit non-zero. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}
