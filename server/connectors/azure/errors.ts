/** What an Azure SDK error carries: the HTTP answer, whose body has ARM's own error. */
interface SdkError {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { status?: number; bodyAsText?: string | null; body?: unknown };
}

interface ArmErrorBody {
  error?: { code?: string; message?: string } | string;
  error_description?: string;
}

const HINTS: Record<number, string> = {
  401: " Check the tenant, client id and secret.",
  403: " Grant the service principal the Reader role (or the custom role the wizard shows) on the subscription.",
};

/**
 * An SDK error with ARM's (or Entra ID's) own code and message. Some SDK paths replace ARM's message
 * with their own words ("Pagination failed with unexpected statusCode 503") and keep only its
 * code; the status, code and message that remain are what a user can act on, plus a hint for the
 * status (`hints`: what to grant; the reader's by default). Other errors pass unchanged.
 */
export function withArmMessage(error: unknown, hints = HINTS): unknown {
  if (!error || typeof error !== "object") return error;
  const e = error as SdkError;
  const text = e.response?.bodyAsText;
  const status = e.statusCode ?? e.response?.status;
  if (!status) return error;
  let body: ArmErrorBody = {};
  try {
    body = text ? (JSON.parse(text) as ArmErrorBody) : {};
  } catch {
    // Not JSON (a proxy's page): the SDK's code, if any, is all there is.
  }
  // The newer SDKs parse the body and keep only ARM's error code on the error.
  if (!body.error && e.code && e.code !== "REQUEST_SEND_ERROR")
    body = { error: { code: e.code, message: e.message } };
  const detail =
    typeof body.error === "object"
      ? [body.error.code, body.error.message].filter(Boolean).join(": ")
      : [body.error, body.error_description].filter(Boolean).join(": ");
  if (!detail) return error;
  const wrapped = new Error(`Azure answered ${status}: ${detail}.${hints[status] ?? ""}`, {
    cause: error,
  });
  return Object.assign(wrapped, { statusCode: status });
}
