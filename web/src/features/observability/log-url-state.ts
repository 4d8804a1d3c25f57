import { RANGES, type RangeValue } from "./log-range.ts";

/*
 * The log explorer's search lives in its URL, so a search can be linked, bookmarked and gone
 * back to: `/logs?q=timeout&service=api&level=error&range=1h&attr=http.status_code%3D500`.
 * `resource` is an inventory resource's id (the lines attributed to it).
 * `from`/`to` (ISO instants) stand for a fixed period instead of `range`; `attr` repeats, one
 * `key=value` each (the key ends at the first "=").
 */

export const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export type Level = (typeof LEVELS)[number];

export interface LogSearch {
  q: string;
  service: string;
  level: Level | "";
  /** An inventory resource's id, or "". */
  resource: string;
  range: RangeValue;
  /** A fixed period (from a question or a link), instead of the range. */
  period: { from: string; to: string } | null;
  attributes: Record<string, string>;
}

/** Attribute filters a search may have (as logs.search takes). */
export const MAX_ATTRIBUTES = 5;
const SEARCH_KEYS = ["q", "service", "level", "resource", "range", "from", "to", "attr"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readLogSearch(params: URLSearchParams): LogSearch {
  const level = params.get("level") ?? "";
  const resource = params.get("resource") ?? "";
  const from = params.get("from");
  const to = params.get("to");
  const attributes: Record<string, string> = {};
  for (const pair of params.getAll("attr")) {
    const at = pair.indexOf("=");
    if (at <= 0 || Object.keys(attributes).length >= MAX_ATTRIBUTES) continue;
    attributes[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return {
    q: params.get("q")?.trim() ?? "",
    service: params.get("service") ?? "",
    level: (LEVELS as readonly string[]).includes(level) ? (level as Level) : "",
    resource: UUID.test(resource) ? resource : "",
    range: RANGES.find((r) => r.value === params.get("range"))?.value ?? "24h",
    period: from && to && isInstant(from) && isInstant(to) && from < to ? { from, to } : null,
    attributes,
  };
}

/**
 * The URL parameters of a search, the others kept (`pattern`, which the Patterns tab links
 * with). Empty filters and the default range are left out, so a plain explorer is `/logs`.
 */
export function writeLogSearch(params: URLSearchParams, search: LogSearch): URLSearchParams {
  const next = new URLSearchParams();
  for (const [key, value] of params) if (!SEARCH_KEYS.includes(key)) next.append(key, value);
  if (search.q) next.set("q", search.q);
  if (search.service) next.set("service", search.service);
  if (search.level) next.set("level", search.level);
  if (search.resource) next.set("resource", search.resource);
  if (search.period) {
    next.set("from", search.period.from);
    next.set("to", search.period.to);
  } else if (search.range !== "24h") next.set("range", search.range);
  for (const [key, value] of Object.entries(search.attributes))
    next.append("attr", `${key}=${value}`);
  return next;
}

// An instant as logs.search takes it: ISO 8601 with a time and a zone.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function isInstant(text: string): boolean {
  return INSTANT.test(text) && !Number.isNaN(Date.parse(text));
}
