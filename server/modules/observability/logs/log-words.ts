/*
 * The words of log text, as search, the live tail and the full-text index all see them: runs of
 * letters, digits and `_`, lower-cased, no stemming, no stop words. "api.example.com" is three
 * words (api, example, com) and a query term written that way matches them as a phrase, the way
 * a search engine's standard analyser treats it.
 *
 * Splitting here instead of in PostgreSQL's text-search parser (`to_tsvector('simple', …)`) is
 * what makes ingest affordable on PGlite: the parser cost ~6.5 µs a line there, half the
 * database's work for a stored line (bench/RESULTS.md, 2026-11-28 03:30). The tsvector goes to
 * the database ready-made (copy-binary.ts) and the query goes as a tsquery built below, so a
 * search matches the same lines on PostgreSQL and PGlite, and the same ones the live tail shows.
 */

const WORD = /[\p{L}\p{N}_]+/gu;

/** PostgreSQL keeps positions 1..16383 (MAXENTRYPOS − 1) and at most 256 per lexeme. */
const MAX_POSITION = 16_383;
const MAX_POSITIONS_PER_WORD = 256;
/** PostgreSQL refuses a lexeme of 2,048 bytes or more (MAXSTRLEN). */
const MAX_WORD_BYTES = 2047;

/** Whether `text` is all ASCII (then one UTF-16 unit is one UTF-8 byte). */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** The words of `text`, in order, lower-cased. */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  let hasUpper = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (c > 127) return text.toLowerCase().match(WORD) ?? [];
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95) {
      if (start < 0) start = i;
    } else if (c >= 65 && c <= 90) {
      if (start < 0) start = i;
      hasUpper = true;
    } else if (start >= 0) {
      const word = text.slice(start, i);
      words.push(hasUpper ? word.toLowerCase() : word);
      start = -1;
      hasUpper = false;
    }
  }
  return words;
}

/** A tsvector: distinct words, each with its ascending positions (1-based). */
export interface WordIndex {
  words: string[];
  positions: number[][];
  /** The length of its binary form (tsvector_send). */
  bytes: number;
}

/**
 * The tsvector of a message, as `to_tsvector` would build it from the words above. The words
 * stay in the order they first occur: PostgreSQL sorts a received tsvector itself, and sorting
 * here cost a quarter of this function (2026-11-28).
 */
export function indexWords(message: string): WordIndex {
  const all = wordsOf(message);
  // A word's only position, or its positions once it repeats (most words occur once).
  const at = new Map<string, number | number[]>();
  for (let i = 0; i < all.length; i++) {
    const word = all[i]!;
    // Past the last position every word shares it; PostgreSQL keeps one.
    const position = Math.min(i + 1, MAX_POSITION);
    const seen = at.get(word);
    if (seen === undefined) at.set(word, position);
    else if (typeof seen === "number") {
      if (seen !== position) at.set(word, [seen, position]);
    } else if (seen.length < MAX_POSITIONS_PER_WORD && seen.at(-1) !== position)
      seen.push(position);
  }
  const words: string[] = [];
  const positions: number[][] = [];
  let bytes = 4;
  for (const [word, seen] of at) {
    const length = isAscii(word) ? word.length : Buffer.byteLength(word);
    if (length > MAX_WORD_BYTES) continue;
    const p = typeof seen === "number" ? [seen] : seen;
    words.push(word);
    positions.push(p);
    bytes += length + 3 + 2 * p.length;
  }
  return { words, positions, bytes };
}

/** One term of a query: words that must occur next to each other, or must not. */
export interface QueryTerm {
  words: string[];
  isExcluded: boolean;
}

/**
 * A search query as alternatives of terms: words must all occur, "quoted phrases" and
 * words joined by punctuation (a.b/c) in order, -word excluded, `or` between alternatives —
 * what websearch_to_tsquery reads, over the words above.
 */
export function parseQuery(q: string): QueryTerm[][] {
  const alternatives: QueryTerm[][] = [[]];
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

/**
 * The query as tsquery text, for `message_tsv @@ $1::tsquery` (the cast takes lexemes as they
 * are, so nothing is parsed again); undefined when it has no words (it then filters nothing,
 * as the live tail does). A query of only exclusions still works: GIN scans for it.
 */
export function toTsquery(alternatives: QueryTerm[][]): string | undefined {
  const phrase = (t: QueryTerm) => {
    const words = t.words.map((w) => `'${w}'`).join(" <-> ");
    if (t.isExcluded) return `!(${words})`;
    return t.words.length > 1 ? `(${words})` : words;
  };
  const text = alternatives
    .map((terms) => {
      const all = terms.map(phrase).join(" & ");
      return alternatives.length > 1 && terms.length > 1 ? `(${all})` : all;
    })
    .join(" | ");
  return text || undefined;
}

function containsRun(haystack: string[], run: string[]): boolean {
  outer: for (let i = 0; i + run.length <= haystack.length; i++) {
    for (let j = 0; j < run.length; j++) if (haystack[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Whether a message matches a parsed query, as the search's tsquery does (for messages of up to
 * 16,383 words, whose every position the tsvector keeps).
 */
export function matchesQuery(alternatives: QueryTerm[][], message: string): boolean {
  if (alternatives.length === 0) return true;
  const words = wordsOf(message);
  return alternatives.some((terms) =>
    terms.every((t) => containsRun(words, t.words) !== t.isExcluded),
  );
}
