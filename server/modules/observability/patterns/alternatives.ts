import { type Alternative, type Cluster, isUnit, isWordLike } from "./cluster.ts";
import { WILDCARD } from "./mask.ts";

/**
 * Alternative words: a `<*>` position of a template that has only held a few plain words
 * (VM Started / Stopped / Paused, "GET / "POST) names different events, each its own variant.
 * It stops being one when it shows a value, too many words, or a word that also varies after
 * the same token in another template: "session opened for user cyrus" and "session closed for
 * user cyrus" show that `cyrus` is an entity's name, a value.
 */

/** Which templates saw a word (after a given token) at an alternative position. */
export type WordHomes = Map<string, Set<string>>;

/**
 * How a token reads as an alternative: itself when word-like, its key when it is a `key=value`
 * with a word key and a value that is not (`topActivity=ComponentInfo{…}` → `topActivity=<*>`).
 */
export function alternativeForm(token: string): string | undefined {
  if (isWordLike(token)) return token;
  const at = token.search(/[=:]/);
  if (at <= 0) return undefined;
  const key = token.slice(0, at + 1);
  return isWordLike(key) ? key + WILDCARD : undefined;
}

function addHome(homes: WordHomes, context: string, word: string, cluster: Cluster) {
  const key = `${context}\u0000${word}`;
  const set = homes.get(key);
  if (set) set.add(cluster.id);
  else homes.set(key, new Set([cluster.id]));
}

/**
 * Opens an alternative where a template held `old` and a message brings `token`; returns the
 * old word's form when it did (both must read as words), undefined when the position is a value.
 */
export function openAlternative(
  cluster: Cluster,
  position: number,
  old: string,
  tokens: string[],
  homes: WordHomes,
): string | undefined {
  const before = alternativeForm(old);
  const now = alternativeForm(tokens[position] as string);
  // Units after a value (`2.86 KB` / `11.1 MB`) go with the value.
  const afterValue = position > 0 && (tokens[position - 1] as string).includes(WILDCARD);
  if (before === undefined || now === undefined || (afterValue && isUnit(old) && isUnit(now))) {
    cluster.alternatives.set(position, null);
    return undefined;
  }
  const context = position > 0 ? (tokens[position - 1] as string) : "";
  const words = new Map([[before, cluster.count]]);
  words.set(now, (words.get(now) ?? 0) + 1);
  cluster.alternatives.set(position, { context, words });
  addHome(homes, context, before, cluster);
  addHome(homes, context, now, cluster);
  return before;
}

/** Records the message's words at alternative positions; too many or a value ends them. */
export function recordAlternatives(
  cluster: Cluster,
  tokens: string[],
  maxWords: number,
  homes: WordHomes,
) {
  for (const [position, alternative] of cluster.alternatives) {
    if (!alternative) continue;
    const form = alternativeForm(tokens[position] as string);
    const seen = form === undefined ? undefined : alternative.words.get(form);
    if (seen !== undefined) alternative.words.set(form as string, seen + 1);
    else if (form === undefined || alternative.words.size >= maxWords) {
      cluster.alternatives.set(position, null);
    } else {
      alternative.words.set(form, 1);
      addHome(homes, alternative.context, form, cluster);
    }
  }
}

function isAlternative(alternative: Alternative | null | undefined, homes: WordHomes): boolean {
  if (!alternative) return false;
  for (const word of alternative.words.keys()) {
    if ((homes.get(`${alternative.context}\u0000${word}`)?.size ?? 0) > 1) return false;
  }
  return true;
}

/** The words at a cluster's alternative positions for this message, or "" when it has none. */
export function variantKey(cluster: Cluster, tokens: string[], homes: WordHomes): string {
  let key = "";
  for (const [position, alternative] of cluster.alternatives) {
    if (!isAlternative(alternative, homes)) continue;
    key += `${position}\u0000${alternativeForm(tokens[position] as string)}\u0001`;
  }
  return key;
}

/** The template's tokens with this message's alternative words filled in. */
export function fillAlternatives(cluster: Cluster, tokens: string[], homes: WordHomes): string[] {
  return cluster.tokens.map((token, i) =>
    isAlternative(cluster.alternatives.get(i), homes)
      ? (alternativeForm(tokens[i] as string) ?? token)
      : token,
  );
}

/** The first word an alternative held: what the messages before it was opened had there. */
export function firstWord(alternative: Alternative | null): string | undefined {
  return alternative?.words.keys().next().value;
}
