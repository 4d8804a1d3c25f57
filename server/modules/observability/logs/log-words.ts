/*
 * The words of log text, as search, the live tail and the full-text index all see them: runs of
 * letters, digits and `_`, lower-cased, no stemming, no stop words. "api.example.com" is three
 * words (api, example, com) and a query term written that way matches them as a phrase, the way
 * a search engine's standard analyser treats it.
 *
 * Splitting here instead of in PostgreSQL's text-search parser (`to_tsvector('simple', …)`)
 * means one definition of a word for the stored tsvector (sent ready-made, copy-binary.ts), the
 * query (sent as a tsquery built below) and the live tail: a search matches the same lines on
 * PostgreSQL and PGlite, and the same ones the live tail shows. It also takes ~2 µs a line off
 * the database, which on PGlite is the thread that serves everything (bench/RESULTS.md,
 * 2026-11-28 03:30).
 */

const WORD = /[\p{L}\p{N}_]+/gu;

/** PostgreSQL keeps positions 1..16383 (MAXENTRYPOS − 1) and at most 256 per lexeme. */
const MAX_POSITION = 16_383;
const MAX_POSITIONS_PER_WORD = 256;
/** PostgreSQL refuses a lexeme of 2,048 bytes or more (MAXSTRLEN). */
const MAX_WORD_BYTES = 2047;

/** Whether `text` is all ASCII (then one UTF-16 unit is one UTF-8 byte). */
function isAsciiText(text: string): boolean {
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

/**
 * A tsvector: distinct words; word i has `counts[i]` positions (ascending, 1-based), stored in
 * `positions` right after those of the words before it.
 */
export interface WordIndex {
  words: string[];
  counts: Uint16Array;
  positions: Uint16Array;
  /** Whether every word is ASCII (one byte a character). */
  isAscii: boolean;
  /** The length of its binary form (tsvectorsend). */
  bytes: number;
}

// indexWords runs for every stored line: its working arrays are kept and reused, so a line
// allocates little more than its words. A typical line's few words are told apart by a linear
// search, which costs half what a Map does; longer lines use a new Map (V8's Map.clear costs
// more than a new one).
const LINEAR_SEARCH_TOKENS = 32;
let wordOfToken = new Uint32Array(256);
let starts = new Uint32Array(256);
let next = new Uint32Array(256);
let counts = new Uint16Array(256);
let positions = new Uint16Array(256);

function atLeast<T extends Uint16Array | Uint32Array>(
  array: T,
  size: number,
  make: (n: number) => T,
): T {
  if (array.length >= size) return array;
  let length = array.length;
  while (length < size) length *= 2;
  return make(length);
}
const u16 = (n: number) => new Uint16Array(n);
const u32 = (n: number) => new Uint32Array(n);

/** Past the last position every word shares it. */
const positionOf = (token: number) => Math.min(token + 1, MAX_POSITION);

/** Whether a word holding `taken` positions, the last `last`, takes `position` too. */
function takes(taken: number, last: number, position: number): boolean {
  return taken < MAX_POSITIONS_PER_WORD && (taken === 0 || last !== position);
}

/**
 * The tsvector of a message, as `to_tsvector` would build it from the words above (at most
 * 256 positions a word, none past 16,383, no word of 2,048 bytes or more). The words stay in the
 * order they first occur: PostgreSQL sorts a received tsvector itself, and sorting here cost a
 * quarter of this function (2026-11-28). The result, arrays included, is valid until the next
 * call.
 */
export function indexWords(message: string): WordIndex {
  const tokens = wordsOf(message);
  const words: string[] = [];
  wordOfToken = atLeast(wordOfToken, tokens.length, u32);
  if (tokens.length <= LINEAR_SEARCH_TOKENS) {
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      let w = words.indexOf(token);
      if (w < 0) w = words.push(token) - 1;
      wordOfToken[i] = w;
    }
  } else {
    const seen = new Map<string, number>();
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      let w = seen.get(token);
      if (w === undefined) {
        w = words.push(token) - 1;
        seen.set(token, w);
      }
      wordOfToken[i] = w;
    }
  }
  // Count each word's positions, then lay them out word after word (a counting sort).
  starts = atLeast(starts, words.length, u32);
  next = atLeast(next, words.length, u32);
  counts = atLeast(counts, words.length, u16);
  counts.fill(0, 0, words.length);
  for (let i = 0; i < tokens.length; i++) {
    const w = wordOfToken[i]!;
    if (takes(counts[w]!, next[w]!, positionOf(i))) {
      counts[w]!++;
      next[w] = positionOf(i); // here: the last position taken
    }
  }
  let total = 0;
  for (let w = 0; w < words.length; w++) {
    starts[w] = total;
    next[w] = total; // from here on: where the word's next position goes
    total += counts[w]!;
  }
  positions = atLeast(positions, total, u16);
  for (let i = 0; i < tokens.length; i++) {
    const w = wordOfToken[i]!;
    const at = next[w]!;
    const taken = at - starts[w]!;
    if (takes(taken, taken > 0 ? positions[at - 1]! : 0, positionOf(i))) {
      positions[at] = positionOf(i);
      next[w] = at + 1;
    }
  }
  return withoutLongWords(words);
}

/** The index, less any word PostgreSQL would refuse as too long (rare: a blob in a message). */
function withoutLongWords(words: string[]): WordIndex {
  const isAscii = words.every(isAsciiText);
  let bytes = 4;
  let tooLong = false;
  for (let w = 0; w < words.length; w++) {
    const length = isAscii ? words[w]!.length : Buffer.byteLength(words[w]!);
    if (length > MAX_WORD_BYTES) tooLong = true;
    bytes += length + 3 + 2 * counts[w]!;
  }
  if (!tooLong) return { words, counts, positions, isAscii, bytes };
  // Keep the others, their positions moved up over the dropped words'.
  const kept: string[] = [];
  let to = 0;
  bytes = 4;
  for (let w = 0; w < words.length; w++) {
    const length = Buffer.byteLength(words[w]!);
    if (length > MAX_WORD_BYTES) continue;
    positions.copyWithin(to, starts[w]!, starts[w]! + counts[w]!);
    counts[kept.length] = counts[w]!;
    to += counts[w]!;
    kept.push(words[w]!);
    bytes += length + 3 + 2 * counts[w]!;
  }
  return { words: kept, counts, positions, isAscii, bytes };
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
