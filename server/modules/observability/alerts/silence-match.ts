/** One line of a silence: a label equal to (or, with isEqual false, different from) a value. */
export interface SilenceMatcher {
  label: string;
  value: string;
  isEqual: boolean;
}

/**
 * True when every matcher holds for the labels (a missing label reads as ""). Pure, so the web
 * app counts what a silence being written would cover exactly as the engine will judge it.
 */
export function matches(
  matchers: readonly SilenceMatcher[],
  labels: Record<string, string>,
): boolean {
  return matchers.every((m) => ((labels[m.label] ?? "") === m.value) === m.isEqual);
}
