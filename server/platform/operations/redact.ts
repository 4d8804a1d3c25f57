/** Keys whose values never reach the audit log or the logs. */
const SECRET_KEY =
  /pass(word)?|secret|token|api[-_]?key|credential|private|^value$|authorization|cookie/i;
/** Webhook URLs often carry their credential in the path (Slack, Zapier): keep the origin. */
const WEBHOOK_URL_KEY = /webhook[-_]?url/i;
/** Token-shaped strings, caught wherever they appear (gp_ API tokens, gps_ sessions, gpl_ local, gpk_ ingest keys). */
export const TOKEN_PATTERN = /\bgp(?:[lsik]|wh)?_[A-Za-z0-9_-]{16,}/g;
const MAX_STRING = 200;
/** PostgreSQL's jsonb cannot hold U+0000; one in the input must not make the audit write fail. */
const NUL = "\u0000";

/** A copy of an operation's input that is safe to store: secrets replaced, long text cut. */
export function summarizeInput(value: unknown, depth = 0): unknown {
  if (depth > 5) return "[…]";
  if (typeof value === "string") {
    const clean = value.replace(TOKEN_PATTERN, "[redacted]").replaceAll(NUL, "");
    return clean.length > MAX_STRING ? `${clean.slice(0, MAX_STRING)}…` : clean;
  }
  if (Array.isArray(value)) {
    const items = value.slice(0, 20).map((item) => summarizeInput(item, depth + 1));
    return value.length > 20 ? [...items, `… ${value.length - 20} more`] : items;
  }
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key.replaceAll(NUL, "")] = SECRET_KEY.test(key)
        ? "[redacted]"
        : WEBHOOK_URL_KEY.test(key) && typeof item === "string"
          ? originOf(item)
          : summarizeInput(item, depth + 1);
    }
    return out;
  }
  return value;
}

function originOf(url: string): string {
  try {
    return `${new URL(url).origin}/[redacted]`;
  } catch {
    return "[redacted]";
  }
}
