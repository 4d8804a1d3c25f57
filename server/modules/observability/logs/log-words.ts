/*
 * How log text is split into words, once, in JavaScript: for the stored search vector of every
 * line, for the query logs.search runs against it, and for the live tail's matching. A word is a
 * run of letters, digits and underscores, lower-cased, never stemmed: `GET /api/items/7
 * status=500` is get, api, items, 7, status, 500, so a search for `items` or `status=500` finds
 * it. PostgreSQL's own parser (to_tsvector) did this before; it was the largest single cost of
 * storing a line (about 10 µs of database time a line on PostgreSQL 15, more than the four
 * B-tree indexes together), and it keeps URLs, paths and host names as one word.
 */

export interface Term {
  words: string[];
  isExcluded: boolean;
}

const WORD = /[\p{L}\p{N}_]+/gu;
/** tsvector limits (PostgreSQL ts_type.h): positions up to 16383, 256 of them per word. */
const MAX_POSITION = 16_383;
const MAX_POSITIONS_PER_WORD = 256;
/** A word longer than this may pass 2047 bytes in UTF-8; to_tsvector skips such words too. */
const MAX_WORD_CHARS = 511;

/** The words of a text, lower-cased, in order. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/**
 * A query as alternatives of terms, read the way websearch_to_tsquery reads it: words must all
 * occur, "quoted phrases" (and words that split, like `status=500`) in order, -word excluded,
 * `or` between alternatives.
 */
export function parseLogQuery(q: string): Term[][] {
  const alternatives: Term[][] = [[]];
  for (const m of q.matchAll(/(-?)"([^"]*)"?|(\S+)/g)) {
    const bare = m[3];
    if (bare !== undefined && bare.toLowerCase() === "or") {
      alternatives.push([]);
      continue;
    }
    const isExcluded = m[1] === "-" || (bare?.startsWith("-") ?? false);
    const words = wordsOf(m[2] ?? bare ?? "");
    if (words.length > 0) alternatives.at(-1)!.push({ words, isExcluded });
  }
  return alternatives.filter((terms) => terms.length > 0);
}

/** Words hold only letters, digits and underscores: quoting them needs no escapes. */
const lexeme = (word: string) => `'${word}'`;

/** Word characters among the first 128 char codes: 0-9, A-Z, a-z and the underscore. */
const ASCII_WORD = new Uint8Array(128).map((_, c) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 ? 1 : 0,
);
const NON_ASCII_WORD = /[\p{L}\p{N}]/u;

/** Whether the character at `i` belongs to a word (as WORD reads it), scanning char codes. */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c] === 1;
  // A surrogate pair is tested as one code point, from either half.
  const isLowHalf = c >= 0xdc00 && c <= 0xdfff && i > 0;
  const prev = isLowHalf ? text.charCodeAt(i - 1) : 0;
  const cp = text.codePointAt(prev >= 0xd800 && prev <= 0xdbff ? i - 1 : i)!;
  return NON_ASCII_WORD.test(String.fromCodePoint(cp));
}

/**
 * A message's search vector in tsvector input syntax (`'get':1 'api':2,5`), positions kept for
 * phrase search. Stored as it is; the database does no parsing of its own. It runs for every
 * stored line, so it scans char codes instead of matching a Unicode regex (3–4× faster).
 */
export function tsvectorText(message: string): string {
  const text = message.toLowerCase();
  const positions = new Map<string, number[]>();
  let position = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordChar(text, i)) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && isWordChar(text, i)) i++;
    position = Math.min(position + 1, MAX_POSITION);
    if (i - start > MAX_WORD_CHARS) continue;
    const word = text.slice(start, i);
    const seen = positions.get(word);
    if (!seen) positions.set(word, [position]);
    else if (seen.length < MAX_POSITIONS_PER_WORD && seen.at(-1) !== position) seen.push(position);
  }
  let out = "";
  for (const [word, at] of positions) out += `${out ? " " : ""}${lexeme(word)}:${at.join(",")}`;
  return out;
}

/**
 * The tsquery (input syntax) of a parsed query, or undefined when it has no words (such a
 * search matches nothing). Phrases use `<->`, which needs the positions tsvectorText keeps.
 */
export function tsqueryText(alternatives: Term[][]): string | undefined {
  if (alternatives.length === 0) return undefined;
  return alternatives
    .map((terms) =>
      terms
        .map((t) => {
          const phrase = t.words.map(lexeme).join(" <-> ");
          return t.isExcluded ? `!(${phrase})` : `(${phrase})`;
        })
        .join(" & "),
    )
    .map((alternative) => `(${alternative})`)
    .join(" | ");
}
