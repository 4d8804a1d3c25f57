/**
 * The ways a dotted attribute key can be read, in order: `syslog.sd.meta@1.path` is a flat key
 * as OTLP writes them, else a flat head with a path into its nested value (`syslog.sd` then
 * `meta@1`, `path`, as syslog structured data is kept), down to a path from the top (`http`,
 * `status` in {"http": {"status": 500}}). The search (SQL) and the live tail (JS) read alike.
 */
export function keyReadings(key: string): { head: string; path: string[] }[] {
  const parts = key.split(".");
  // Beyond a few dots only the whole key and the full path are tried.
  const heads =
    parts.length <= MAX_SPLIT_PARTS
      ? Array.from({ length: parts.length }, (_, i) => parts.length - i)
      : [parts.length, 1];
  return heads.map((n) => ({ head: parts.slice(0, n).join("."), path: parts.slice(n) }));
}

const MAX_SPLIT_PARTS = 8;
