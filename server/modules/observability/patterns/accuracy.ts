/**
 * Grouping accuracy as defined by Zhu et al. (ICSE-SEIP 2019, "Tools and Benchmarks for
 * Automated Log Parsing"): a message is parsed correctly iff the set of messages in its predicted
 * group equals the set of messages in its ground-truth group. GA is the share of such messages.
 */
export function groupingAccuracy(predicted: readonly string[], truth: readonly string[]): number {
  if (predicted.length !== truth.length) {
    throw new Error(`${predicted.length} predictions for ${truth.length} labelled messages`);
  }
  if (truth.length === 0) return 1;
  const truthSize = new Map<string, number>();
  for (const label of truth) truthSize.set(label, (truthSize.get(label) ?? 0) + 1);
  // For each predicted group: its size and whether all its messages share one true label.
  const groups = new Map<string, { size: number; label: string; pure: boolean }>();
  for (let i = 0; i < predicted.length; i++) {
    const id = predicted[i] as string;
    const label = truth[i] as string;
    const group = groups.get(id);
    if (!group) groups.set(id, { size: 1, label, pure: true });
    else {
      group.size++;
      if (group.label !== label) group.pure = false;
    }
  }
  let correct = 0;
  for (const group of groups.values()) {
    if (group.pure && truthSize.get(group.label) === group.size) correct += group.size;
  }
  return correct / truth.length;
}
