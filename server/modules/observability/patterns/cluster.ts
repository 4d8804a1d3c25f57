import { WILDCARD } from "./mask.ts";

/** The words seen at one alternative position, and the token before it when it opened. */
export interface Alternative {
  context: string;
  words: Map<string, number>;
}

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
  alternatives: Map<number, Alternative | null>;
  /** Message counts per alternative (the words at the alternative positions, joined). */
  variants: Map<string, number>;
  /** Id and text per variant key ("" for the template itself), until the template changes. */
  named: Map<string, { templateId: string; template: string }>;
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

/** A literal with no digit and no `<*>` in it: a word the masker kept whole (`boot`, `(run-parts`). */
function isPlainWord(token: string): boolean {
  let letters = 0;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) letters++;
    else if ((code >= 48 && code <= 57) || code === 42) return false; // a digit, or the * of `<*>`
  }
  return letters > 0;
}

/**
 * Share of literal positions where template and message agree. Positions that hold only values
 * and punctuation on both sides (`<*>`, `<*>]`, `-`) say nothing about which event this is. A
 * position where both hold a different plain word (`boot (command <*>)` / `wait (command <*>)`)
 * says the most, so it counts twice: one differing word must be outweighed by two agreeing ones.
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
    } else if (isPlainWord(t) && isPlainWord(m)) considered++;
    considered++;
  }
  return considered === 0 ? 1 : same / considered;
}

export function wildcards(tokens: string[]): number {
  let n = 0;
  for (const token of tokens) if (token === WILDCARD) n++;
  return n;
}

/**
 * What a template says without its values, for merging templates of different lengths. With at
 * least three literal words: those words in order, leaving out values and a short unit right
 * after a value (`KB)`, `sec`), so a value that takes one word here and three there reads the
 * same (`0 bytes sent` / `1190 bytes (1.16 KB) sent`). With fewer words, too little is left to
 * compare: the template with each run of `<*>` tokens read as one.
 */
export function shapeOf(tokens: string[]): string {
  let words = "";
  let count = 0;
  let afterValue = false;
  for (const token of tokens) {
    if (!isLiteral(token) || token.includes(WILDCARD)) {
      afterValue = true;
      continue;
    }
    if (afterValue && isUnit(token)) continue;
    afterValue = false;
    words += ` ${token}`;
    count++;
  }
  if (count >= 3) return `words:${words}`;
  let shape = "runs:";
  let previousWildcard = false;
  for (const token of tokens) {
    const wildcard = token === WILDCARD;
    if (wildcard && previousWildcard) continue;
    shape += ` ${token}`;
    previousWildcard = wildcard;
  }
  return shape;
}

/** A word of at most three letters, maybe with punctuation: a unit such as `KB)` or `sec`. */
export function isUnit(token: string): boolean {
  let letters = 0;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) letters++;
    else if (code >= 48 && code <= 57) return false;
  }
  return letters > 0 && letters <= 3;
}

/**
 * A word that may name an alternative event rather than carry a value: literal text that masking
 * left as a name (`Started`, `"GET`, `(usable)`, `force=true,`, `rhost=`, `uid=<*>`) — at most one
 * digit outside a mask (`bglio716` is an identifier), no path, address or dotted name (host, class).
 */
export function isWordLike(token: string): boolean {
  if (token.length === 0 || token.length > 40) return false;
  let letters = 0;
  let digits = 0;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code === 60 && token.startsWith(WILDCARD, i)) {
      i += WILDCARD.length - 1;
      continue;
    }
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) letters++;
    else if (code >= 48 && code <= 57) {
      if (++digits > 1) return false; // `bglio716` is an identifier; `SOCKS5`, `eth0` names
    } else if (code === 47 || code === 64 || code === 92)
      return false; // / @ \
    else if (code === 46) {
      // `a.b` is a dotted name; a trailing dot or a dot leader (`depth......`) is not.
      const next = token.charCodeAt(i + 1);
      if ((next >= 65 && next <= 90) || (next >= 97 && next <= 122)) return false;
    }
  }
  return letters > 0;
}
