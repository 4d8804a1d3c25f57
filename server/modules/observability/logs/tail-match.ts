import type { Level } from "./log-line.ts";

/** What a live tail follows: the Logs explorer's filters. */
export interface TailFilter {
  q?: string;
  service?: string;
  level?: Level;
  resourceId?: string;
}

interface Term {
  words: string[];
  isExcluded: boolean;
}

const WORD = /[\p{L}\p{N}_]+/gu;

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/**
 * The query as alternatives of terms, read the way websearch_to_tsquery reads it (what
 * logs.search uses): words must all occur, "quoted phrases" in order, -word excluded, `or`
 * between alternatives.
 */
export function parseTailQuery(q: string): Term[][] {
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

function containsRun(haystack: string[], run: string[]): boolean {
  outer: for (let i = 0; i + run.length <= haystack.length; i++) {
    for (let j = 0; j < run.length; j++) if (haystack[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Whether a message matches a parsed query. Words are compared as the 'simple' text-search
 * configuration compares them (lower-cased, no stemming); PostgreSQL's parser also keeps host
 * names and URLs as one token, so for those the live view may show a line the search would
 * split differently — a live view errs towards showing.
 */
export function matchesTailQuery(alternatives: Term[][], message: string): boolean {
  if (alternatives.length === 0) return true;
  const words = wordsOf(message);
  return alternatives.some((terms) =>
    terms.every((t) => containsRun(words, t.words) !== t.isExcluded),
  );
}
