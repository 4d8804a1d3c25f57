/** What the client libraries throw: gax's GoogleError (gRPC code + HTTP status) or storage's ApiError. */
interface SdkError {
  message?: string;
  code?: number | string;
  statusCode?: number;
  status?: number | string;
  reason?: string;
}

/** gax keeps only the gRPC code of a REST error (google.rpc.Code); its HTTP status, per AIP-193. */
const HTTP_OF_GRPC: Record<number, number> = {
  3: 400, // INVALID_ARGUMENT
  4: 504, // DEADLINE_EXCEEDED
  5: 404, // NOT_FOUND
  7: 403, // PERMISSION_DENIED
  8: 429, // RESOURCE_EXHAUSTED
  9: 400, // FAILED_PRECONDITION
  12: 501, // UNIMPLEMENTED
  13: 500, // INTERNAL
  14: 503, // UNAVAILABLE
  16: 401, // UNAUTHENTICATED
};

const HINTS: Record<number, string> = {
  401: " Check that the key is current (not deleted or disabled).",
  403: " Grant the service account the roles the wizard shows (or enable the API) on the project.",
};

/**
 * An SDK error in one line a user can act on: "Google Cloud answered 403: Required
 * 'compute.instances.list' permission…" plus a hint. gax's error keeps the HTTP status as
 * only as its gRPC `code`; storage's keeps it as `code`. Errors without a status
 * (ours, network failures) pass unchanged. `hints` say what to grant (the reader's by default).
 */
export function withGoogleMessage(error: unknown, hints = HINTS): unknown {
  if (!error || typeof error !== "object") return error;
  const e = error as SdkError;
  const status =
    typeof e.statusCode === "number"
      ? e.statusCode
      : typeof e.status === "number"
        ? e.status
        : typeof e.code === "number"
          ? e.code >= 100
            ? e.code
            : (HTTP_OF_GRPC[e.code] ?? null)
          : null;
  if (!status || !e.message || e.message.startsWith("Google")) return error;
  const message = e.message.replace(/^\d+ [A-Z_]+: /, "");
  return Object.assign(
    new Error(`Google Cloud answered ${status}: ${message}${hints[status] ?? ""}`, {
      cause: error,
    }),
    { statusCode: status },
  );
}

/** Storage's ApiError carries the HTTP status as `code`; the shared retry reads `status`. */
export function withStorageStatus(error: unknown): unknown {
  if (error && typeof error === "object" && typeof (error as { code?: unknown }).code === "number")
    return Object.assign(error, { status: (error as { code: number }).code });
  return error;
}
