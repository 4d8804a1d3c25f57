import { WILDCARD } from "./mask.ts";

/** One template and what the miner knows about the messages that joined it. */
export interface Cluster {
  id: string;
  tokens: string[];
  count: number;
  /** Set when this template was merged into an older one of the same shape. */
  mergedInto: Cluster | undefined;
  /**
   * Positions that became `<*>` by merging, with the words seen there and how often, while they
   * look like a handful of alternative words (VM Started / Stopped / Paused). `null` once the
   * position showed a value or too many different words: then it is a true variable.
   */
  alternatives: Map<number, Map<string, number> | null>;
  /** Message counts per alternative (the words at the alternative positions, joined). */
  variants: Map<string, number>;
}

export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** Whether a token carries literal text: a letter outside `<*>`. */
function isLiteral(token: string): boolean {
  if (token === WILDCARD) return false;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) {
      // the letters of `<*>` are not letters, so any letter is literal
      return true;
    }
  }
  return false;
}

/**
 * Share of literal positions where template and message agree. Positions that hold only values
 * and punctuation on both sides (`<*>`, `<*>]`, `-`) say nothing about which event this is.
 */
export function similarity(template: string[], tokens: string[]): number {
  let same = 0;
  let considered = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = template[i] as string;
    const m = tokens[i] as string;
    if (t === m) {
      if (!isLiteral(t)) continue;
      same++;
    }
    considered++;
  }
  return considered === 0 ? 1 : same / considered;
}

export function wildcards(tokens: string[]): number {
  let n = 0;
  for (const token of tokens) if (token === WILDCARD) n++;
  return n;
}

/** The template with every run of `<*>` tokens read as one. */
export function shapeOf(tokens: string[]): string {
  let shape = "";
  let previousWildcard = false;
  for (const token of tokens) {
    const wildcard = token === WILDCARD;
    if (wildcard && previousWildcard) continue;
    shape += shape === "" ? token : ` ${token}`;
    previousWildcard = wildcard;
  }
  return shape;
}

/**
 * A word that may name an alternative event rather than carry a value: what masking left as a
 * name (`Started`, `"GET`, `(usable)`, `force=true,`, `SOCKS5`), but no masked value, path,
 * address or dotted name (host, class, file).
 */
export function isWordLike(token: string): boolean {
  if (token.length === 0 || token.length > 40 || token.includes(WILDCARD)) return false;
  let letters = 0;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) letters++;
    else if (code === 47 || code === 64 || code === 92) return false; // / @ \
  }
  if (letters === 0) return false;
  const inner = token.indexOf(".");
  return inner === -1 || inner >= token.length - 2;
}

/** The words at a cluster's alternative positions for this message, or "" when it has none. */
export function variantKey(cluster: Cluster, tokens: string[]): string {
  let key = "";
  for (const [position, words] of cluster.alternatives) {
    if (words) key += `${position}\u0000${tokens[position]}\u0001`;
  }
  return key;
}

/** Records the message's words at alternative positions; too many or a value ends it. */
export function recordAlternatives(cluster: Cluster, tokens: string[], maxWords: number) {
  for (const [position, words] of cluster.alternatives) {
    if (!words) continue;
    const token = tokens[position] as string;
    const seen = words.get(token);
    if (seen !== undefined) words.set(token, seen + 1);
    else if (words.size >= maxWords || !isWordLike(token)) cluster.alternatives.set(position, null);
    else words.set(token, 1);
  }
}
