import type { Level } from "./log-line.ts";
import { type Term, wordsOf } from "./log-words.ts";

/** What a live tail follows: the Logs explorer's filters. */
export interface TailFilter {
  q?: string;
  service?: string;
  level?: Level;
  resourceId?: string;
}

function containsRun(haystack: string[], run: string[]): boolean {
  outer: for (let i = 0; i + run.length <= haystack.length; i++) {
    for (let j = 0; j < run.length; j++) if (haystack[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Whether a message matches a query parsed by parseLogQuery: the words are split as the stored
 * search vectors are (log-words.ts), so the live view shows what logs.search would find.
 */
export function matchesTailQuery(alternatives: Term[][], message: string): boolean {
  if (alternatives.length === 0) return true;
  const words = wordsOf(message);
  return alternatives.some((terms) =>
    terms.every((t) => containsRun(words, t.words) !== t.isExcluded),
  );
}
